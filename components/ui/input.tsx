import type { ComponentProps } from "react";
import { cn } from "./cn";

export function Input({ className, ...props }: ComponentProps<"input">) {
  return (
    <input
      className={cn(
        "h-9 w-full rounded-md border border-slate-300 bg-white px-3 text-sm placeholder:text-slate-400",
        "focus-visible:border-sky-600 focus-visible:outline-2 focus-visible:outline-sky-600/30",
        className,
      )}
      {...props}
    />
  );
}
