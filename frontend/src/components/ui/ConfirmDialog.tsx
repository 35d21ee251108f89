"use client";

import { useEffect, useRef, type ReactNode } from "react";

import { Button } from "./Button";
import { Dialog } from "./Dialog";

interface ConfirmDialogProps {
  open: boolean;
  onClose: () => void;
  onConfirm: () => void;
  title: ReactNode;
  description: ReactNode;
  /** Says what pressing it does: "Unfriend", "Block". */
  confirmLabel: string;
  tone?: "danger" | "primary";
  busy?: boolean;
}

/**
 * Asks before something that cannot be taken back. Cancel comes first and takes the focus
 * when the dialog opens, so a stray Enter never confirms.
 */
export function ConfirmDialog({
  open,
  onClose,
  onConfirm,
  title,
  description,
  confirmLabel,
  tone = "danger",
  busy = false,
}: ConfirmDialogProps) {
  const cancel = useRef<HTMLButtonElement>(null);
  // After the Dialog's own effect has opened it (children's effects run first).
  useEffect(() => {
    if (open) cancel.current?.focus();
  }, [open]);
  return (
    <Dialog open={open} onClose={onClose} title={title} description={description}>
      <div className="mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button ref={cancel} variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button variant={tone === "danger" ? "destructive" : "primary"} onClick={onConfirm} loading={busy}>
          {confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
