import type { ThunkDispatch, UnknownAction } from "@reduxjs/toolkit";

import { chatApi } from "./api";
import type { Conversation, ConversationPage, Message } from "./types";

/**
 * Edits of the chat's RTK Query cache, shared by the mutations (optimistic updates) and the
 * real-time engine (server events). There is one copy of each conversation and message: the
 * cache's. Every edit here is idempotent (an event may arrive twice, or after the answer to
 * our own request), and returns its undo.
 */

export interface CacheAccess {
  // As RTK Query's lifecycle hands it over.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  dispatch: ThunkDispatch<any, unknown, UnknownAction>;
  getState: () => unknown;
}

type Undo = () => void;

const undoAll =
  (patches: Array<{ undo(): void }>): Undo =>
  () => {
    for (const patch of [...patches].reverse()) patch.undo();
  };

// api.ts imports this module: reach its endpoints at call time, never while modules load.
const listSelector = () => chatApi.endpoints.conversations.select();
const state = (store: CacheAccess) => store.getState() as Parameters<ReturnType<typeof listSelector>>[0];

/**
 * The conversations on the loaded pages of the list, each once. Pages are fetched at different
 * moments, and activity between two fetches can bring a conversation onto both: the first copy
 * (the newer page) is the one kept.
 */
export function conversationsOnPages(pages: readonly ConversationPage[] | undefined): Conversation[] {
  const seen = new Set<string>();
  const conversations: Conversation[] = [];
  for (const page of pages ?? [])
    for (const conversation of page.items) {
      if (seen.has(conversation.id)) continue;
      seen.add(conversation.id);
      conversations.push(conversation);
    }
  return conversations;
}

/** The conversations list as cached, or undefined when it was never fetched. */
export function cachedConversations(store: CacheAccess): Conversation[] | undefined {
  const data = listSelector()(state(store)).data;
  return data && conversationsOnPages(data.pages);
}

/** A conversation's own cache entry (the chat on screen), or undefined when it was never fetched. */
export function cachedConversation(store: CacheAccess, conversationId: string): Conversation | undefined {
  return chatApi.endpoints.conversation.select(conversationId)(state(store)).data;
}

function hasMessagesCache(store: CacheAccess, conversationId: string): boolean {
  return chatApi.endpoints.messages.select(conversationId)(state(store)).data !== undefined;
}

/** The newest seq this tab holds of a conversation's history, or undefined if it holds none. */
export function highestSeq(store: CacheAccess, conversationId: string): number | undefined {
  const pages = chatApi.endpoints.messages.select(conversationId)(state(store)).data?.pages;
  if (!pages) return undefined;
  let highest = 0;
  for (const page of pages) for (const message of page.items) highest = Math.max(highest, message.seq);
  return highest;
}

const isNewer = (a: Conversation, b: Conversation) => a.updated_at > b.updated_at;

/**
 * Puts a conversation where its last activity places it in the cached list (most recent
 * first), replacing the copy there. One older than every loaded page, when more pages wait,
 * is left for those pages to bring.
 */
export function placeConversation(store: CacheAccess, conversation: Conversation): void {
  if (!listSelector()(state(store)).data) return;
  store.dispatch(
    chatApi.util.updateQueryData("conversations", undefined, (draft) => {
      for (const page of draft.pages) page.items = page.items.filter((c) => c.id !== conversation.id);
      for (const page of draft.pages) {
        const index = page.items.findIndex((c) => isNewer(conversation, c));
        if (index >= 0) {
          page.items.splice(index, 0, conversation);
          return;
        }
      }
      const last = draft.pages.at(-1);
      if (last && !last.next_cursor) last.items.push(conversation);
    }),
  );
}

/** Changes a conversation in the list and in its own entry; the recipe must be idempotent. */
export function patchConversation(
  store: CacheAccess,
  conversationId: string,
  recipe: (conversation: Conversation) => void,
): Undo {
  const patches = [
    store.dispatch(
      chatApi.util.updateQueryData("conversations", undefined, (draft) => {
        for (const page of draft.pages) for (const c of page.items) if (c.id === conversationId) recipe(c);
      }),
    ),
    store.dispatch(chatApi.util.updateQueryData("conversation", conversationId, recipe)),
  ];
  return undoAll(patches);
}

/**
 * A member has read up to `seq` (positions only move forward): their `last_read_seq` among
 * the members, which is what makes your messages up to it "Read", survives a reload because
 * the server sends it too. When the reader is you (this tab, or another), the conversation's
 * own `last_read_seq` and unread count follow.
 */
export function recordRead(
  store: CacheAccess,
  conversationId: string,
  seq: number,
  reader: { userId: string | undefined; mine: boolean },
): Undo {
  return patchConversation(store, conversationId, (conversation) => {
    const member = conversation.members.find((m) => m.user.id === reader.userId);
    if (member) member.last_read_seq = Math.max(member.last_read_seq, seq);
    if (!reader.mine) return;
    conversation.last_read_seq = Math.max(conversation.last_read_seq, seq);
    conversation.unread_count = Math.max(0, (conversation.last_message?.seq ?? 0) - conversation.last_read_seq);
  });
}

/** Takes a conversation out of the list (you left it, or were removed). */
export function dropConversation(store: CacheAccess, conversationId: string): Undo {
  const patch = store.dispatch(
    chatApi.util.updateQueryData("conversations", undefined, (draft) => {
      for (const page of draft.pages) page.items = page.items.filter((c) => c.id !== conversationId);
    }),
  );
  return patch.undo;
}

/**
 * Merges messages into a conversation's cached history by id (a copy already there is
 * replaced), keeping seq order. Messages older than the oldest page held are left for
 * scrolling up to fetch; newer ones join the newest page.
 */
export function putMessages(store: CacheAccess, conversationId: string, messages: Message[]): void {
  if (messages.length === 0 || !hasMessagesCache(store, conversationId)) return;
  store.dispatch(
    chatApi.util.updateQueryData("messages", conversationId, (draft) => {
      for (const message of messages) {
        let replaced = false;
        for (const page of draft.pages) {
          const index = page.items.findIndex((m) => m.id === message.id);
          if (index >= 0) {
            page.items[index] = message;
            replaced = true;
            break;
          }
        }
        if (replaced) continue;
        const oldest = draft.pages[0]?.items[0];
        const olderPagesWait = draft.pages[0]?.has_more ?? false;
        if (oldest && message.seq < oldest.seq && olderPagesWait) continue;
        // The page that should hold it: the first whose newest message is newer, else the last.
        const page = draft.pages.find((p) => (p.items.at(-1)?.seq ?? Infinity) > message.seq) ?? draft.pages.at(-1);
        if (!page) continue;
        const at = page.items.findIndex((m) => m.seq > message.seq);
        if (at < 0) page.items.push(message);
        else page.items.splice(at, 0, message);
      }
    }),
  );
}

export function patchMessage(
  store: CacheAccess,
  conversationId: string,
  messageId: string,
  recipe: (message: Message) => void,
): Undo {
  const patches = [
    store.dispatch(
      chatApi.util.updateQueryData("messages", conversationId, (draft) => {
        for (const page of draft.pages) for (const m of page.items) if (m.id === messageId) recipe(m);
      }),
    ),
  ];
  patches.push(
    ...[
      store.dispatch(
        chatApi.util.updateQueryData("conversations", undefined, (draft) => {
          for (const page of draft.pages)
            for (const c of page.items) if (c.last_message?.id === messageId) recipe(c.last_message);
        }),
      ),
      store.dispatch(
        chatApi.util.updateQueryData("conversation", conversationId, (draft) => {
          if (draft.last_message?.id === messageId) recipe(draft.last_message);
        }),
      ),
    ],
  );
  return undoAll(patches);
}

/**
 * A message the server committed (an event, an ack, a catch-up page): into the history, and
 * the conversation's preview, unread count and place in the list follow. Returns false when
 * the conversation is not in the cached list (a chat new to this tab: fetch the list again).
 */
export function receiveMessage(
  store: CacheAccess,
  message: Message,
  { myId, reading }: { myId: string | undefined; reading: boolean },
): boolean {
  putMessages(store, message.conversation_id, [message]);
  const listed = cachedConversations(store)?.find((c) => c.id === message.conversation_id);
  const own = cachedConversation(store, message.conversation_id);
  const known = listed ?? own;
  if (!known) return false;
  if (known.last_message && known.last_message.seq >= message.seq) {
    // An older message (catch-up, or an edit racing a newer one): only the preview may change.
    if (known.last_message.id === message.id)
      patchMessage(store, message.conversation_id, message.id, (m) => void Object.assign(m, message));
    return listed !== undefined;
  }
  // Your own message, or one in the chat on screen (read as it arrives), adds nothing unread.
  const unread = message.sender_id !== myId && !reading;
  const update = (conversation: Conversation) => {
    if (conversation.last_message && conversation.last_message.seq >= message.seq) return;
    conversation.last_message = message;
    if (message.created_at > conversation.updated_at) conversation.updated_at = message.created_at;
    if (unread) conversation.unread_count = Math.max(0, message.seq - conversation.last_read_seq);
  };
  patchConversation(store, message.conversation_id, update);
  const updated = cachedConversations(store)?.find((c) => c.id === message.conversation_id);
  if (updated) placeConversation(store, updated);
  return listed !== undefined;
}
