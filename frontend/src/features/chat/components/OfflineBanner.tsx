"use client";

import { Spinner } from "@/components/ui";
import { useAppSelector } from "@/lib/hooks";
import { selectRealtimeStatus } from "@/lib/ws";

/** While the live connection is down: say so, and that what is sent meanwhile is not lost. */
export function OfflineBanner() {
  const status = useAppSelector(selectRealtimeStatus);
  const offline = status === "waiting";
  return (
    <div role="status" className="empty:hidden">
      {offline ? (
        <p className="flex items-center justify-center gap-2 bg-warning-soft px-4 py-2 text-center text-sm font-medium text-warning-foreground">
          <Spinner size="sm" />
          You&apos;re offline. Reconnecting… Messages you send will go when you&apos;re back.
        </p>
      ) : null}
    </div>
  );
}
