import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { profileApi } from "@/features/profile";
import { signedIn } from "@/lib/session";
import { makeStore, type AppStore } from "@/lib/store";
import type { ClientFrame } from "@/lib/ws";
import { buildConversation, buildMember, buildMessage, buildStudent, buildUserMe, page } from "@/testing/builders";
import { FakeApi, deferred, json } from "@/testing/fake-api";

import { chatApi } from "./api";
import { ChatEngine } from "./engine";
import { activeConversationChanged, selectIsOnline, selectOutbox, selectTypingIn } from "./slice";
import type { Conversation, Message } from "./types";

const me = buildUserMe();
const grace = buildStudent({ first_name: "Grace", last_name: "Hopper", friendship_status: "friends" });

/** A socket that records frames; `open` says whether it accepts them. */
class FakeTransport {
  frames: ClientFrame[] = [];
  open = true;
  send(frame: ClientFrame) {
    if (!this.open) return false;
    this.frames.push(frame);
    return true;
  }
  sends() {
    return this.frames.filter((frame) => frame.type === "message.send");
  }
}

let store: AppStore;
let fake: FakeApi;
let transport: FakeTransport;
let engine: ChatEngine;
let chat: Conversation;

function history(conversationId: string): Message[] {
  const data = chatApi.endpoints.messages.select(conversationId)(store.getState() as never).data;
  return data?.pages.flatMap((p) => p.items) ?? [];
}

function conversationEntry(id: string): Conversation | undefined {
  return chatApi.endpoints.conversation.select(id)(store.getState() as never).data;
}

function listed(): Conversation[] {
  return (
    chatApi.endpoints.conversations
      .select()(store.getState() as never)
      .data?.pages.flatMap((p) => p.items) ?? []
  );
}

/** What a student has on screen: the list, and one chat's history, both fetched. */
async function openChat(messages: Message[], conversations: Conversation[] = [chat]) {
  fake.on("GET /conversations", json(200, page(conversations)));
  fake.on(`GET /conversations/${chat.id}/messages`, json(200, { items: messages, has_more: false }));
  store.dispatch(chatApi.endpoints.conversations.initiate());
  store.dispatch(chatApi.endpoints.messages.initiate(chat.id));
  await vi.waitFor(() => {
    expect(listed()).toHaveLength(conversations.length);
    expect(history(chat.id)).toHaveLength(messages.length);
  });
}

/**
 * The history endpoint over `messages()` (ascending seqs), as the contract has it: no seq, the
 * latest page; `before_seq`, the page before; `after_seq`, the page after.
 */
function serveHistory(messages: () => Message[]) {
  fake.on(`GET /conversations/${chat.id}/messages`, (call) => {
    const limit = Number(call.search.get("limit"));
    const after = call.search.get("after_seq");
    const before = call.search.get("before_seq");
    if (after !== null) {
      const newer = messages().filter((m) => m.seq > Number(after));
      return json(200, { items: newer.slice(0, limit), has_more: newer.length > limit });
    }
    const older = before === null ? messages() : messages().filter((m) => m.seq < Number(before));
    return json(200, { items: older.slice(-limit), has_more: older.length > limit });
  });
}

/** The query string of each history request after the first `skip`. */
function historyRequests(skip: number) {
  return fake
    .callsTo(`GET /conversations/${chat.id}/messages`)
    .slice(skip)
    .map((call) => Object.fromEntries(call.search));
}

/** The socket opens again; resolves when the resync it starts is done (and no second one runs). */
async function reconnect() {
  const resync = vi.spyOn(engine, "resync");
  engine.connectionChanged("open");
  await resync.mock.results[0]!.value;
  resync.mockRestore();
}

beforeEach(async () => {
  fake = new FakeApi().on("GET /users/me", json(200, me)).install();
  store = makeStore();
  store.dispatch(signedIn("token"));
  await store.dispatch(profileApi.endpoints.getMe.initiate());
  transport = new FakeTransport();
  engine = new ChatEngine(store, { retryAfterMs: 1_000, isVisible: () => true });
  engine.start();
  engine.attach(transport);
  chat = buildConversation({ members: [buildMember(me, "member"), buildMember(grace)] });
});

afterEach(() => {
  engine.dispose();
  vi.useRealTimers();
});

describe("sending", () => {
  it("sends with a client_id and keeps the message as 'sending' until acknowledged", async () => {
    await openChat([]);
    const clientId = engine.send(chat.id, "See you at 6?");

    expect(transport.sends()).toEqual([
      { type: "message.send", conversation_id: chat.id, body: "See you at 6?", client_id: clientId },
    ]);
    expect(selectOutbox(store.getState())).toMatchObject([{ clientId, state: "sending" }]);

    const message = buildMessage(chat.id, 1, { sender_id: me.id, body: "See you at 6?", client_id: clientId });
    engine.handle({ type: "message.ack", client_id: clientId, message });

    expect(selectOutbox(store.getState())).toEqual([]);
    expect(history(chat.id)).toEqual([message]);
  });

  it("keeps one copy when the ack and the sender's own message.new both arrive, in either order", async () => {
    await openChat([]);
    const first = engine.send(chat.id, "one");
    const second = engine.send(chat.id, "two");
    const one = buildMessage(chat.id, 1, { sender_id: me.id, body: "one", client_id: first });
    const two = buildMessage(chat.id, 2, { sender_id: me.id, body: "two", client_id: second });

    engine.handle({ type: "message.ack", client_id: first, message: one });
    engine.handle({ type: "message.new", message: one });
    engine.handle({ type: "message.new", message: two }); // its new before its ack
    engine.handle({ type: "message.ack", client_id: second, message: two });

    expect(history(chat.id).map((m) => m.body)).toEqual(["one", "two"]);
    expect(selectOutbox(store.getState())).toEqual([]);
  });

  it("sends again with the same client_id until acknowledged, waiting longer each time", async () => {
    vi.useFakeTimers();
    await openChat([]);
    const clientId = engine.send(chat.id, "hello?");

    await vi.advanceTimersByTimeAsync(999);
    expect(transport.sends()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(transport.sends()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2_000); // then 2 s
    expect(transport.sends()).toHaveLength(3);
    expect(new Set(transport.sends().map((f) => f.client_id))).toEqual(new Set([clientId]));

    engine.handle({
      type: "message.ack",
      client_id: clientId,
      message: buildMessage(chat.id, 1, { sender_id: me.id, body: "hello?", client_id: clientId }),
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(transport.sends()).toHaveLength(3);
    expect(history(chat.id)).toHaveLength(1);
  });

  it("sends over HTTP while the socket is down, and a lost answer is retried with the same client_id", async () => {
    vi.useFakeTimers();
    await openChat([]);
    transport.open = false;
    let calls = 0;
    const stored = buildMessage(chat.id, 1, { sender_id: me.id, body: "from the train" });
    fake.on(`POST /conversations/${chat.id}/messages`, (call) => {
      calls += 1;
      // The first answer is lost on a flaky network (the server had committed it).
      if (calls === 1) return Promise.reject(new TypeError("Failed to fetch"));
      return json(200, { ...stored, client_id: (call.body as { client_id: string }).client_id });
    });

    const clientId = engine.send(chat.id, "from the train");
    await vi.advanceTimersByTimeAsync(0);
    expect(selectOutbox(store.getState())).toMatchObject([{ clientId, state: "sending" }]);

    await vi.advanceTimersByTimeAsync(1_000);
    const posts = fake.callsTo(`POST /conversations/${chat.id}/messages`);
    expect(posts.map((call) => call.body)).toEqual([
      { body: "from the train", client_id: clientId },
      { body: "from the train", client_id: clientId },
    ]);
    expect(selectOutbox(store.getState())).toEqual([]);
    expect(history(chat.id).map((m) => m.body)).toEqual(["from the train"]);
  });

  it("marks a refused message as not sent, with the server's reason, and tries again on request", async () => {
    await openChat([]);
    const clientId = engine.send(chat.id, "hi");
    engine.handle({
      type: "error",
      client_id: clientId,
      code: "messaging_blocked",
      message: "You can no longer send messages in this chat.",
    });
    expect(selectOutbox(store.getState())).toMatchObject([
      { clientId, state: "failed", error: "You can no longer send messages in this chat." },
    ]);

    engine.retry(clientId);
    expect(selectOutbox(store.getState())).toMatchObject([{ clientId, state: "sending" }]);
    expect(transport.sends().map((f) => f.client_id)).toEqual([clientId, clientId]);
  });

  it.each(["service_unavailable", "internal_error"])(
    "keeps a message the server could not take now (%s) sending, and sends it again with its client_id",
    async (code) => {
      vi.useFakeTimers();
      await openChat([]);
      const clientId = engine.send(chat.id, "still there?");
      engine.handle({ type: "error", client_id: clientId, code, message: "Try again in a moment." });
      expect(selectOutbox(store.getState())).toMatchObject([{ clientId, state: "sending", error: null }]);

      await vi.advanceTimersByTimeAsync(1_000);
      expect(transport.sends().map((f) => f.client_id)).toEqual([clientId, clientId]);
    },
  );

  it("sends typing at most once every 3 seconds per conversation", () => {
    let now = 0;
    const throttled = new ChatEngine(store, { now: () => now });
    throttled.attach(transport);
    throttled.typing(chat.id);
    now = 2_999;
    throttled.typing(chat.id);
    now = 3_000;
    throttled.typing(chat.id);
    expect(transport.frames.filter((f) => f.type === "typing")).toHaveLength(2);
  });
});

describe("server events", () => {
  it("moves a conversation with a new message to the top, with its preview and unread count", async () => {
    const other = buildConversation({ updated_at: "2026-11-25T08:00:00.000000Z" });
    chat = { ...chat, updated_at: "2026-11-24T08:00:00.000000Z" };
    await openChat([], [other, chat]);

    const message = buildMessage(chat.id, 1, { sender_id: grace.id, created_at: "2026-11-25T09:00:00.000000Z" });
    engine.handle({ type: "message.new", message });
    engine.handle({ type: "message.new", message }); // delivered twice: counted once

    expect(listed().map((c) => c.id)).toEqual([chat.id, other.id]);
    expect(listed()[0]).toMatchObject({ last_message: message, unread_count: 1 });
    expect(history(chat.id)).toEqual([message]);
  });

  it("adds nothing unread for a message in the chat on screen", async () => {
    await openChat([]);
    store.dispatch(activeConversationChanged(chat.id));
    engine.handle({ type: "message.new", message: buildMessage(chat.id, 1, { sender_id: grace.id }) });
    expect(listed()[0]!.unread_count).toBe(0);
  });

  it("fetches the list again for a message in a conversation it does not hold", async () => {
    await openChat([]);
    const before = fake.callsTo("GET /conversations").length;
    engine.handle({ type: "message.new", message: buildMessage("40000000-0000-4000-8000-999999999999", 1) });
    await vi.waitFor(() => expect(fake.callsTo("GET /conversations").length).toBe(before + 1));
  });

  it("applies edits and deletions to the history and the preview", async () => {
    const message = buildMessage(chat.id, 1, { sender_id: grace.id, body: "at 6" });
    chat = { ...chat, last_message: message };
    await openChat([message]);

    engine.handle({
      type: "message.updated",
      message: { ...message, body: "at 7", edited_at: "2026-11-25T10:00:00.000000Z" },
    });
    expect(history(chat.id)[0]).toMatchObject({ body: "at 7" });
    expect(listed()[0]!.last_message).toMatchObject({ body: "at 7" });

    engine.handle({ type: "message.deleted", conversation_id: chat.id, message_id: message.id });
    expect(history(chat.id)[0]).toMatchObject({ deleted: true, body: "" });
    expect(listed()[0]!.last_message).toMatchObject({ deleted: true });
  });

  it("moves the reader's last_read_seq among the members, in the list and the chat's own entry, never backwards", async () => {
    chat = { ...chat, last_message: buildMessage(chat.id, 4, { sender_id: me.id }) };
    await openChat([]);
    fake.on(`GET /conversations/${chat.id}`, json(200, chat));
    await store.dispatch(chatApi.endpoints.conversation.initiate(chat.id));

    engine.handle({ type: "read", conversation_id: chat.id, user_id: grace.id, seq: 3 });
    engine.handle({ type: "read", conversation_id: chat.id, user_id: grace.id, seq: 2 }); // never backwards

    const graceIn = (conversation: Conversation | undefined) =>
      conversation?.members.find((member) => member.user.id === grace.id);
    expect(graceIn(listed()[0])?.last_read_seq).toBe(3);
    expect(graceIn(conversationEntry(chat.id))?.last_read_seq).toBe(3);
    // Her read is not yours: your badge and position stay.
    expect(listed()[0]).toMatchObject({ last_read_seq: 0 });
  });

  it("clears your own badge when you read in another tab", async () => {
    chat = { ...chat, unread_count: 4, last_read_seq: 0, last_message: buildMessage(chat.id, 4) };
    await openChat([]);

    engine.handle({ type: "read", conversation_id: chat.id, user_id: me.id, seq: 4 });
    expect(listed()[0]).toMatchObject({ unread_count: 0, last_read_seq: 4 });
    expect(listed()[0]!.members.find((member) => member.user.id === me.id)?.last_read_seq).toBe(4);
  });

  it("shows who is typing until their message arrives, and who is online", async () => {
    await openChat([]);
    engine.handle({ type: "typing", conversation_id: chat.id, user_id: grace.id });
    expect(Object.keys(selectTypingIn(store.getState(), chat.id) ?? {})).toEqual([grace.id]);
    engine.handle({ type: "message.new", message: buildMessage(chat.id, 1, { sender_id: grace.id }) });
    expect(selectTypingIn(store.getState(), chat.id)).toEqual({});

    engine.handle({ type: "presence", user_id: grace.id, online: true });
    expect(selectIsOnline(store.getState(), grace.id)).toBe(true);
    // A new connection starts presence afresh (the server sends who is online after ready).
    engine.connectionChanged("open");
    expect(selectIsOnline(store.getState(), grace.id)).toBe(false);
  });

  it("takes a conversation you were removed from out of the list", async () => {
    await openChat([]);
    engine.handle({ type: "conversation.removed", conversation_id: chat.id });
    expect(listed()).toEqual([]);
  });
});

describe("answers that events overtake", () => {
  /** The next answer on `route` waits until the test gives it. */
  function holdBack(route: string) {
    const answer = deferred<{ status: number; body?: unknown }>();
    fake.on(route, () => answer.promise);
    return { give: (status: number, body?: unknown) => answer.resolve(json(status, body)) };
  }

  /** The list is held; a chat's history (one message so far) is on its way, held back. */
  async function historyOnItsWay() {
    fake.on("GET /conversations", json(200, page([chat])));
    await store.dispatch(chatApi.endpoints.conversations.initiate());
    const older = buildMessage(chat.id, 1, { sender_id: grace.id });
    const historyAnswer = holdBack(`GET /conversations/${chat.id}/messages`);
    const loading = store.dispatch(chatApi.endpoints.messages.initiate(chat.id));
    await vi.waitFor(() => expect(fake.callsTo(`GET /conversations/${chat.id}/messages`)).toHaveLength(1));
    return { older, historyAnswer, loading };
  }

  it("keeps a message that arrives while the list loads, though the list was read before it (a page load)", async () => {
    const list = holdBack("GET /conversations");
    const loading = store.dispatch(chatApi.endpoints.conversations.initiate());
    await vi.waitFor(() => expect(fake.callsTo("GET /conversations")).toHaveLength(1));

    const message = buildMessage(chat.id, 1, { sender_id: grace.id });
    engine.handle({ type: "message.new", message });
    list.give(200, page([chat]));
    await loading;

    expect(listed()).toMatchObject([{ id: chat.id, last_message: message, unread_count: 1 }]);
  });

  it("keeps a message that arrives while the history loads", async () => {
    const { older, historyAnswer, loading } = await historyOnItsWay();

    const message = buildMessage(chat.id, 2, { sender_id: grace.id });
    engine.handle({ type: "message.new", message });
    historyAnswer.give(200, { items: [older], has_more: false });
    await loading;

    expect(history(chat.id)).toEqual([older, message]);
  });

  it("does not let a list fetched again before a message and a read take them back", async () => {
    const first = buildMessage(chat.id, 1, { sender_id: grace.id });
    chat = { ...chat, last_message: first, unread_count: 1 };
    await openChat([first]);
    const list = holdBack("GET /conversations");
    const refetching = store.dispatch(chatApi.endpoints.conversations.initiate(undefined, { forceRefetch: true }));
    await vi.waitFor(() => expect(fake.callsTo("GET /conversations")).toHaveLength(2));

    const second = buildMessage(chat.id, 2, { sender_id: grace.id });
    engine.handle({ type: "message.new", message: second });
    engine.handle({ type: "read", conversation_id: chat.id, user_id: me.id, seq: 2 }); // read in another tab
    list.give(200, page([chat])); // as the server had it before both
    await refetching;

    expect(listed()).toMatchObject([{ last_message: second, last_read_seq: 2, unread_count: 0 }]);
  });

  it("does not let a page fetched on reconnecting undo an edit or a delete that crossed it", async () => {
    const held = [1, 2].map((seq) => buildMessage(chat.id, seq, { sender_id: grace.id }));
    chat = { ...chat, last_message: held[1]! };
    await openChat(held);
    const latest = holdBack(`GET /conversations/${chat.id}/messages`);
    const resync = engine.resync();
    await vi.waitFor(() => expect(fake.callsTo(`GET /conversations/${chat.id}/messages`)).toHaveLength(2));

    const edited = { ...held[0]!, body: "Message 1, corrected", edited_at: "2026-11-25T10:00:00.000000Z" };
    engine.handle({ type: "message.updated", message: edited });
    engine.handle({ type: "message.deleted", conversation_id: chat.id, message_id: held[1]!.id });
    latest.give(200, { items: held, has_more: false }); // read before both
    await resync;

    expect(history(chat.id)).toEqual([edited, { ...held[1]!, body: "", deleted: true }]);
    expect(listed()[0]!.last_message).toMatchObject({ deleted: true });
  });

  it("fetches the list again when the socket opens while it loads: it may predate the subscription", async () => {
    const list = holdBack("GET /conversations");
    const loading = store.dispatch(chatApi.endpoints.conversations.initiate());
    await vi.waitFor(() => expect(fake.callsTo("GET /conversations")).toHaveLength(1));
    const opened = reconnect();

    // Committed and published after the list was read, before this tab was subscribed: no
    // event ever comes for it, and the list on its way does not hold it.
    const message = buildMessage(chat.id, 1, { sender_id: grace.id });
    fake.on("GET /conversations", json(200, page([{ ...chat, last_message: message, unread_count: 1 }])));
    list.give(200, page([chat]));
    await loading;
    await opened;

    expect(fake.callsTo("GET /conversations")).toHaveLength(2);
    expect(listed()).toMatchObject([{ id: chat.id, last_message: message, unread_count: 1 }]);
  });

  it("catches up a history that was loading when the socket opened", async () => {
    const { older, historyAnswer, loading } = await historyOnItsWay();
    const opened = reconnect();

    const missed = buildMessage(chat.id, 2, { sender_id: grace.id }); // no event reached us
    fake.on("GET /conversations", json(200, page([{ ...chat, last_message: missed }])));
    serveHistory(() => [older, missed]);
    historyAnswer.give(200, { items: [older], has_more: false });
    await loading;
    await opened;

    expect(history(chat.id)).toEqual([older, missed]);
  });

  it("applies nothing again to an answer fetched after the event", async () => {
    await openChat([]);
    // A whole copy of the conversation, which replaces the cached one wherever it is applied.
    engine.handle({ type: "conversation.updated", conversation: { ...chat, name: "Lab", muted: false } });
    fake.on("GET /conversations", json(200, page([{ ...chat, name: "Lab, week 2", muted: true }])));

    // Fetched after the event (renamed and muted since): the server's answer stands as it is.
    await store.dispatch(chatApi.endpoints.conversations.initiate(undefined, { forceRefetch: true }));
    expect(listed()).toMatchObject([{ name: "Lab, week 2", muted: true }]);
  });
});

describe("reconnecting", () => {
  it("catches up every held conversation that moved, page by page after the highest seq held, merging by id", async () => {
    const held = [1, 2, 3].map((seq) => buildMessage(chat.id, seq));
    await openChat(held);
    // While away: messages 4 to 6 were sent.
    const missed = [4, 5, 6].map((seq) => buildMessage(chat.id, seq, { sender_id: grace.id }));
    fake.on(
      "GET /conversations",
      json(200, page([{ ...chat, last_message: missed[2]!, unread_count: 3, updated_at: missed[2]!.created_at }])),
    );
    fake.on(`GET /conversations/${chat.id}/messages`, (call) => {
      const after = Number(call.search.get("after_seq"));
      // Pages of two; the first overlaps what we hold (an event that raced the reconnect).
      if (after === 3) return json(200, { items: [held[2], missed[0], missed[1]], has_more: true });
      if (after === 5) return json(200, { items: [missed[2]], has_more: false });
      if (!call.search.has("after_seq")) return json(200, { items: [...held, ...missed], has_more: false });
      return json(500);
    });

    await reconnect();

    expect(fake.callsTo(`GET /conversations/${chat.id}/messages`).map((c) => c.search.get("after_seq"))).toEqual([
      null, // the first load
      "3",
      "5",
      null, // the latest page again, for edits and deletes
    ]);
    expect(history(chat.id).map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(listed()[0]).toMatchObject({ unread_count: 3 });
  });

  it("asks only the latest page again for a conversation that did not move, and shows an edit made meanwhile", async () => {
    const held = [1, 2].map((seq) => buildMessage(chat.id, seq));
    chat = { ...chat, last_message: held[1]! };
    await openChat(held);
    const edited = { ...held[0]!, body: "Message 1, corrected", edited_at: "2026-11-25T10:00:00.000000Z" };
    fake.on(`GET /conversations/${chat.id}/messages`, json(200, { items: [edited, held[1]], has_more: false }));

    await engine.resync();
    expect(historyRequests(1)).toEqual([{ limit: "50" }]);
    expect(history(chat.id)).toEqual([edited, held[1]]);
  });

  it("shows what was edited and deleted while away, doubling nothing and keeping the older pages held", async () => {
    let server = Array.from({ length: 60 }, (_, i) => buildMessage(chat.id, i + 1, { sender_id: grace.id }));
    chat = { ...chat, last_message: server[59]! };
    fake.on("GET /conversations", json(200, page([chat])));
    serveHistory(() => server);
    await store.dispatch(chatApi.endpoints.conversations.initiate());
    await store.dispatch(chatApi.endpoints.messages.initiate(chat.id)); // 11 to 60
    await store.dispatch(chatApi.endpoints.messages.initiate(chat.id, { direction: "backward" })); // 1 to 10
    expect(history(chat.id).map((m) => m.seq)).toEqual(server.map((m) => m.seq));

    // While away: 55 was edited, 58 deleted, and 61 and 62 were sent.
    const editedAt = "2026-11-25T10:00:00.000000Z";
    server = [
      ...server.map((m) =>
        m.seq === 55
          ? { ...m, body: "Meet at 7 instead", edited_at: editedAt }
          : m.seq === 58
            ? { ...m, body: "", deleted: true }
            : m,
      ),
      ...[61, 62].map((seq) => buildMessage(chat.id, seq, { sender_id: grace.id })),
    ];
    fake.on("GET /conversations", json(200, page([{ ...chat, last_message: server.at(-1)! }])));

    await reconnect();

    // Every message once, in order, 1 to 10 (older than the latest page) still held.
    expect(history(chat.id)).toEqual(server);
    expect(history(chat.id).find((m) => m.seq === 55)).toMatchObject({
      body: "Meet at 7 instead",
      edited_at: editedAt,
    });
    expect(history(chat.id).find((m) => m.seq === 58)).toMatchObject({ body: "", deleted: true });
    // The catch-up, then one request for the latest page, of the history's size.
    expect(historyRequests(2)).toEqual([{ after_seq: "60", limit: "100" }, { limit: "50" }]);
  });

  it("asks nothing more when away so long that the history starts again from the latest page", async () => {
    let server = [1, 2].map((seq) => buildMessage(chat.id, seq));
    chat = { ...chat, last_message: server[1]! };
    fake.on("GET /conversations", json(200, page([chat])));
    serveHistory(() => server);
    await store.dispatch(chatApi.endpoints.conversations.initiate());
    await store.dispatch(chatApi.endpoints.messages.initiate(chat.id));

    server = Array.from({ length: 2_100 }, (_, i) => buildMessage(chat.id, i + 1));
    fake.on("GET /conversations", json(200, page([{ ...chat, last_message: server.at(-1)! }])));
    await reconnect();

    expect(historyRequests(1)).toEqual([{ after_seq: "2050", limit: "100" }]);
    expect(history(chat.id)).toEqual(server.slice(-50));
  });

  it("resends what was waiting, and a send the server had committed is settled by the catch-up", async () => {
    await openChat([]);
    transport.open = false;
    fake.on(`POST /conversations/${chat.id}/messages`, () => Promise.reject(new TypeError("Failed to fetch")));
    const clientId = engine.send(chat.id, "sent in a tunnel");
    await vi.waitFor(() => expect(fake.callsTo(`POST /conversations/${chat.id}/messages`)).toHaveLength(1));

    const committed = buildMessage(chat.id, 1, { sender_id: me.id, body: "sent in a tunnel", client_id: clientId });
    fake.on("GET /conversations", json(200, page([{ ...chat, last_message: committed }])));
    fake.on(`GET /conversations/${chat.id}/messages`, json(200, { items: [committed], has_more: false }));
    transport.open = true;
    engine.connectionChanged("open");
    await engine.resync();

    expect(transport.sends().map((f) => f.client_id)).toEqual([clientId]);
    expect(selectOutbox(store.getState())).toEqual([]);
    expect(history(chat.id)).toEqual([committed]);
  });
});
