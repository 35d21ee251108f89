import type { ReactNode } from "react";

import { cn } from "@/lib/cn";

import { CheckIcon, ErrorIcon, InfoIcon } from "./icons";

type Tone = "info" | "success" | "warning" | "danger";

const tones: Record<Tone, string> = {
  info: "border-brand-200/70 bg-primary-soft text-primary-soft-foreground dark:border-brand-800/60",
  success: "border-success/25 bg-success-soft text-success",
  warning: "border-warning-foreground/20 bg-warning-soft text-warning-foreground",
  danger: "border-danger/25 bg-danger-soft text-danger",
};

const icons: Record<Tone, ReactNode> = {
  info: <InfoIcon className="size-5 shrink-0" />,
  success: <CheckIcon className="size-5 shrink-0" />,
  warning: <InfoIcon className="size-5 shrink-0" />,
  danger: <ErrorIcon className="size-5 shrink-0" />,
};

interface AlertProps {
  tone?: Tone;
  title?: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
  className?: string;
  /** `alert` interrupts the screen reader (errors after a submit); `status` waits its turn. */
  role?: "alert" | "status";
}

export function Alert({ tone = "info", title, children, action, className, role }: AlertProps) {
  return (
    <div
      role={role}
      className={cn("flex items-start gap-3 rounded-xl border px-4 py-3 text-sm", tones[tone], className)}
    >
      <span className="mt-px">{icons[tone]}</span>
      <div className="min-w-0 flex-1 space-y-0.5">
        {title ? <p className="font-semibold">{title}</p> : null}
        {children ? <div className="leading-relaxed">{children}</div> : null}
      </div>
      {action ? <div className="shrink-0 self-center">{action}</div> : null}
    </div>
  );
}
