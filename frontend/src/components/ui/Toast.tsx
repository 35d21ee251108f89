"use client";

import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";

import { cn } from "@/lib/cn";

import { CheckIcon, ErrorIcon, InfoIcon, XIcon } from "./icons";

type Tone = "success" | "error" | "info";

interface ToastInput {
  title: string;
  description?: string;
  tone?: Tone;
  /** One thing to do about it ("View"); doing it closes the toast. */
  action?: { label: string; onAction: () => void };
}

interface ToastItem extends Required<Omit<ToastInput, "description" | "action">> {
  id: number;
  description?: string;
  action?: ToastInput["action"];
}

const ToastContext = createContext<((toast: ToastInput) => void) | null>(null);

const DISMISS_AFTER_MS = 5000;

const toneIcon: Record<Tone, ReactNode> = {
  success: <CheckIcon className="size-4" />,
  error: <ErrorIcon className="size-4" />,
  info: <InfoIcon className="size-4" />,
};

const toneColor: Record<Tone, string> = {
  success: "bg-success-soft text-success",
  error: "bg-danger-soft text-danger",
  info: "bg-primary-soft text-primary-soft-foreground",
};

/**
 * Short confirmations ("Profile saved"). They live in two live regions that exist from the
 * first render, a polite one and an assertive one for errors, so screen readers announce them.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);

  const show = useCallback(
    ({ title, description, tone = "info", action }: ToastInput) => {
      const id = nextId.current++;
      setToasts((all) => [...all.slice(-2), { id, title, description, tone, action }]);
      setTimeout(() => dismiss(id), DISMISS_AFTER_MS);
    },
    [dismiss],
  );

  const render = (items: ToastItem[]) =>
    items.map((toast) => (
      <div
        key={toast.id}
        className="pointer-events-auto flex w-full animate-toast-in items-start gap-3 rounded-2xl border border-border bg-surface-raised p-3.5 pr-2.5 shadow-xl shadow-brand-950/10"
      >
        <span
          className={cn("mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full", toneColor[toast.tone])}
        >
          {toneIcon[toast.tone]}
        </span>
        <div className="min-w-0 flex-1">
          <p className="text-sm font-semibold text-foreground">{toast.title}</p>
          {toast.description ? <p className="mt-0.5 text-sm text-muted">{toast.description}</p> : null}
        </div>
        {toast.action ? (
          <button
            type="button"
            onClick={() => {
              dismiss(toast.id);
              toast.action?.onAction();
            }}
            className="shrink-0 rounded-lg px-2 py-1 text-sm font-semibold text-primary hover:bg-surface-muted"
          >
            {toast.action.label}
          </button>
        ) : null}
        <button
          type="button"
          onClick={() => dismiss(toast.id)}
          aria-label="Dismiss"
          className="rounded-lg p-1 text-subtle hover:bg-surface-muted hover:text-foreground"
        >
          <XIcon className="size-4" />
        </button>
      </div>
    ));

  const value = useMemo(() => show, [show]);
  const region =
    "pointer-events-none fixed inset-x-0 bottom-[var(--toast-offset,0px)] z-50 flex flex-col items-center gap-2 p-4 sm:items-end sm:p-6";

  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className={region}>
        <div aria-live="polite" className="flex w-full max-w-sm flex-col gap-2">
          {render(toasts.filter((t) => t.tone !== "error"))}
        </div>
        <div aria-live="assertive" className="flex w-full max-w-sm flex-col gap-2">
          {render(toasts.filter((t) => t.tone === "error"))}
        </div>
      </div>
    </ToastContext.Provider>
  );
}

export function useToast() {
  const toast = useContext(ToastContext);
  if (!toast) throw new Error("useToast needs a <ToastProvider> above it.");
  return toast;
}
