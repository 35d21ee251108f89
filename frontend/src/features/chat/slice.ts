import { createSelector, createSlice, type PayloadAction } from "@reduxjs/toolkit";

import { rootReducer } from "@/lib/store";

/**
 * The chat's client state: what only this tab knows. Server data (conversations, messages)
 * lives in RTK Query's cache and is patched there by server events (read positions too: each
 * member's `last_read_seq`); here are the sends not yet acknowledged, who is typing and who
 * is online.
 */

/** A message this tab has sent and the server has not yet acknowledged (or refused). */
export interface OutgoingMessage {
  /** The UUID sent with every try: the server keeps exactly one message per client_id. */
  clientId: string;
  conversationId: string;
  body: string;
  createdAt: string;
  state: "sending" | "failed";
  /** Why the server refused it, when it did. */
  error: string | null;
}

export interface ChatState {
  outbox: OutgoingMessage[];
  /** conversation → member → until when (ms since epoch) they count as typing. */
  typing: Record<string, Record<string, number>>;
  /** Friends online now, as the server last said (reset on every new connection). */
  online: Record<string, true>;
  /** The conversation on screen, whose new messages are read as they arrive. */
  activeConversationId: string | null;
}

/** How long a `typing` event shows (the server sends one at most every 3 s while typing). */
export const TYPING_SHOWS_MS = 5_000;

const initialState: ChatState = { outbox: [], typing: {}, online: {}, activeConversationId: null };

export const chatSlice = createSlice({
  name: "chat",
  initialState,
  reducers: {
    messageQueued: {
      reducer(state, action: PayloadAction<OutgoingMessage>) {
        state.outbox.push(action.payload);
      },
      prepare(message: { clientId: string; conversationId: string; body: string }) {
        return {
          payload: { ...message, createdAt: new Date().toISOString(), state: "sending" as const, error: null },
        };
      },
    },
    /** The server has the message (ack, or its `message.new` came first): it leaves the outbox. */
    messageAcknowledged(state, action: PayloadAction<string>) {
      state.outbox = state.outbox.filter((message) => message.clientId !== action.payload);
    },
    messageFailed(state, action: PayloadAction<{ clientId: string; error: string }>) {
      const message = state.outbox.find((m) => m.clientId === action.payload.clientId);
      if (message) {
        message.state = "failed";
        message.error = action.payload.error;
      }
    },
    messageRetried(state, action: PayloadAction<string>) {
      const message = state.outbox.find((m) => m.clientId === action.payload);
      if (message) {
        message.state = "sending";
        message.error = null;
      }
    },
    messageDiscarded(state, action: PayloadAction<string>) {
      state.outbox = state.outbox.filter((message) => message.clientId !== action.payload);
    },
    typingReceived: {
      reducer(state, action: PayloadAction<{ conversationId: string; userId: string; until: number }>) {
        const { conversationId, userId, until } = action.payload;
        (state.typing[conversationId] ??= {})[userId] = until;
      },
      prepare(event: { conversationId: string; userId: string }) {
        return { payload: { ...event, until: Date.now() + TYPING_SHOWS_MS } };
      },
    },
    /** Their message arrived: they have stopped typing it. */
    typingStopped(state, action: PayloadAction<{ conversationId: string; userId: string }>) {
      delete state.typing[action.payload.conversationId]?.[action.payload.userId];
    },
    presenceChanged(state, action: PayloadAction<{ userId: string; online: boolean }>) {
      if (action.payload.online) state.online[action.payload.userId] = true;
      else delete state.online[action.payload.userId];
    },
    /** A new connection: the server sends who is online right after `ready`. */
    presenceReset(state) {
      state.online = {};
    },
    activeConversationChanged(state, action: PayloadAction<string | null>) {
      state.activeConversationId = action.payload;
    },
  },
  selectors: {
    selectOutbox: (state) => state.outbox,
    selectActiveConversationId: (state) => state.activeConversationId,
    selectIsOnline: (state, userId: string) => state.online[userId] === true,
    selectTypingIn: (state, conversationId: string) => state.typing[conversationId],
  },
});

declare module "@/lib/store" {
  export interface LazyLoadedSlices {
    [chatSlice.reducerPath]: ChatState;
  }
}

export const injectedChatSlice = chatSlice.injectInto(rootReducer);

export const {
  messageQueued,
  messageAcknowledged,
  messageFailed,
  messageRetried,
  messageDiscarded,
  typingReceived,
  typingStopped,
  presenceChanged,
  presenceReset,
  activeConversationChanged,
} = chatSlice.actions;

export const { selectOutbox, selectActiveConversationId, selectIsOnline, selectTypingIn } = injectedChatSlice.selectors;

/** The messages of one conversation still on their way, oldest first. */
export const selectOutgoingIn = createSelector(
  [selectOutbox, (_state: unknown, conversationId: string) => conversationId],
  (outbox, conversationId) => outbox.filter((message) => message.conversationId === conversationId),
);
