import type { ComponentProps } from "react";

import { cn } from "@/lib/cn";

/** A surface for one thing: a form, a profile, a notice. */
export function Card({ className, ...props }: ComponentProps<"div">) {
  return (
    <div
      className={cn(
        "rounded-2xl border border-border bg-surface shadow-[0_1px_2px_rgb(20_16_60/0.04),0_8px_24px_-12px_rgb(20_16_60/0.12)]",
        className,
      )}
      {...props}
    />
  );
}
