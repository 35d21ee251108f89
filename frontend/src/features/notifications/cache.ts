import type { ThunkDispatch, UnknownAction } from "@reduxjs/toolkit";

import { COUNT_TAG, LIST_TAG, notificationsApi } from "./api";
import type { Notification } from "./types";

/**
 * Edits of the notifications' RTK Query cache, shared by the mutations (optimistic updates)
 * and the socket's events. Each is idempotent: an event may arrive twice.
 */

// As RTK Query's lifecycle hands it over.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CacheDispatch = ThunkDispatch<any, unknown, UnknownAction>;

export interface CacheAccess {
  dispatch: CacheDispatch;
  getState: () => unknown;
}

const LISTS = [{ unreadOnly: false }, { unreadOnly: true }] as const;

/** Rewrites every cached notification of both lists; returns the patches (to undo them). */
export function patchEveryList(dispatch: CacheDispatch, change: (item: Notification) => Notification) {
  return LISTS.map((args) =>
    dispatch(
      notificationsApi.util.updateQueryData("notifications", args, (draft) => {
        for (const page of draft.pages) page.items = page.items.map(change);
      }),
    ),
  );
}

export function patchCount(dispatch: CacheDispatch, change: (count: number) => number) {
  return dispatch(
    notificationsApi.util.updateQueryData("unreadNotificationCount", undefined, (draft) => {
      draft.count = Math.max(change(draft.count), 0);
    }),
  );
}

/** Every notification the cache holds, of both lists. */
export function cachedNotifications(store: CacheAccess): Notification[] {
  const state = store.getState() as Parameters<ReturnType<typeof notificationsApi.endpoints.notifications.select>>[0];
  return LISTS.flatMap((args) =>
    (notificationsApi.endpoints.notifications.select(args)(state).data?.pages ?? []).flatMap((page) => page.items),
  );
}

/**
 * `notification.new`: a new notification, or an unread `new_message` counting one more (same
 * id). It goes to the top of each list holding it; the count rises unless it was unread here.
 */
export function receiveNotification(store: CacheAccess, notification: Notification): void {
  const wasUnread = cachedNotifications(store).some((item) => item.id === notification.id && !item.read);
  for (const args of LISTS) {
    store.dispatch(
      notificationsApi.util.updateQueryData("notifications", args, (draft) => {
        for (const page of draft.pages) page.items = page.items.filter((item) => item.id !== notification.id);
        draft.pages[0]?.items.unshift(notification);
      }),
    );
  }
  if (!wasUnread) patchCount(store.dispatch, (count) => count + 1);
}

/**
 * Your own `read` of a conversation (from any tab): the server has read its `new_message`
 * notification if the read reached the newest message it counts, which only the server
 * knows. When the cache holds one unread, the count and lists are asked for again.
 */
export function conversationRead(store: CacheAccess, conversationId: string): void {
  const unread = cachedNotifications(store).some(
    (item) => item.type === "new_message" && !item.read && item.data.conversation_id === conversationId,
  );
  if (unread) store.dispatch(notificationsApi.util.invalidateTags([COUNT_TAG, LIST_TAG]));
}
