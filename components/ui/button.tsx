import type { ComponentProps } from "react";
import { cn } from "./cn";

const variants = {
  primary: "bg-slate-900 text-white hover:bg-slate-800 disabled:bg-slate-400",
  secondary: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-100 disabled:text-slate-400",
  ghost: "text-slate-700 hover:bg-slate-100",
  danger: "bg-red-700 text-white hover:bg-red-800",
} as const;

const sizes = { sm: "h-8 px-2.5 text-sm", md: "h-9 px-3 text-sm", icon: "h-8 w-8" } as const;

export type ButtonVariant = keyof typeof variants;

export function buttonClasses({ variant = "secondary", size = "md" }: { variant?: ButtonVariant; size?: keyof typeof sizes } = {}) {
  return cn(
    "inline-flex items-center justify-center gap-1.5 rounded-md font-medium whitespace-nowrap transition-colors",
    "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:cursor-not-allowed",
    variants[variant],
    sizes[size],
  );
}

export function Button({
  variant,
  size,
  className,
  type = "button",
  ...props
}: ComponentProps<"button"> & { variant?: ButtonVariant; size?: keyof typeof sizes }) {
  return <button type={type} className={cn(buttonClasses({ variant, size }), className)} {...props} />;
}
