"use client";

import { X } from "lucide-react";
import { Dialog } from "radix-ui";
import type { ReactNode } from "react";

/** Title, optional description and the close button, for any Radix Dialog (modal or side sheet). */
export function DialogHeader({ title, description, closeLabel }: { title: ReactNode; description?: ReactNode; closeLabel: string }) {
  return (
    <div className="flex items-start justify-between gap-4 border-b border-slate-200 px-5 py-4">
      <div className="min-w-0">
        <Dialog.Title className="text-lg font-semibold">{title}</Dialog.Title>
        {description ? <Dialog.Description className="text-sm text-slate-500">{description}</Dialog.Description> : null}
      </div>
      <Dialog.Close
        className="rounded-md p-1.5 text-slate-500 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-600"
        aria-label={closeLabel}
      >
        <X className="size-4" aria-hidden />
      </Dialog.Close>
    </div>
  );
}
