import type { ComponentProps } from "react";
import { cn } from "./cn";
import { controlClasses } from "./control";

export function Input({ className, ...props }: ComponentProps<"input">) {
  return <input className={cn(controlClasses, "w-full px-3 placeholder:text-slate-400", className)} {...props} />;
}
