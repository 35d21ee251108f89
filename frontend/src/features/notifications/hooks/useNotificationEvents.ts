"use client";

import { useRouter } from "next/navigation";
import { useCallback, useRef } from "react";

import { useToast } from "@/components/ui";
import { selectActiveConversationId } from "@/features/chat";
import { profileApi } from "@/features/profile";
import { useAppStore } from "@/lib/hooks";
import type { RealtimeStatus, ServerEvent } from "@/lib/ws";

import { COUNT_TAG, LIST_TAG, notificationsApi } from "../api";
import { showBrowserAlert } from "../browser-alerts";
import { conversationRead, receiveNotification } from "../cache";
import { notificationPath, notificationText } from "../describe";
import { selectGroupName } from "./useGroupName";
import type { Notification } from "../types";

/** A burst of messages in one chat makes one toast, not one per message. */
const TOAST_AGAIN_AFTER_MS = 10_000;

/**
 * The socket's side of notifications, for the shell to hand to the connection: each
 * `notification.new` patches the cache, and is told as a toast (or a system notification
 * while the tab is hidden, when the student switched those on) unless it is about the chat
 * on screen; your own `read` events may have read one; a reconnect asks for all again.
 */
export function useNotificationEvents(): {
  onEvent: (event: ServerEvent) => void;
  onStatus: (status: RealtimeStatus) => void;
} {
  const store = useAppStore();
  const toast = useToast();
  const router = useRouter();
  const toldAt = useRef(new Map<string, number>());

  /** As a click on it in the list: read, and there. */
  const open = useCallback(
    (notification: Notification) => {
      void store.dispatch(notificationsApi.endpoints.markNotificationRead.initiate(notification));
      router.push(notificationPath(notification));
    },
    [store, router],
  );

  const tell = useCallback(
    (notification: Notification) => {
      const active = selectActiveConversationId(store.getState());
      if (notification.type === "new_message" && notification.data.conversation_id === active) return;
      const now = Date.now();
      if (now - (toldAt.current.get(notification.id) ?? -Infinity) < TOAST_AGAIN_AFTER_MS) return;
      toldAt.current.set(notification.id, now);
      const text = notificationText(notification, selectGroupName(store.getState(), notification));
      if (typeof document !== "undefined" && document.visibilityState === "hidden") {
        showBrowserAlert(text, {
          tag: notification.id,
          icon: notification.actor.avatar_url,
          onClick: () => open(notification),
        });
      } else {
        toast({ title: text, tone: "info", action: { label: "View", onAction: () => open(notification) } });
      }
    },
    [store, toast, open],
  );

  const onEvent = useCallback(
    (event: ServerEvent) => {
      if (event.type === "notification.new") {
        const notification = event.notification as Notification;
        receiveNotification(store, notification);
        tell(notification);
      } else if (event.type === "read") {
        const me = profileApi.endpoints.getMe.select()(store.getState()).data?.id;
        if (event.user_id === me) conversationRead(store, event.conversation_id as string);
      }
    },
    [store, tell],
  );

  const onStatus = useCallback(
    (status: RealtimeStatus) => {
      if (status === "open") store.dispatch(notificationsApi.util.invalidateTags([COUNT_TAG, LIST_TAG]));
    },
    [store],
  );

  return { onEvent, onStatus };
}
