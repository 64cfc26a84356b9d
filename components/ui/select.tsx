import type { ComponentProps } from "react";
import { cn } from "./cn";
import { controlClasses } from "./control";

/** A native select in the shared control style (keyboard and screen readers work as usual). */
export function Select({ className, ...props }: ComponentProps<"select">) {
  return <select className={cn(controlClasses, "px-2.5", className)} {...props} />;
}
