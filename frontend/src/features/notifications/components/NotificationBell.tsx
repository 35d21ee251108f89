"use client";

import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";

import { BellIcon, Button, Spinner } from "@/components/ui";
import { countLabel } from "@/features/friends";
import { cn } from "@/lib/cn";

import { useMarkAllNotificationsReadMutation, useNotificationsInfiniteQuery } from "../api";
import { useUnreadNotificationCount } from "../hooks/useUnreadNotificationCount";
import { useUnreadTitle } from "../hooks/useUnreadTitle";
import { NOTIFICATIONS_PATH } from "../paths";
import { NotificationItem } from "./NotificationItem";

const SHOWN = 8;

/**
 * The bell in the top bar: its badge counts what you have not seen (also in the tab's title);
 * it opens the newest notifications, to read them all or go to the full page.
 */
export function NotificationBell() {
  const count = useUnreadNotificationCount();
  useUnreadTitle(count);
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    panelRef.current?.focus();
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!panelRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  };
  const label = count > 0 ? `Notifications, ${countLabel(count)} unread` : "Notifications";

  return (
    <div className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((was) => !was)}
        className="relative grid size-10 place-items-center rounded-full text-muted transition-colors hover:bg-surface-muted hover:text-foreground"
      >
        <BellIcon className="size-5" />
        {count > 0 ? (
          <span
            aria-hidden="true"
            className="absolute -top-0.5 -right-0.5 min-w-5 rounded-full bg-coral-500 px-1.5 py-px text-center text-[0.6875rem] leading-4 font-bold text-[#1a0b05] tabular-nums"
          >
            {countLabel(count)}
          </span>
        ) : null}
      </button>
      {open ? (
        <div
          ref={panelRef}
          id={panelId}
          role="dialog"
          aria-label="Notifications"
          tabIndex={-1}
          onKeyDown={(event) => {
            if (event.key === "Escape") {
              event.preventDefault();
              close(true);
            }
          }}
          className="fixed inset-x-2 top-16 z-40 max-h-[calc(100dvh-5rem)] overflow-y-auto rounded-2xl border border-border bg-surface-raised shadow-xl focus:outline-none sm:absolute sm:inset-x-auto sm:top-12 sm:right-0 sm:w-96"
        >
          <RecentNotifications unread={count} onOpen={() => close(false)} />
        </div>
      ) : null}
    </div>
  );
}

function RecentNotifications({ unread, onOpen }: { unread: number; onOpen: () => void }) {
  // Opening the panel asks again: declined and withdrawn requests send no event.
  const { data, isLoading, isError, refetch } = useNotificationsInfiniteQuery(
    { unreadOnly: false },
    { refetchOnMountOrArgChange: true },
  );
  const [markAll] = useMarkAllNotificationsReadMutation();
  const items = (data?.pages ?? []).flatMap((page) => page.items).slice(0, SHOWN);
  return (
    <>
      <div className="flex items-center justify-between gap-2 border-b border-border px-4 py-3">
        <h2 className="font-semibold text-foreground">Notifications</h2>
        <Button variant="ghost" size="sm" disabled={unread === 0} onClick={() => void markAll()}>
          Mark all read
        </Button>
      </div>
      <div className="p-2">
        {isLoading ? (
          <div className="grid place-items-center py-8">
            <Spinner />
          </div>
        ) : isError ? (
          <p className="px-3 py-6 text-center text-sm text-muted">
            Could not load your notifications.{" "}
            <button type="button" className="font-semibold text-primary underline" onClick={() => void refetch()}>
              Try again
            </button>
          </p>
        ) : items.length === 0 ? (
          <p className="px-3 py-8 text-center text-sm text-muted">
            Nothing new. Friend requests and messages show here.
          </p>
        ) : (
          <ul className="flex flex-col gap-1">
            {items.map((notification) => (
              <li key={notification.id}>
                <NotificationItem notification={notification} onOpen={onOpen} />
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="border-t border-border p-2">
        <Link
          href={NOTIFICATIONS_PATH}
          onClick={onOpen}
          className={cn(
            "block rounded-xl px-3 py-2 text-center text-sm font-semibold text-primary hover:bg-surface-muted",
          )}
        >
          See all notifications
        </Link>
      </div>
    </>
  );
}
