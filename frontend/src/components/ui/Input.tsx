import type { ComponentProps } from "react";

import { cn } from "@/lib/cn";

export const controlClasses =
  "w-full rounded-xl border border-border-strong bg-surface text-[0.9375rem] text-foreground " +
  "placeholder:text-subtle transition-[border-color,box-shadow] duration-150 " +
  "hover:border-subtle focus:border-primary focus:outline-none focus:ring-4 focus:ring-primary/20 " +
  "aria-invalid:border-danger aria-invalid:focus:ring-danger/20 " +
  "disabled:cursor-not-allowed disabled:bg-surface-muted disabled:text-muted";

export function Input({ className, ...props }: ComponentProps<"input">) {
  return <input className={cn(controlClasses, "h-11 px-3.5", className)} {...props} />;
}

export function Textarea({ className, ...props }: ComponentProps<"textarea">) {
  return <textarea className={cn(controlClasses, "min-h-28 px-3.5 py-2.5 leading-relaxed", className)} {...props} />;
}
