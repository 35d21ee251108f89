"use client";

import { useState } from "react";

import { BellIcon, Button, EmptyState, LoadError, Spinner } from "@/components/ui";
import { LoadMore } from "@/features/friends";

import { useMarkAllNotificationsReadMutation, useNotificationsInfiniteQuery } from "../api";
import { dayLabel } from "../describe";
import { useUnreadNotificationCount } from "../hooks/useUnreadNotificationCount";
import type { Notification } from "../types";
import { BrowserAlertsToggle } from "./BrowserAlertsToggle";
import { NotificationItem } from "./NotificationItem";

/** Notifications by day, newest first: "Today", "Yesterday", then dates. */
function byDay(items: Notification[]): Array<{ day: string; items: Notification[] }> {
  const groups: Array<{ day: string; items: Notification[] }> = [];
  for (const item of items) {
    const day = dayLabel(item.updated_at);
    const last = groups.at(-1);
    if (last?.day === day) last.items.push(item);
    else groups.push({ day, items: [item] });
  }
  return groups;
}

/** Everything Quad told you, with "Unread only", "Mark all read" and the browser switch. */
export function NotificationsScreen() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const unread = useUnreadNotificationCount();
  const list = useNotificationsInfiniteQuery({ unreadOnly }, { refetchOnMountOrArgChange: true });
  const [markAll] = useMarkAllNotificationsReadMutation();
  const items = (list.data?.pages ?? []).flatMap((page) => page.items);

  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold text-foreground">Notifications</h1>
          <p className="mt-1 text-sm text-muted">{unread > 0 ? `${unread} unread` : "You are all caught up."}</p>
        </div>
        <div className="flex gap-2">
          <Button variant="secondary" size="sm" aria-pressed={unreadOnly} onClick={() => setUnreadOnly((was) => !was)}>
            Unread only
          </Button>
          <Button variant="soft" size="sm" disabled={unread === 0} onClick={() => void markAll()}>
            Mark all read
          </Button>
        </div>
      </div>

      {list.isLoading ? (
        <div className="grid place-items-center py-16">
          <Spinner />
        </div>
      ) : list.isError ? (
        <LoadError title="Could not load your notifications" error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<BellIcon className="size-6" />}
          title={unreadOnly ? "No unread notifications" : "No notifications yet"}
          description="Friend requests, accepted requests and new messages show here."
        />
      ) : (
        <div className="flex flex-col gap-6">
          {byDay(items).map((group) => (
            <section key={group.day} aria-label={group.day}>
              <h2 className="mb-2 px-3 text-xs font-semibold tracking-wide text-muted uppercase">{group.day}</h2>
              <ul className="flex flex-col gap-1 rounded-2xl border border-border bg-surface p-2">
                {group.items.map((notification) => (
                  <li key={notification.id}>
                    <NotificationItem notification={notification} />
                  </li>
                ))}
              </ul>
            </section>
          ))}
          <LoadMore
            hasMore={list.hasNextPage}
            loading={list.isFetchingNextPage}
            onLoad={() => void list.fetchNextPage()}
          >
            Show older notifications
          </LoadMore>
        </div>
      )}

      <section aria-label="Settings">
        <h2 className="mb-2 text-sm font-semibold text-foreground">Settings</h2>
        <BrowserAlertsToggle />
      </section>
    </div>
  );
}
