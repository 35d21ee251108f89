import type { FetchArgs, FetchBaseQueryError } from "@reduxjs/toolkit/query";

import { api } from "@/lib/api-base";
import type {
  Block,
  BlockPage,
  FriendRequest,
  FriendRequestDirection,
  FriendRequestPage,
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

/** A refusal of ours, shaped like the server's, when a request is no longer there to answer. */
const requestGone: FetchBaseQueryError = {
  status: 404,
  data: {
    error: {
      code: "friend_request_not_found",
      message: "This request is no longer waiting: it was withdrawn or already answered.",
    },
  },
};

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
        const undo = patchStudentEverywhere(store, userId, { status: "request_sent" });
        try {
          const { data: request } = await store.queryFulfilled;
          if (request.status === "accepted") {
            patchStudentEverywhere(store, userId, { status: "friends" });
            removeRequests(store, "incoming", (r) => r.id === request.id);
            store.dispatch(friendsApi.util.invalidateTags([{ type: "Friend", id: "LIST" }]));
          } else {
            store.dispatch(
              friendsApi.util.updateQueryData("friendRequests", "outgoing", (draft) => {
                draft.pages[0]?.items.unshift(request);
              }),
            );
          }
          refreshStudentEverywhere(store, userId);
        } catch (error) {
          undo();
          if (serverRefused(error)) resync(store, userId);
        }
      },
    }),

    /** Withdraws your pending request to a student (found by their id when not given). */
    cancelFriendRequest: build.mutation<null, { userId: string; requestId?: string }>({
      async queryFn({ userId, requestId }, _api, _extra, baseQuery) {
        const id = requestId ?? (await findPendingRequest(baseQuery, "outgoing", userId));
        if (typeof id !== "string") return { error: id ?? requestGone };
        const result = await baseQuery({ url: `/friend-requests/${encodeURIComponent(id)}`, method: "DELETE" });
        return result.error ? { error: result.error } : { data: null };
      },
      async onQueryStarted({ userId }, store) {
        const undoStudent = patchStudentEverywhere(store, userId, { status: "none" });
        const undoList = removeRequests(store, "outgoing", (r) => r.to_user.id === userId);
        try {
          await store.queryFulfilled;
          refreshStudentEverywhere(store, userId);
        } catch (error) {
          undoList();
          undoStudent();
          if (serverRefused(error)) resync(store, userId);
        }
      },
    }),

    /** Accepts a student's request to you: you become friends. */
    acceptFriendRequest: build.mutation<FriendRequest, { userId: string; requestId?: string }>({
      queryFn: ({ userId, requestId }, _api, _extra, baseQuery) =>
        answerRequest(baseQuery, userId, requestId, "accept"),
      async onQueryStarted({ userId }, store) {
        const undoStudent = patchStudentEverywhere(store, userId, { status: "friends" });
        const undoList = removeRequests(store, "incoming", (r) => r.from_user.id === userId);
        try {
          await store.queryFulfilled;
          store.dispatch(friendsApi.util.invalidateTags([{ type: "Friend", id: "LIST" }]));
          refreshStudentEverywhere(store, userId);
        } catch (error) {
          undoList();
          undoStudent();
          if (serverRefused(error)) resync(store, userId);
        }
      },
    }),

    /** Declines a student's request to you; they are not told. */
    declineFriendRequest: build.mutation<FriendRequest, { userId: string; requestId?: string }>({
      queryFn: ({ userId, requestId }, _api, _extra, baseQuery) =>
        answerRequest(baseQuery, userId, requestId, "decline"),
      async onQueryStarted({ userId }, store) {
        const undoStudent = patchStudentEverywhere(store, userId, { status: "none" });
        const undoList = removeRequests(store, "incoming", (r) => r.from_user.id === userId);
        try {
          await store.queryFulfilled;
          refreshStudentEverywhere(store, userId);
        } catch (error) {
          undoList();
          undoStudent();
          if (serverRefused(error)) resync(store, userId);
        }
      },
    }),

    unfriend: build.mutation<null, { userId: string }>({
      query: ({ userId }) => ({ url: `/friends/${encodeURIComponent(userId)}`, method: "DELETE" }),
      async onQueryStarted({ userId }, store) {
        const undoStudent = patchStudentEverywhere(store, userId, { status: "none" });
        const undoList = removeFriend(store, userId);
        try {
          await store.queryFulfilled;
          refreshStudentEverywhere(store, userId);
        } catch (error) {
          undoList();
          undoStudent();
          if (serverRefused(error)) resync(store, userId);
        }
      },
    }),

    /**
     * Blocks a student: the server ends your friendship and any pending request, and neither
     * of you can find the other any more. They leave every list here at once.
     */
    block: build.mutation<Block, { userId: string }>({
      query: ({ userId }) => ({ url: "/blocks", method: "POST", body: { user_id: userId } }),
      async onQueryStarted({ userId }, store) {
        const undos = [
          patchStudentEverywhere(store, userId, { status: "none" }),
          patchStudentEverywhere(store, userId, { hidden: true }),
          removeFriend(store, userId),
          removeRequests(store, "incoming", (r) => r.from_user.id === userId),
          removeRequests(store, "outgoing", (r) => r.to_user.id === userId),
        ];
        try {
          await store.queryFulfilled;
          store.dispatch(friendsApi.util.invalidateTags([{ type: "Block", id: "LIST" }]));
          refreshStudentEverywhere(store, userId);
        } catch (error) {
          for (const undo of undos.reverse()) undo();
          if (serverRefused(error)) resync(store, userId);
        }
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
// Finding a request by the student it concerns. Search results and profiles know a
// student's friendship status but not the request's id; the screens pass the id when their
// cache has it, and otherwise it is looked up here.

/** The base query as a `queryFn` receives it: one request, its data or its error. */
type Answer = { data?: unknown; error?: FetchBaseQueryError };
type BaseQuery = (args: string | FetchArgs) => Answer | PromiseLike<Answer>;

/** The id of the pending request between you and `userId`, an error, or null if there is none. */
async function findPendingRequest(
  baseQuery: BaseQuery,
  direction: FriendRequestDirection,
  userId: string,
): Promise<string | FetchBaseQueryError | null> {
  let cursor: string | null = null;
  do {
    const result = await baseQuery({
      url: "/friend-requests",
      params: { direction, limit: 100, ...withCursor(cursor) },
    });
    if (result.error) return result.error;
    const page = result.data as FriendRequestPage;
    const match = page.items.find((request) => otherStudent(request, direction).id === userId);
    if (match) return match.id;
    cursor = page.next_cursor ?? null;
  } while (cursor);
  return null;
}

async function answerRequest(
  baseQuery: BaseQuery,
  userId: string,
  requestId: string | undefined,
  answer: "accept" | "decline",
): Promise<{ data: FriendRequest } | { error: FetchBaseQueryError }> {
  const id = requestId ?? (await findPendingRequest(baseQuery, "incoming", userId));
  if (typeof id !== "string") return { error: id ?? requestGone };
  const result = await baseQuery({ url: `/friend-requests/${encodeURIComponent(id)}/${answer}`, method: "POST" });
  return result.error ? { error: result.error } : { data: result.data as FriendRequest };
}

/** The id of a pending request between you and `userId` that is already cached, if any. */
export function cachedRequestId(state: unknown, direction: FriendRequestDirection, userId: string) {
  const cached = friendsApi.endpoints.friendRequests.select(direction)(state as never).data;
  return cached?.pages.flatMap((page) => page.items).find((request) => otherStudent(request, direction).id === userId)
    ?.id;
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
      { type: "Friend", id: "LIST" },
    ]),
  );
  refreshStudentEverywhere(store, userId);
}

export const {
  useFriendRequestsInfiniteQuery,
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
