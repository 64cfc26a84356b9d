"use client";

import type { ReactNode } from "react";
import { Sheet } from "@/components/ui/sheet";
import { useCommunicationsParams } from "./use-communications-params";

/** Open while `?open=` is set; closing (Escape, ✕, click outside) removes it from the URL. */
export function DetailSheet({ title, children }: { title: string; children: ReactNode }) {
  const { params, setParams } = useCommunicationsParams();
  return (
    <Sheet open={Boolean(params.open)} onOpenChange={(open) => !open && setParams({ open: null })} title={title}>
      {children}
    </Sheet>
  );
}
