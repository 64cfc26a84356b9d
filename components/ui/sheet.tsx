"use client";

import { useTranslations } from "next-intl";
import { Dialog } from "radix-ui";
import type { ReactNode } from "react";
import { cn } from "./cn";
import { DialogHeader } from "./dialog-header";

/** A side panel (Radix Dialog): focus is trapped inside, Escape and the close button close it. */
export function Sheet({
  open,
  onOpenChange,
  title,
  description,
  children,
  className,
  closeLabel,
  onCloseAutoFocus,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  className?: string;
  closeLabel?: string;
  /** Where focus goes on close, when the opener was not a focused trigger (a URL-opened sheet). */
  onCloseAutoFocus?: (event: Event) => void;
}) {
  const t = useTranslations("common");
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/30" />
        <Dialog.Content
          onCloseAutoFocus={onCloseAutoFocus}
          className={cn(
            "fixed inset-y-0 right-0 z-50 flex w-full max-w-2xl flex-col border-l border-slate-200 bg-white shadow-xl outline-none",
            className,
          )}
        >
          <DialogHeader title={title} description={description} closeLabel={closeLabel ?? t("closeDetails")} />
          <div className="min-h-0 flex-1 overflow-y-auto px-5 py-4">{children}</div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
