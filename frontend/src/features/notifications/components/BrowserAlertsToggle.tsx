"use client";

import { useId, useState } from "react";

import { cn } from "@/lib/cn";

import { browserAlertsState, setBrowserAlerts, type BrowserAlertsState } from "../browser-alerts";

const explain: Record<BrowserAlertsState, string> = {
  unsupported: "This browser cannot show system notifications.",
  denied: "Your browser blocks notifications from Quad: allow them in the site's settings, then switch this on.",
  off: "Get a system notification for new messages and requests while Quad is in a background tab.",
  on: "You get a system notification for new messages and requests while Quad is in a background tab.",
};

/** The opt-in switch for system notifications while the tab is hidden. */
export function BrowserAlertsToggle() {
  // Signed-in pages render in the browser only: the browser's answer is there from the start.
  const [state, setState] = useState<BrowserAlertsState>(browserAlertsState);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const on = state === "on";
  const blocked = state === "unsupported" || state === "denied";
  return (
    <div className="flex items-start justify-between gap-4 rounded-2xl border border-border bg-surface p-4">
      <div className="min-w-0">
        <p id={`${id}-label`} className="font-semibold text-foreground">
          Browser notifications
        </p>
        <p id={`${id}-help`} className="mt-1 text-sm text-muted">
          {explain[state]}
        </p>
      </div>
      <button
        type="button"
        role="switch"
        aria-checked={on}
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-help`}
        disabled={blocked || busy}
        onClick={async () => {
          setBusy(true);
          setState(await setBrowserAlerts(!on));
          setBusy(false);
        }}
        className={cn(
          "relative mt-1 h-7 w-12 shrink-0 rounded-full transition-colors disabled:opacity-50",
          on ? "bg-primary" : "bg-border-strong",
        )}
      >
        <span
          aria-hidden="true"
          className={cn(
            "absolute top-1 left-1 size-5 rounded-full bg-white shadow transition-transform",
            on && "translate-x-5",
          )}
        />
      </button>
    </div>
  );
}
