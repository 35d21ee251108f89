"use client";

import { useRouter } from "next/navigation";

import { Avatar } from "@/components/ui";
import { fullName } from "@/features/friends";
import { cn } from "@/lib/cn";
import { timeAgo } from "@/lib/time";

import { useMarkNotificationReadMutation } from "../api";
import { notificationPath, notificationText } from "../describe";
import { useGroupName } from "../hooks/useGroupName";
import type { Notification } from "../types";

/** One notification: who, what, when. A click reads it and goes where it points. */
export function NotificationItem({ notification, onOpen }: { notification: Notification; onOpen?: () => void }) {
  const router = useRouter();
  const [markRead] = useMarkNotificationReadMutation();
  const text = notificationText(notification, useGroupName(notification));
  const open = () => {
    void markRead(notification);
    onOpen?.();
    router.push(notificationPath(notification));
  };
  return (
    <button
      type="button"
      onClick={open}
      className={cn(
        "flex w-full items-start gap-3 rounded-xl px-3 py-3 text-left transition-colors hover:bg-surface-muted focus-visible:bg-surface-muted",
        !notification.read && "bg-primary-soft/40",
      )}
    >
      <Avatar name={fullName(notification.actor)} src={notification.actor.avatar_url} size="sm" />
      <span className="min-w-0 flex-1">
        <span className={cn("block text-sm text-foreground", !notification.read && "font-semibold")}>{text}</span>
        <span className="mt-0.5 block text-xs text-muted">
          <time dateTime={notification.updated_at}>{timeAgo(notification.updated_at)}</time>
        </span>
      </span>
      {notification.read ? null : (
        <span className="mt-1.5 size-2.5 shrink-0 rounded-full bg-primary" aria-label="Unread" role="img" />
      )}
    </button>
  );
}
