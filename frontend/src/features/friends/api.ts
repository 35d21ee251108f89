import type { FetchArgs, FetchBaseQueryError } from "@reduxjs/toolkit/query";

import { api } from "@/lib/api-base";
import type {
  Block,
  BlockPage,
  FriendRequest,
  FriendRequestCounts,
  FriendRequestDirection,
  FriendRequestPage,
  FriendshipStatus,
  UserPage,
} from "@/lib/api-schema";

import { patchStudentEverywhere, refreshStudentEverywhere, type CacheAccess } from "./student-caches";

/** Pending requests come 50 to a page: one page is every request almost every student has. */
export const REQUESTS_PAGE_SIZE = 50;
const PAGE_SIZE = 30;

const cursorPages = {
  initialPageParam: null as string | null,
  getNextPageParam: (last: { next_cursor?: string | null }) => last.next_cursor ?? undefined,
};

const withCursor = (cursor: string | null) => (cursor ? { cursor } : {});

/** The other student of a request, seen from the side of `direction`. */
export const otherStudent = (request: FriendRequest, direction: FriendRequestDirection) =>
  direction === "incoming" ? request.from_user : request.to_user;

/**
 * A refusal of ours, shaped like the server's, when the student we show holds no pending
 * request id: our picture of them is stale, so it is fetched again (see `serverRefused`).
 */
const requestGone: FetchBaseQueryError = {
  status: 404,
  data: {
    error: {
      code: "friend_request_not_found",
      message: "This request is no longer waiting: it was withdrawn or already answered.",
    },
  },
};

const COUNTS_TAG = { type: "FriendRequest" as const, id: "COUNT" };

/** A refusal with an answer from the server means our picture of this student was stale. */
const serverRefused = (error: unknown) =>
  typeof error === "object" &&
  error !== null &&
  "error" in error &&
  typeof (error as { error: { status?: unknown } }).error.status === "number";

const friendsBase = api.enhanceEndpoints({ addTagTypes: ["FriendRequest", "Friend", "Block"] });

export const friendsApi = friendsBase.injectEndpoints({
  endpoints: (build) => ({
    /** Pending requests to you (`incoming`) or from you (`outgoing`), newest first. */
    friendRequests: build.infiniteQuery<FriendRequestPage, FriendRequestDirection, string | null>({
      infiniteQueryOptions: cursorPages,
      query: ({ queryArg: direction, pageParam }) => ({
        url: "/friend-requests",
        params: { direction, limit: REQUESTS_PAGE_SIZE, ...withCursor(pageParam) },
      }),
      providesTags: (_result, _error, direction) => [{ type: "FriendRequest", id: direction }],
    }),

    /**
     * How many requests wait each way, for the badge and the Requests page. When a fresh
     * count differs from the one we had (a classmate asked or withdrew meanwhile), the lists
     * of that direction are fetched again, so a page left open follows the badge.
     */
    friendRequestCounts: build.query<FriendRequestCounts, void>({
      query: () => "/friend-requests/count",
      providesTags: [COUNTS_TAG],
      async onQueryStarted(_arg, { dispatch, getState, queryFulfilled }) {
        const before = friendsApi.endpoints.friendRequestCounts.select()(getState() as never).data;
        try {
          const { data: after } = await queryFulfilled;
          if (!before) return;
          const changed = (["incoming", "outgoing"] as const).filter(
            (direction) => before[direction] !== after[direction],
          );
          if (changed.length > 0)
            dispatch(
              friendsApi.util.invalidateTags(changed.map((direction) => ({ type: "FriendRequest", id: direction }))),
            );
        } catch {
          // The count keeps its last value; the next poll or focus tries again.
        }
      },
    }),

    /** Your friends, alphabetical; with `q`, the closest names first. */
    friends: build.infiniteQuery<UserPage, { q?: string }, string | null>({
      infiniteQueryOptions: cursorPages,
      query: ({ queryArg: { q }, pageParam }) => ({
        url: "/friends",
        params: { limit: PAGE_SIZE, ...(q ? { q } : {}), ...withCursor(pageParam) },
      }),
      providesTags: [{ type: "Friend", id: "LIST" }],
    }),

    /** Students you blocked, most recent first. */
    blocks: build.infiniteQuery<BlockPage, void, string | null>({
      infiniteQueryOptions: cursorPages,
      query: ({ pageParam }) => ({ url: "/blocks", params: { limit: PAGE_SIZE, ...withCursor(pageParam) } }),
      providesTags: [{ type: "Block", id: "LIST" }],
    }),

    /**
     * Asks a student to be friends. If they had already asked you, the server accepts their
     * request instead (200, `accepted`): you are friends at once.
     */
    sendFriendRequest: build.mutation<FriendRequest, { userId: string }>({
      query: ({ userId }) => ({ url: "/friend-requests", method: "POST", body: { user_id: userId } }),
      async onQueryStarted({ userId }, store) {
        // The request's id is the server's to give: until it answers, the student has none.
        const undo = patchStudentEverywhere(store, userId, { status: "request_sent", friendRequestId: null });
        try {
          const { data: request } = await store.queryFulfilled;
          if (request.status === "accepted") {
            patchStudentEverywhere(store, userId, { status: "friends", friendRequestId: null });
            removeRequests(store, "incoming", (r) => r.id === request.id);
            adjustCounts(store, { incoming: -1 });
            store.dispatch(friendsApi.util.invalidateTags([{ type: "Friend", id: "LIST" }]));
          } else {
            patchStudentEverywhere(store, userId, { status: "request_sent", friendRequestId: request.id });
            store.dispatch(
              friendsApi.util.updateQueryData("friendRequests", "outgoing", (draft) => {
                draft.pages[0]?.items.unshift(request);
              }),
            );
            adjustCounts(store, { outgoing: 1 });
          }
          store.dispatch(friendsApi.util.invalidateTags([COUNTS_TAG]));
          refreshStudentEverywhere(store, userId);
        } catch (error) {
          undo();
          if (serverRefused(error)) resync(store, userId);
        }
      },
    }),

    /** Withdraws your pending request to a student. */
    cancelFriendRequest: build.mutation<null, { userId: string; requestId: string | null }>({
      queryFn: ({ requestId }, _api, _extra, baseQuery) =>
        onPendingRequest<null>(baseQuery, requestId, (id) => ({
          url: `/friend-requests/${encodeURIComponent(id)}`,
          method: "DELETE",
        })),
      async onQueryStarted({ userId }, store) {
        const undos = [
          patchStudentEverywhere(store, userId, { status: "none", friendRequestId: null }),
          removeRequests(store, "outgoing", (r) => r.to_user.id === userId),
          adjustCounts(store, { outgoing: -1 }),
        ];
        await settle(store, userId, undos);
      },
    }),

    /** Accepts a student's request to you: you become friends. */
    acceptFriendRequest: build.mutation<FriendRequest, { userId: string; requestId: string | null }>({
      queryFn: ({ requestId }, _api, _extra, baseQuery) =>
        onPendingRequest<FriendRequest>(baseQuery, requestId, (id) => ({
          url: `/friend-requests/${encodeURIComponent(id)}/accept`,
          method: "POST",
        })),
      async onQueryStarted({ userId }, store) {
        const undos = [
          patchStudentEverywhere(store, userId, { status: "friends", friendRequestId: null }),
          removeRequests(store, "incoming", (r) => r.from_user.id === userId),
          adjustCounts(store, { incoming: -1 }),
        ];
        if (await settle(store, userId, undos))
          store.dispatch(friendsApi.util.invalidateTags([{ type: "Friend", id: "LIST" }]));
      },
    }),

    /** Declines a student's request to you; they are not told. */
    declineFriendRequest: build.mutation<FriendRequest, { userId: string; requestId: string | null }>({
      queryFn: ({ requestId }, _api, _extra, baseQuery) =>
        onPendingRequest<FriendRequest>(baseQuery, requestId, (id) => ({
          url: `/friend-requests/${encodeURIComponent(id)}/decline`,
          method: "POST",
        })),
      async onQueryStarted({ userId }, store) {
        const undos = [
          patchStudentEverywhere(store, userId, { status: "none", friendRequestId: null }),
          removeRequests(store, "incoming", (r) => r.from_user.id === userId),
          adjustCounts(store, { incoming: -1 }),
        ];
        await settle(store, userId, undos);
      },
    }),

    unfriend: build.mutation<null, { userId: string }>({
      query: ({ userId }) => ({ url: `/friends/${encodeURIComponent(userId)}`, method: "DELETE" }),
      async onQueryStarted({ userId }, store) {
        await settle(
          store,
          userId,
          [
            patchStudentEverywhere(store, userId, { status: "none", friendRequestId: null }),
            removeFriend(store, userId),
          ],
          { counts: false },
        );
      },
    }),

    /**
     * Blocks a student: the server ends your friendship and any pending request, and neither
     * of you can find the other any more. They leave every list here at once. `status` is
     * where you stood with them, so the counts of waiting requests follow at once too.
     */
    block: build.mutation<Block, { userId: string; status?: FriendshipStatus }>({
      query: ({ userId }) => ({ url: "/blocks", method: "POST", body: { user_id: userId } }),
      async onQueryStarted({ userId, status }, store) {
        const undos = [
          patchStudentEverywhere(store, userId, { status: "none", friendRequestId: null }),
          patchStudentEverywhere(store, userId, { hidden: true }),
          removeFriend(store, userId),
          removeRequests(store, "incoming", (r) => r.from_user.id === userId),
          removeRequests(store, "outgoing", (r) => r.to_user.id === userId),
          adjustCounts(store, {
            incoming: status === "request_received" ? -1 : 0,
            outgoing: status === "request_sent" ? -1 : 0,
          }),
        ];
        if (await settle(store, userId, undos))
          store.dispatch(friendsApi.util.invalidateTags([{ type: "Block", id: "LIST" }]));
      },
    }),

    unblock: build.mutation<null, { userId: string }>({
      query: ({ userId }) => ({ url: `/blocks/${encodeURIComponent(userId)}`, method: "DELETE" }),
      async onQueryStarted({ userId }, store) {
        const undo = removeFromBlocks(store, userId);
        try {
          await store.queryFulfilled;
          refreshStudentEverywhere(store, userId);
        } catch (error) {
          undo();
          if (serverRefused(error)) store.dispatch(friendsApi.util.invalidateTags([{ type: "Block", id: "LIST" }]));
        }
      },
    }),
  }),
});

// ---------------------------------------------------------------------------------------
// Answering a request: every student the server sends carries the id of the pending request
// between you (`friend_request_id`), so the screens pass it and nothing is looked up.

/** The base query as a `queryFn` receives it: one request, its data or its error. */
type Answer = { data?: unknown; error?: FetchBaseQueryError };
type BaseQuery = (args: string | FetchArgs) => Answer | PromiseLike<Answer>;

async function onPendingRequest<T>(
  baseQuery: BaseQuery,
  requestId: string | null,
  route: (id: string) => FetchArgs,
): Promise<{ data: T } | { error: FetchBaseQueryError }> {
  if (!requestId) return { error: requestGone };
  const result = await baseQuery(route(requestId));
  return result.error ? { error: result.error } : { data: (result.data ?? null) as T };
}

/**
 * Waits for the server after an optimistic change. Agreed: what depends on the student is
 * fetched again. Refused: every edit is taken back (newest first) and, if the server said
 * why, the truth about the student is fetched again. Either way the counts of waiting
 * requests are asked again when the change could move them (`counts`), since an optimistic
 * count is a guess. Resolves to whether the server agreed.
 */
async function settle(
  store: CacheAccess & { queryFulfilled: Promise<unknown> },
  userId: string,
  undos: Array<() => void>,
  { counts = true }: { counts?: boolean } = {},
): Promise<boolean> {
  try {
    await store.queryFulfilled;
    if (counts) store.dispatch(friendsApi.util.invalidateTags([COUNTS_TAG]));
    refreshStudentEverywhere(store, userId);
    return true;
  } catch (error) {
    for (const undo of undos.reverse()) undo();
    if (serverRefused(error)) resync(store, userId);
    else if (counts) store.dispatch(friendsApi.util.invalidateTags([COUNTS_TAG]));
    return false;
  }
}

// ---------------------------------------------------------------------------------------
// Optimistic edits of this feature's own lists; each returns its undo.

function removeRequests(
  store: CacheAccess,
  direction: FriendRequestDirection,
  matches: (request: FriendRequest) => boolean,
): () => void {
  const patch = store.dispatch(
    friendsApi.util.updateQueryData("friendRequests", direction, (draft) => {
      for (const page of draft.pages) page.items = page.items.filter((request) => !matches(request));
    }),
  );
  return patch.undo;
}

/** Moves the cached counts of waiting requests (never below zero). */
function adjustCounts(store: CacheAccess, change: Partial<FriendRequestCounts>): () => void {
  if (!change.incoming && !change.outgoing) return () => {};
  const patch = store.dispatch(
    friendsApi.util.updateQueryData("friendRequestCounts", undefined, (draft) => {
      draft.incoming = Math.max(0, draft.incoming + (change.incoming ?? 0));
      draft.outgoing = Math.max(0, draft.outgoing + (change.outgoing ?? 0));
    }),
  );
  return patch.undo;
}

function removeFriend(store: CacheAccess, userId: string): () => void {
  const patches = friendsApi.util.selectCachedArgsForQuery(store.getState() as never, "friends").map((args) =>
    store.dispatch(
      friendsApi.util.updateQueryData("friends", args, (draft) => {
        for (const page of draft.pages) page.items = page.items.filter((friend) => friend.id !== userId);
      }),
    ),
  );
  return () => {
    for (const patch of patches.reverse()) patch.undo();
  };
}

function removeFromBlocks(store: CacheAccess, userId: string): () => void {
  const patch = store.dispatch(
    friendsApi.util.updateQueryData("blocks", undefined, (draft) => {
      for (const page of draft.pages) page.items = page.items.filter((block) => block.user.id !== userId);
    }),
  );
  return patch.undo;
}

/** The server disagreed with what we showed: fetch the truth about this student again. */
function resync(store: CacheAccess, userId: string): void {
  store.dispatch(
    friendsApi.util.invalidateTags([
      { type: "FriendRequest", id: "incoming" },
      { type: "FriendRequest", id: "outgoing" },
      COUNTS_TAG,
      { type: "Friend", id: "LIST" },
    ]),
  );
  refreshStudentEverywhere(store, userId);
}

export const {
  useFriendRequestsInfiniteQuery,
  useFriendRequestCountsQuery,
  useFriendsInfiniteQuery,
  useBlocksInfiniteQuery,
  useSendFriendRequestMutation,
  useCancelFriendRequestMutation,
  useAcceptFriendRequestMutation,
  useDeclineFriendRequestMutation,
  useUnfriendMutation,
  useBlockMutation,
  useUnblockMutation,
} = friendsApi;
