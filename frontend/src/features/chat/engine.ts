import { addListener, isFulfilled, isRejected, type UnknownAction } from "@reduxjs/toolkit";
import { QueryStatus } from "@reduxjs/toolkit/query";

import { describeApiError } from "@/lib/errors";
import type { AppDispatch, RootState } from "@/lib/store";
import type { ClientFrame, RealtimeStatus, ServerEvent } from "@/lib/ws";
import { profileApi } from "@/features/profile";

import { HISTORY_PAGE_SIZE, chatApi } from "./api";
import {
  cachedConversation,
  cachedConversations,
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
import type { Conversation, Message, MessagePage } from "./types";

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

/** The events that change the cache, and nothing else: what a fetch on its way can miss. */
const CACHE_EVENTS = new Set([
  "message.new",
  "message.ack",
  "message.updated",
  "message.deleted",
  "conversation.updated",
  "conversation.removed",
  "read",
]);
/** Queries whose answer replaces the cached copy as it lands; the argument of the last two is a conversation id. */
const LANDS_IN_CACHE = new Set(["conversations", "conversation", "messages"]);
/** Queries whose answer the engine merges into the history itself (`takePage`). */
const MERGED_BY_ENGINE = new Set(["latestMessages", "messagesAfter"]);

/** The conversation an event is about. */
function conversationOf(event: ServerEvent): string | undefined {
  const message = event.message as Message | undefined;
  const conversation = event.conversation as Conversation | undefined;
  return message?.conversation_id ?? conversation?.id ?? (event.conversation_id as string | undefined);
}

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
 * - A fetch still on its way when the connection opens was perhaps read before events could
 *   reach this tab: it is fetched again once it lands, as part of that catch-up.
 * - An answer can be older than the events that cross it: the server read it before a
 *   message it then published, and the event came first (on a page load, the socket often
 *   opens before the list arrives). Events that arrive while a fetch is on its way are kept
 *   and applied again, in order, once its answer is in the cache, so the cache always ends
 *   as the last event left it. Every cache edit is idempotent, so an answer that already
 *   held an event loses nothing by seeing it again.
 */
export class ChatEngine {
  private transport: ChatTransport | null = null;
  private readonly attempts = new Map<string, { at: number; count: number; viaHttp: boolean }>();
  private readonly typingSentAt = new Map<string, number>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private resyncing: Promise<void> | null = null;
  private resyncAgain = false;
  /** Events that arrived while a fetch was on its way, by the fetch's request id. */
  private readonly missedBy = new Map<string, ServerEvent[]>();
  private stopListening: (() => void) | null = null;
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

  /** Starts hearing fetches land (to apply again what crossed them); `dispose` stops. */
  start(): void {
    this.stopListening ??= this.store.dispatch(
      addListener({
        predicate: (action: UnknownAction) => (isFulfilled(action) || isRejected(action)) && this.waitsFor(action),
        effect: (action) => {
          if (isFulfilled(action)) this.replayMissedBy(action.meta.requestId);
          else if (isRejected(action)) this.missedBy.delete(action.meta.requestId);
        },
      }),
    );
  }

  attach(transport: ChatTransport | null): void {
    this.transport = transport;
  }

  dispose(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.transport = null;
    this.stopListening?.();
    this.stopListening = null;
    this.missedBy.clear();
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
    if (CACHE_EVENTS.has(event.type)) {
      this.keepForFetchesOnTheirWay(event);
      this.updateCache(event);
    }
    switch (event.type) {
      case "message.new":
      case "message.ack": {
        const message = event.message as Message;
        this.store.dispatch(typingStopped({ conversationId: message.conversation_id, userId: message.sender_id }));
        const clientId =
          event.type === "message.ack"
            ? (event.client_id as string)
            : message.sender_id === this.myId()
              ? message.client_id
              : null;
        if (clientId) this.acknowledged(clientId);
        break;
      }
      case "typing": {
        const conversationId = event.conversation_id as string;
        const userId = event.user_id as string;
        if (userId !== this.myId()) this.store.dispatch(typingReceived({ conversationId, userId }));
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

  /** What an event changes in the cache; idempotent, so it can be applied again. */
  private updateCache(event: ServerEvent): void {
    switch (event.type) {
      case "message.new":
      case "message.ack":
        this.placeMessage(event.message as Message);
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
    }
  }

  /** Keeps an event for each fetch on its way whose answer could be older than it. */
  private keepForFetchesOnTheirWay(event: ServerEvent): void {
    const conversationId = conversationOf(event);
    for (const query of Object.values(this.store.getState()[chatApi.reducerPath].queries)) {
      if (query?.status !== QueryStatus.pending || !query.requestId) continue;
      const name = query.endpointName ?? "";
      const args: unknown = query.originalArgs;
      const aboutAll = name === "conversations";
      const aboutThis =
        (LANDS_IN_CACHE.has(name) || MERGED_BY_ENGINE.has(name)) &&
        (args === conversationId ||
          (args as { conversationId?: string } | undefined)?.conversationId === conversationId);
      if (!aboutAll && !aboutThis) continue;
      const missed = this.missedBy.get(query.requestId) ?? [];
      missed.push(event);
      this.missedBy.set(query.requestId, missed);
    }
  }

  /** Landed (fulfilled or rejected) actions of the fetches the listener replays for. */
  private waitsFor(action: UnknownAction): boolean {
    const meta = (action as { meta?: { requestId?: unknown; arg?: { endpointName?: unknown } } }).meta;
    return (
      typeof meta?.requestId === "string" &&
      this.missedBy.has(meta.requestId) &&
      LANDS_IN_CACHE.has(String(meta.arg?.endpointName))
    );
  }

  /** Applies again, in order, the events that crossed a fetch now in the cache. */
  private replayMissedBy(requestId: string): void {
    const missed = this.missedBy.get(requestId);
    this.missedBy.delete(requestId);
    for (const event of missed ?? []) this.updateCache(event);
  }

  private myId(): string | undefined {
    return profileApi.endpoints.getMe.select()(this.store.getState()).data?.id;
  }

  /** A committed message into the history and the list (which is fetched again if it lacks the chat). */
  private placeMessage(message: Message): void {
    const reading = selectActiveConversationId(this.store.getState()) === message.conversation_id && this.isVisible();
    const listed = receiveMessage(this.store, message, { myId: this.myId(), reading });
    if (!listed && cachedConversations(this.store))
      this.store.dispatch(chatApi.util.invalidateTags([{ type: "Conversation", id: "LIST" }]));
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
      this.placeMessage(result.data);
      this.acknowledged(clientId);
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
    // A fetch on its way when the socket opened may have been read before this tab was
    // subscribed, and an event published in between reached no one: the answer lands
    // without it and nothing would ever bring it. So wait for those to land, then fetch
    // them again like everything held (on a page load, the list usually).
    await Promise.allSettled(dispatch(chatApi.util.getRunningQueriesThunk()));
    let fresh: Conversation[] = [];
    if (cachedConversations(this.store)) {
      const request = dispatch(chatApi.endpoints.conversations.initiate(undefined, { forceRefetch: true }));
      await request;
      request.unsubscribe();
      // From the cache, not the answer: what crossed the fetch has been applied again there.
      fresh = cachedConversations(this.store) ?? [];
    }
    const held = chatApi.util.selectCachedArgsForQuery(this.store.getState(), "messages");
    for (const conversationId of held) {
      let latest = fresh.find((c) => c.id === conversationId);
      if (!latest) {
        // Not on the loaded pages of the list (or no longer ours): ask for it alone.
        const request = dispatch(chatApi.endpoints.conversation.initiate(conversationId, { forceRefetch: true }));
        await request;
        request.unsubscribe();
        latest = cachedConversation(this.store, conversationId);
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
      if (holds !== undefined && newest > 0)
        await this.takePage(this.fetchLatest(conversationId), (page) => this.takeCommitted(conversationId, page.items));
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
      const { items, has_more } = await this.takePage(this.fetchAfter(conversationId, after), (page) =>
        this.takeCommitted(conversationId, page.items),
      );
      const last = items.at(-1);
      if (!has_more || !last) return;
      after = last.seq;
    }
  }

  /** Away for long: the history starts again from the latest page instead of catching up. */
  private async startFromLatest(conversationId: string, newest: number): Promise<void> {
    await this.takePage(this.fetchAfter(conversationId, Math.max(0, newest - HISTORY_PAGE_SIZE)), ({ items }) =>
      this.store.dispatch(
        chatApi.util.updateQueryData("messages", conversationId, (draft) => {
          draft.pages = [{ items, has_more: (items[0]?.seq ?? 1) > 1 }];
          draft.pageParams = [null];
        }),
      ),
    );
  }

  /**
   * A history page the engine fetched, merged by `apply`; then the events that crossed it on
   * its way, applied again (a copy in it older than an edit or delete we saw undoes nothing).
   */
  private async takePage(
    request: { requestId: string; unwrap(): Promise<MessagePage> },
    apply: (page: MessagePage) => void,
  ): Promise<MessagePage> {
    try {
      const page = await request.unwrap();
      apply(page);
      return page;
    } finally {
      this.replayMissedBy(request.requestId);
    }
  }

  private fetchAfter(conversationId: string, afterSeq: number) {
    return this.store.dispatch(
      chatApi.endpoints.messagesAfter.initiate({ conversationId, afterSeq }, { subscribe: false, forceRefetch: true }),
    );
  }

  private fetchLatest(conversationId: string) {
    return this.store.dispatch(
      chatApi.endpoints.latestMessages.initiate(conversationId, { subscribe: false, forceRefetch: true }),
    );
  }
}
