import { describeApiError } from "@/lib/errors";
import type { AppDispatch, RootState } from "@/lib/store";
import type { ClientFrame, RealtimeStatus, ServerEvent } from "@/lib/ws";
import { profileApi } from "@/features/profile";

import { HISTORY_PAGE_SIZE, chatApi } from "./api";
import {
  cachedConversations,
  conversationsOnPages,
  dropConversation,
  highestSeq,
  patchMessage,
  placeConversation,
  putMessages,
  receiveMessage,
  recordRead,
} from "./cache";
import {
  messageAcknowledged,
  messageFailed,
  messageQueued,
  messageRetried,
  presenceChanged,
  presenceReset,
  selectActiveConversationId,
  selectOutbox,
  typingReceived,
  typingStopped,
} from "./slice";
import type { Conversation, Message } from "./types";

/** Where frames go: the app's one WebSocket. `send` is false when it is not open. */
export interface ChatTransport {
  send(frame: ClientFrame): boolean;
}

export interface ChatEngineStore {
  dispatch: AppDispatch;
  getState: () => RootState;
}

export interface ChatEngineOptions {
  /** The first wait for an acknowledgement before sending again; it doubles, up to 30 s. */
  retryAfterMs?: number;
  now?: () => number;
  /** Is the student looking at the page (a message in the open chat is read as it arrives)? */
  isVisible?: () => boolean;
}

/** The server sends `typing` on at most once every 3 s per conversation; so do we. */
export const TYPING_EVERY_MS = 3_000;
/** Missed more than this many messages: take the latest page rather than every page between. */
const MAX_CATCH_UP = 2_000;
/**
 * The server's error codes on a `message.send` that say "not now" rather than "never" (its
 * database unreachable, a fault on its side, the contract's 429 code): the send goes again
 * with the same client_id at its next retry. Every other code is final. Failures over HTTP
 * are sorted by status in `sendOverHttp` (no answer or a 5xx is retried there).
 */
const RETRYABLE = new Set(["service_unavailable", "internal_error", "rate_limited"]);

/** The server closes the socket (1009) on a frame over 16 KiB; such a message goes over HTTP. */
const MAX_FRAME_BYTES = 16 * 1024;
const fitsInFrame = (frame: ClientFrame) => new TextEncoder().encode(JSON.stringify(frame)).length <= MAX_FRAME_BYTES;

/** A UUID for `client_id` (randomUUID needs a secure context; the fallback does not). */
export function newClientId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The chat's side of the real-time connection, and the guarantee the contract asks of a
 * client: nothing lost, nothing doubled.
 *
 * - Server events patch the RTK Query cache (idempotently: by message id).
 * - Every send carries a `client_id` and is sent again, with the same id, until the server
 *   acknowledges it (`message.ack`, its own `message.new`, or the HTTP answer when the socket
 *   is down), so a flaky network can neither lose nor double it.
 * - Each time the connection opens, the conversation list is fetched again and every
 *   conversation that moved past the highest seq this tab holds is caught up with
 *   `after_seq`, so what was missed while away comes in, merged by id. The latest page of
 *   each held history is fetched again too, so edits and deletes missed while away show.
 */
export class ChatEngine {
  private transport: ChatTransport | null = null;
  private readonly attempts = new Map<string, { at: number; count: number; viaHttp: boolean }>();
  private readonly typingSentAt = new Map<string, number>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private resyncing: Promise<void> | null = null;
  private resyncAgain = false;
  private readonly retryAfterMs: number;
  private readonly now: () => number;
  private readonly isVisible: () => boolean;

  constructor(
    private readonly store: ChatEngineStore,
    options: ChatEngineOptions = {},
  ) {
    this.retryAfterMs = options.retryAfterMs ?? 3_000;
    this.now = options.now ?? (() => Date.now());
    this.isVisible =
      options.isVisible ?? (() => typeof document === "undefined" || document.visibilityState === "visible");
  }

  attach(transport: ChatTransport | null): void {
    this.transport = transport;
  }

  dispose(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.transport = null;
  }

  /** The socket's status changed; on every (re)connection: presence anew, catch up, resend. */
  connectionChanged(status: RealtimeStatus): void {
    if (status !== "open") return;
    this.store.dispatch(presenceReset());
    void this.resync();
    // Sends waiting on the socket go now rather than at their next retry.
    for (const attempt of this.attempts.values()) attempt.at = -Infinity;
    this.flush();
  }

  /** Queues a message and sends it at once if it can; returns its client_id. */
  send(conversationId: string, body: string): string {
    const clientId = newClientId();
    this.store.dispatch(messageQueued({ clientId, conversationId, body }));
    this.flush();
    return clientId;
  }

  /** Tries a refused message again, with its original client_id. */
  retry(clientId: string): void {
    this.attempts.delete(clientId);
    this.store.dispatch(messageRetried(clientId));
    this.flush();
  }

  /** Tells the other members you are typing, at most once every 3 s per conversation. */
  typing(conversationId: string): void {
    const last = this.typingSentAt.get(conversationId) ?? -Infinity;
    if (this.now() - last < TYPING_EVERY_MS) return;
    if (this.transport?.send({ type: "typing", conversation_id: conversationId }))
      this.typingSentAt.set(conversationId, this.now());
  }

  // -------------------------------------------------------------------------------------
  // Server events

  handle(event: ServerEvent): void {
    switch (event.type) {
      case "message.new":
        this.onMessage(event.message as Message);
        break;
      case "message.ack":
        this.onMessage(event.message as Message, event.client_id as string);
        break;
      case "message.updated": {
        const message = event.message as Message;
        putMessages(this.store, message.conversation_id, [message]);
        patchMessage(this.store, message.conversation_id, message.id, (m) => void Object.assign(m, message));
        break;
      }
      case "message.deleted": {
        const { conversation_id, message_id } = event as unknown as { conversation_id: string; message_id: string };
        patchMessage(this.store, conversation_id, message_id, (m) => {
          m.deleted = true;
          m.body = "";
        });
        break;
      }
      case "conversation.updated": {
        const conversation = event.conversation as Conversation;
        const listed = cachedConversations(this.store);
        if (listed && !listed.some((c) => c.id === conversation.id))
          // New to us (added to a group): the list fetches it, with its true place.
          this.store.dispatch(chatApi.util.invalidateTags([{ type: "Conversation", id: "LIST" }]));
        else placeConversation(this.store, conversation);
        this.store.dispatch(chatApi.util.upsertQueryData("conversation", conversation.id, conversation));
        break;
      }
      case "conversation.removed": {
        const id = event.conversation_id as string;
        dropConversation(this.store, id);
        this.store.dispatch(chatApi.util.invalidateTags([{ type: "Conversation", id }]));
        break;
      }
      case "typing": {
        const conversationId = event.conversation_id as string;
        const userId = event.user_id as string;
        if (userId !== this.myId()) this.store.dispatch(typingReceived({ conversationId, userId }));
        break;
      }
      case "read": {
        const {
          conversation_id: conversationId,
          user_id: userId,
          seq,
        } = event as unknown as {
          conversation_id: string;
          user_id: string;
          seq: number;
        };
        // Another member's read makes your messages "Read"; your own (another tab) clears the badge here.
        recordRead(this.store, conversationId, seq, { userId, mine: userId === this.myId() });
        break;
      }
      case "presence":
        this.store.dispatch(presenceChanged({ userId: event.user_id as string, online: event.online === true }));
        break;
      case "error":
        if (typeof event.client_id === "string") this.onRefused(event.client_id, event.code, event.message);
        break;
    }
  }

  private myId(): string | undefined {
    return profileApi.endpoints.getMe.select()(this.store.getState()).data?.id;
  }

  private onMessage(message: Message, ackedClientId?: string): void {
    const reading = selectActiveConversationId(this.store.getState()) === message.conversation_id && this.isVisible();
    const listed = receiveMessage(this.store, message, { myId: this.myId(), reading });
    if (!listed && cachedConversations(this.store))
      this.store.dispatch(chatApi.util.invalidateTags([{ type: "Conversation", id: "LIST" }]));
    this.store.dispatch(typingStopped({ conversationId: message.conversation_id, userId: message.sender_id }));
    const clientId = ackedClientId ?? (message.sender_id === this.myId() ? message.client_id : null);
    if (clientId) this.acknowledged(clientId);
  }

  private acknowledged(clientId: string): void {
    this.attempts.delete(clientId);
    this.store.dispatch(messageAcknowledged(clientId));
  }

  private onRefused(clientId: string, code: unknown, message: unknown): void {
    if (typeof code === "string" && RETRYABLE.has(code)) return; // the next retry goes
    this.attempts.delete(clientId);
    this.store.dispatch(
      messageFailed({ clientId, error: typeof message === "string" ? message : "The message could not be sent." }),
    );
  }

  // -------------------------------------------------------------------------------------
  // Sending until acknowledged

  private delayAfter(count: number): number {
    return Math.min(30_000, this.retryAfterMs * 2 ** Math.max(0, count - 1));
  }

  /** Sends every queued message whose last try has gone unanswered long enough. */
  flush(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const waiting = selectOutbox(this.store.getState()).filter((m) => m.state === "sending");
    const now = this.now();
    let nextDue = Infinity;
    for (const message of waiting) {
      const attempt = this.attempts.get(message.clientId);
      const due = attempt ? attempt.at + this.delayAfter(attempt.count) : now;
      if (due > now) {
        nextDue = Math.min(nextDue, due);
        continue;
      }
      const count = (attempt?.count ?? 0) + 1;
      const frame = {
        type: "message.send",
        conversation_id: message.conversationId,
        body: message.body,
        client_id: message.clientId,
      };
      const viaSocket = fitsInFrame(frame) && (this.transport?.send(frame) ?? false);
      this.attempts.set(message.clientId, { at: now, count, viaHttp: !viaSocket });
      if (!viaSocket) void this.sendOverHttp(message.clientId, message.conversationId, message.body);
      nextDue = Math.min(nextDue, now + this.delayAfter(count));
    }
    if (nextDue < Infinity) this.retryTimer = setTimeout(() => this.flush(), Math.max(0, nextDue - now));
  }

  /** The socket is down: the same send over HTTP (exactly once all the same, by client_id). */
  private async sendOverHttp(clientId: string, conversationId: string, body: string): Promise<void> {
    const request = this.store.dispatch(chatApi.endpoints.sendMessage.initiate({ conversationId, body, clientId }));
    const result = await request;
    request.reset();
    if (!selectOutbox(this.store.getState()).some((m) => m.clientId === clientId)) return; // acked meanwhile
    if ("data" in result && result.data) {
      this.onMessage(result.data, clientId);
      return;
    }
    const problem = describeApiError(result.error);
    const final =
      problem.status !== null &&
      problem.status >= 400 &&
      problem.status < 500 &&
      problem.status !== 408 &&
      problem.status !== 429;
    if (final) this.onRefused(clientId, problem.code, problem.message);
  }

  // -------------------------------------------------------------------------------------
  // Catching up after a reconnect

  /** Fetches the list again and what each held conversation missed; runs one at a time. */
  resync(): Promise<void> {
    if (this.resyncing) {
      this.resyncAgain = true;
      return this.resyncing;
    }
    this.resyncing = (async () => {
      do {
        this.resyncAgain = false;
        try {
          await this.resyncOnce();
        } catch {
          // Offline again: the next connection tries again.
        }
      } while (this.resyncAgain);
    })().finally(() => {
      this.resyncing = null;
    });
    return this.resyncing;
  }

  private async resyncOnce(): Promise<void> {
    const { dispatch } = this.store;
    let fresh: Conversation[] = [];
    if (cachedConversations(this.store)) {
      const request = dispatch(chatApi.endpoints.conversations.initiate(undefined, { forceRefetch: true }));
      const result = await request;
      request.unsubscribe();
      fresh = conversationsOnPages(result.data?.pages);
    }
    const held = chatApi.util.selectCachedArgsForQuery(this.store.getState(), "messages");
    for (const conversationId of held) {
      let latest = fresh.find((c) => c.id === conversationId);
      if (!latest) {
        // Not on the loaded pages of the list (or no longer ours): ask for it alone.
        const request = dispatch(chatApi.endpoints.conversation.initiate(conversationId, { forceRefetch: true }));
        const result = await request;
        request.unsubscribe();
        latest = result.data;
      } else {
        dispatch(chatApi.util.upsertQueryData("conversation", conversationId, latest));
      }
      const newest = latest?.last_message?.seq ?? 0;
      const holds = highestSeq(this.store, conversationId);
      const have = holds ?? newest;
      if (newest - have > MAX_CATCH_UP) {
        await this.startFromLatest(conversationId, newest);
        continue; // the history is now the latest page, as the server has it
      }
      if (newest > have) await this.catchUp(conversationId, have);
      // `after_seq` brings new seqs only, yet a message we hold may have been edited or
      // deleted while we were away (the contract: refetch the visible page after a
      // reconnect). One request for the latest page; its copies replace ours by id, and
      // older pages held stay as they are. Skipped for a chat with no messages, or no
      // longer ours (`latest` unknown).
      if (holds !== undefined && newest > 0) {
        const { items } = await this.fetchLatest(conversationId);
        this.takeCommitted(conversationId, items);
      }
    }
  }

  /** Messages as the server has them into the history; our own among them settle their sends. */
  private takeCommitted(conversationId: string, messages: Message[]): void {
    const myId = this.myId();
    putMessages(this.store, conversationId, messages);
    for (const message of messages)
      if (message.sender_id === myId && message.client_id) this.acknowledged(message.client_id);
  }

  private async catchUp(conversationId: string, afterSeq: number): Promise<void> {
    let after = afterSeq;
    for (;;) {
      const { items, has_more } = await this.fetchAfter(conversationId, after);
      this.takeCommitted(conversationId, items);
      const last = items.at(-1);
      if (!has_more || !last) return;
      after = last.seq;
    }
  }

  /** Away for long: the history starts again from the latest page instead of catching up. */
  private async startFromLatest(conversationId: string, newest: number): Promise<void> {
    const { items } = await this.fetchAfter(conversationId, Math.max(0, newest - HISTORY_PAGE_SIZE));
    this.store.dispatch(
      chatApi.util.updateQueryData("messages", conversationId, (draft) => {
        draft.pages = [{ items, has_more: (items[0]?.seq ?? 1) > 1 }];
        draft.pageParams = [null];
      }),
    );
  }

  private fetchAfter(conversationId: string, afterSeq: number) {
    return this.store
      .dispatch(
        chatApi.endpoints.messagesAfter.initiate(
          { conversationId, afterSeq },
          { subscribe: false, forceRefetch: true },
        ),
      )
      .unwrap();
  }

  private fetchLatest(conversationId: string) {
    return this.store
      .dispatch(chatApi.endpoints.latestMessages.initiate(conversationId, { subscribe: false, forceRefetch: true }))
      .unwrap();
  }
}
