"use client";

import { type ReactNode, useEffect, useRef } from "react";
import { Sheet } from "@/components/ui/sheet";
import { useCommunicationsParams } from "./use-communications-params";

/** Open while `?open=` is set; closing (Escape, ✕, click outside) removes it from the URL. */
export function DetailSheet({ title, children }: { title: string; children: ReactNode }) {
  const { params, setParams } = useCommunicationsParams();
  // The sheet opens from the URL, not from a trigger Radix knows (a click on a table row
  // leaves focus on the page body): on close, focus goes back to the row's open button.
  const openedId = useRef<string | null>(null);
  useEffect(() => {
    if (params.open) openedId.current = params.open;
  }, [params.open]);
  const returnFocus = (event: Event) => {
    const opener = openedId.current ? document.querySelector<HTMLElement>(`[data-opens-row="${CSS.escape(openedId.current)}"]`) : null;
    if (!opener) return;
    event.preventDefault();
    opener.focus();
  };
  return (
    <Sheet
      open={Boolean(params.open)}
      onOpenChange={(open) => !open && setParams({ open: null })}
      title={title}
      onCloseAutoFocus={returnFocus}
    >
      {children}
    </Sheet>
  );
}
