import { profileApi } from "@/features/profile";
import { api } from "@/lib/api-base";

import {
  dropConversation,
  patchConversation,
  patchMessage,
  placeConversation,
  putMessages,
  recordRead,
  type CacheAccess,
} from "./cache";
import type { Conversation, ConversationPage, GroupCreate, Message, MessagePage } from "./types";

/** A history page: the server's default. Older pages come as the student scrolls up. */
export const HISTORY_PAGE_SIZE = 50;
/** Catching up after a reconnect asks for the most the server gives at once. */
export const CATCH_UP_PAGE_SIZE = 100;
const CONVERSATIONS_PAGE_SIZE = 30;

const conversationPath = (id: string) => `/conversations/${encodeURIComponent(id)}`;

const chatBase = api.enhanceEndpoints({ addTagTypes: ["Conversation"] });

/** Puts a conversation the server just gave us into the list and its own cache entry. */
function upsertConversation(store: CacheAccess, conversation: Conversation) {
  placeConversation(store, conversation);
  store.dispatch(chatApi.util.upsertQueryData("conversation", conversation.id, conversation));
}

export const chatApi = chatBase.injectEndpoints({
  endpoints: (build) => ({
    /** Your conversations, most recent activity first; events keep the cached pages in order. */
    conversations: build.infiniteQuery<ConversationPage, void, string | null>({
      infiniteQueryOptions: {
        initialPageParam: null,
        getNextPageParam: (last) => last.next_cursor ?? undefined,
      },
      query: ({ pageParam }) => ({
        url: "/conversations",
        params: { limit: CONVERSATIONS_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
      }),
      providesTags: [{ type: "Conversation", id: "LIST" }],
    }),

    conversation: build.query<Conversation, string>({
      query: (id) => conversationPath(id),
      providesTags: (_result, _error, id) => [{ type: "Conversation", id }],
    }),

    /**
     * One conversation's history: first the latest page, then older pages before the oldest
     * seq held (`fetchPreviousPage`). Newer messages are never fetched as pages here: they
     * arrive as events, or by `messagesAfter` after a reconnect, and are patched in.
     */
    messages: build.infiniteQuery<MessagePage, string, number | null>({
      infiniteQueryOptions: {
        initialPageParam: null,
        getNextPageParam: () => undefined,
        getPreviousPageParam: (first) => (first.has_more ? first.items[0]?.seq : undefined),
      },
      query: ({ queryArg: id, pageParam }) => ({
        url: `${conversationPath(id)}/messages`,
        params: { limit: HISTORY_PAGE_SIZE, ...(pageParam ? { before_seq: pageParam } : {}) },
      }),
    }),

    /**
     * The latest page again, outside the history's own cache entry: a reconnecting client
     * merges it by id, so the edits and deletes it missed replace the copies it holds.
     */
    latestMessages: build.query<MessagePage, string>({
      query: (conversationId) => ({
        url: `${conversationPath(conversationId)}/messages`,
        params: { limit: HISTORY_PAGE_SIZE },
      }),
      keepUnusedDataFor: 0,
    }),

    /** Messages after `afterSeq`, oldest first: what a reconnecting client missed. */
    messagesAfter: build.query<MessagePage, { conversationId: string; afterSeq: number }>({
      query: ({ conversationId, afterSeq }) => ({
        url: `${conversationPath(conversationId)}/messages`,
        params: { after_seq: afterSeq, limit: CATCH_UP_PAGE_SIZE },
      }),
      keepUnusedDataFor: 0,
    }),

    /** Gets or makes your one direct chat with a friend. */
    openDirectChat: build.mutation<Conversation, { userId: string }>({
      query: ({ userId }) => ({ url: "/conversations/direct", method: "POST", body: { user_id: userId } }),
      async onQueryStarted(_arg, store) {
        const result = await store.queryFulfilled.catch(() => null);
        if (result) upsertConversation(store, result.data);
      },
    }),

    createGroup: build.mutation<Conversation, GroupCreate>({
      query: (body) => ({ url: "/conversations/groups", method: "POST", body }),
      async onQueryStarted(_arg, store) {
        const result = await store.queryFulfilled.catch(() => null);
        if (result) upsertConversation(store, result.data);
      },
    }),

    renameGroup: build.mutation<Conversation, { id: string; name: string }>({
      query: ({ id, name }) => ({ url: conversationPath(id), method: "PATCH", body: { name } }),
      async onQueryStarted(_arg, store) {
        const result = await store.queryFulfilled.catch(() => null);
        if (result) upsertConversation(store, result.data);
      },
    }),

    addMembers: build.mutation<Conversation, { id: string; userIds: string[] }>({
      query: ({ id, userIds }) => ({
        url: `${conversationPath(id)}/members`,
        method: "POST",
        body: { user_ids: userIds },
      }),
      async onQueryStarted(_arg, store) {
        const result = await store.queryFulfilled.catch(() => null);
        if (result) upsertConversation(store, result.data);
      },
    }),

    /** An admin removes a member; anyone removes themself (leaves). */
    removeMember: build.mutation<null, { id: string; userId: string; leaving: boolean }>({
      query: ({ id, userId }) => ({
        url: `${conversationPath(id)}/members/${encodeURIComponent(userId)}`,
        method: "DELETE",
      }),
      async onQueryStarted({ id, userId, leaving }, store) {
        const undo = leaving
          ? dropConversation(store, id)
          : patchConversation(store, id, (conversation) => {
              conversation.members = conversation.members.filter((member) => member.user.id !== userId);
            });
        try {
          await store.queryFulfilled;
          // The server may have made someone else admin: take its word for the members.
          if (!leaving) store.dispatch(chatApi.util.invalidateTags([{ type: "Conversation", id }]));
        } catch {
          undo();
        }
      },
    }),

    /** Mutes (or unmutes) a conversation for you: no notifications for it; unread counts stay. */
    setMuted: build.mutation<null, { id: string; muted: boolean }>({
      query: ({ id, muted }) => ({ url: `${conversationPath(id)}/mute`, method: muted ? "POST" : "DELETE" }),
      async onQueryStarted({ id, muted }, store) {
        const undo = patchConversation(store, id, (conversation) => {
          conversation.muted = muted;
        });
        await store.queryFulfilled.catch(undo);
      },
    }),

    /** Sends a message over HTTP: the same `client_id` again gives back the same message. */
    sendMessage: build.mutation<Message, { conversationId: string; body: string; clientId: string }>({
      query: ({ conversationId, body, clientId }) => ({
        url: `${conversationPath(conversationId)}/messages`,
        method: "POST",
        body: { body, client_id: clientId },
      }),
    }),

    editMessage: build.mutation<Message, { message: Message; body: string }>({
      query: ({ message, body }) => ({
        url: `/messages/${encodeURIComponent(message.id)}`,
        method: "PATCH",
        body: { body },
      }),
      async onQueryStarted({ message, body }, store) {
        const undo = patchMessage(store, message.conversation_id, message.id, (draft) => {
          draft.body = body;
          draft.edited_at = new Date().toISOString();
        });
        try {
          const { data } = await store.queryFulfilled;
          putMessages(store, data.conversation_id, [data]);
        } catch {
          undo();
        }
      },
    }),

    deleteMessage: build.mutation<null, { message: Message }>({
      query: ({ message }) => ({ url: `/messages/${encodeURIComponent(message.id)}`, method: "DELETE" }),
      async onQueryStarted({ message }, store) {
        const undo = patchMessage(store, message.conversation_id, message.id, (draft) => {
          draft.deleted = true;
          draft.body = "";
        });
        try {
          await store.queryFulfilled;
        } catch {
          undo();
        }
      },
    }),

    /** You have read up to `seq`: the unread badge goes at once; the server tells your other tabs. */
    markRead: build.mutation<null, { conversationId: string; seq: number }>({
      query: ({ conversationId, seq }) => ({
        url: `${conversationPath(conversationId)}/read`,
        method: "POST",
        body: { seq },
      }),
      async onQueryStarted({ conversationId, seq }, store) {
        const myId = profileApi.endpoints.getMe.select()(store.getState()).data?.id;
        const undo = recordRead(store, conversationId, seq, { userId: myId, mine: true });
        await store.queryFulfilled.catch(undo);
      },
    }),
  }),
});

export const {
  useConversationsInfiniteQuery,
  useConversationQuery,
  useMessagesInfiniteQuery,
  useOpenDirectChatMutation,
  useCreateGroupMutation,
  useRenameGroupMutation,
  useAddMembersMutation,
  useRemoveMemberMutation,
  useSetMutedMutation,
  useEditMessageMutation,
  useDeleteMessageMutation,
  useMarkReadMutation,
} = chatApi;
