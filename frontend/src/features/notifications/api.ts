import { api } from "@/lib/api-base";

import { patchCount, patchEveryList } from "./cache";

import type { Notification, NotificationPage, UnreadCount } from "./types";

export const NOTIFICATIONS_PAGE_SIZE = 20;

const notificationsBase = api.enhanceEndpoints({ addTagTypes: ["Notification"] });

export const COUNT_TAG = { type: "Notification" as const, id: "COUNT" };
export const LIST_TAG = { type: "Notification" as const, id: "LIST" };

/** Which list: every notification, or the unread ones only. */
export interface NotificationListArgs {
  unreadOnly: boolean;
}

export const notificationsApi = notificationsBase.injectEndpoints({
  endpoints: (build) => ({
    /** The student's notifications, newest first (`updated_at`), by pages. */
    notifications: build.infiniteQuery<NotificationPage, NotificationListArgs, string | null>({
      infiniteQueryOptions: {
        initialPageParam: null,
        getNextPageParam: (last) => last.next_cursor ?? undefined,
      },
      query: ({ queryArg, pageParam }) => ({
        url: "/notifications",
        params: {
          limit: NOTIFICATIONS_PAGE_SIZE,
          ...(queryArg.unreadOnly ? { unread_only: true } : {}),
          ...(pageParam ? { cursor: pageParam } : {}),
        },
      }),
      providesTags: [LIST_TAG],
    }),

    unreadNotificationCount: build.query<UnreadCount, void>({
      query: () => "/notifications/unread-count",
      providesTags: [COUNT_TAG],
    }),

    markNotificationRead: build.mutation<void, Notification>({
      query: (notification) => ({ url: `/notifications/${notification.id}/read`, method: "POST" }),
      async onQueryStarted(notification, { dispatch, queryFulfilled }) {
        if (notification.read) return;
        const undo = [
          ...patchEveryList(dispatch, (item) => (item.id === notification.id ? { ...item, read: true } : item)),
          patchCount(dispatch, (count) => count - 1),
        ];
        try {
          await queryFulfilled;
        } catch {
          for (const patch of undo) patch.undo();
        }
      },
    }),

    markAllNotificationsRead: build.mutation<void, void>({
      query: () => ({ url: "/notifications/read-all", method: "POST" }),
      async onQueryStarted(_, { dispatch, queryFulfilled }) {
        const undo = [...patchEveryList(dispatch, (item) => ({ ...item, read: true })), patchCount(dispatch, () => 0)];
        try {
          await queryFulfilled;
        } catch {
          for (const patch of undo) patch.undo();
        }
      },
    }),
  }),
});

export const {
  useNotificationsInfiniteQuery,
  useUnreadNotificationCountQuery,
  useMarkNotificationReadMutation,
  useMarkAllNotificationsReadMutation,
} = notificationsApi;
