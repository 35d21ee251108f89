import { useId, type ReactNode } from "react";

import { cn } from "@/lib/cn";

import { ErrorIcon } from "./icons";

export interface ControlProps {
  id: string;
  "aria-invalid": boolean;
  "aria-describedby": string | undefined;
}

interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  optional?: boolean;
  /** Shown at the end of the label row ("Forgot password?"). */
  labelAction?: ReactNode;
  id?: string;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}

/**
 * A label, a control, a hint and an error, wired together for assistive technology: the
 * control is described by the hint and the error, and the error is a polite live region so
 * it is read as it appears.
 */
export function Field({ label, hint, error, optional, labelAction, id, className, children }: FieldProps) {
  const generated = useId();
  const controlId = id ?? `field${generated}`;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = `${controlId}-error`;
  const describedBy = [hintId, error ? errorId : undefined].filter(Boolean).join(" ") || undefined;

  return (
    <div className={className}>
      <div className="mb-1.5 flex items-baseline justify-between gap-3">
        <label htmlFor={controlId} className="text-sm font-medium text-foreground">
          {label}
          {optional ? <span className="font-normal text-subtle"> (optional)</span> : null}
        </label>
        {labelAction}
      </div>
      {children({ id: controlId, "aria-invalid": Boolean(error), "aria-describedby": describedBy })}
      {hint ? (
        <p id={hintId} className="mt-1.5 text-sm text-muted">
          {hint}
        </p>
      ) : null}
      <p
        id={errorId}
        aria-live="polite"
        className={cn("flex items-start gap-1.5 text-sm font-medium text-danger", error && "mt-1.5")}
      >
        {error ? (
          <>
            <ErrorIcon className="mt-0.5 size-4 shrink-0" />
            <span>{error}</span>
          </>
        ) : null}
      </p>
    </div>
  );
}
