import { screen, waitFor, within } from "@testing-library/react";
import type { ReactNode } from "react";
import { VirtuosoMockContext } from "react-virtuoso";
import { beforeEach, describe, expect, it, vi } from "vitest";

import {
  buildConversation,
  buildMember,
  buildMessage,
  buildStudent,
  buildUserMe,
  errorEnvelope,
  page,
} from "@/testing/builders";
import { FakeApi, json } from "@/testing/fake-api";
import { ReadySocket } from "@/testing/fake-socket";
import { navigation } from "@/testing/navigation";
import { renderWithApp } from "@/testing/render";

import { ChatProvider } from "./ChatProvider";
import { ChatsScreen } from "./ChatsScreen";
import type { Conversation, Message } from "../types";

vi.mock("next/navigation", () => import("@/testing/navigation"));

const me = buildUserMe();
const grace = buildStudent({ first_name: "Grace", last_name: "Hopper", friendship_status: "friends" });
const alan = buildStudent({ first_name: "Alan", last_name: "Kay", friendship_status: "friends" });

function Screen({ children }: { children: ReactNode }) {
  return (
    <VirtuosoMockContext.Provider value={{ viewportHeight: 2000, itemHeight: 40 }}>
      <ChatProvider>{children}</ChatProvider>
    </VirtuosoMockContext.Provider>
  );
}

/** The Chats page as the signed-in shell holds it. */
function renderChats() {
  return renderWithApp(
    <Screen>
      <ChatsScreen />
    </Screen>,
    { accessToken: "t" },
  );
}

function serve(conversation: Conversation, messages: Message[]) {
  return new FakeApi()
    .on("GET /users/me", json(200, me))
    .on("POST /auth/refresh", json(401))
    .on("GET /conversations", json(200, page([conversation])))
    .on(`GET /conversations/${conversation.id}`, json(200, conversation))
    .on(`GET /conversations/${conversation.id}/messages`, json(200, { items: messages, has_more: false }))
    .on(`POST /conversations/${conversation.id}/read`, json(204))
    .install();
}

beforeEach(() => {
  navigation.reset();
  navigation.pathname = "/chats";
  ReadySocket.userId = me.id;
  vi.stubGlobal("WebSocket", ReadySocket);
});

describe("ChatsScreen", () => {
  it("lists conversations with their preview and unread count", async () => {
    const chat = buildConversation({
      members: [buildMember(me), buildMember(grace)],
      last_message: buildMessage("c", 7, { sender_id: grace.id, body: "Library at 6?" }),
      unread_count: 2,
    });
    serve(chat, []);
    renderChats();

    const list = await screen.findByRole("list", { name: "Conversations" });
    const row = await within(list).findByRole("link", { name: /Grace Hopper/ });
    expect(row).toHaveAttribute("href", `/chats?c=${chat.id}`);
    expect(row).toHaveTextContent("Library at 6?");
    expect(row).toHaveAccessibleName(/2 unread messages/);
  });

  it("shows a message body as text, never as HTML, and makes links clickable", async () => {
    const chat = buildConversation({ members: [buildMember(me), buildMember(grace)] });
    const messages = [
      buildMessage(chat.id, 1, { sender_id: grace.id, body: "<img src=x onerror=alert(1)>" }),
      buildMessage(chat.id, 2, { sender_id: grace.id, body: "Notes: https://example.edu/algebra" }),
    ];
    serve(chat, messages);
    navigation.search = new URLSearchParams({ c: chat.id });
    const { container } = renderChats();

    const history = await screen.findByRole("list", { name: "Messages" });
    expect(await within(history).findByText("<img src=x onerror=alert(1)>")).toBeInTheDocument();
    expect(container.querySelector("img[src='x']")).toBeNull();
    const link = within(history).getByRole("link", { name: "https://example.edu/algebra" });
    expect(link).toHaveAttribute("href", "https://example.edu/algebra");
    expect(link).toHaveAttribute("target", "_blank");
    expect(link).toHaveAttribute("rel", "noopener noreferrer nofollow");
  });

  it("sends with Enter (Shift+Enter breaks the line), shows it as sending, then as sent", async () => {
    const chat = buildConversation({ members: [buildMember(me), buildMember(grace)] });
    serve(chat, []);
    navigation.search = new URLSearchParams({ c: chat.id });
    const { user } = renderChats();

    const box = await screen.findByRole("textbox", { name: "Message Grace Hopper" });
    await waitFor(() => expect(ReadySocket.latest?.readyState).toBe(1));
    await user.type(box, "First line{Shift>}{Enter}{/Shift}second line{Enter}");

    const frame = ReadySocket.latest!.sent.find((f) => f.type === "message.send");
    expect(frame).toMatchObject({ conversation_id: chat.id, body: "First line\nsecond line" });
    expect(box).toHaveValue("");
    const history = await screen.findByRole("list", { name: "Messages" });
    expect(within(history).getByText(/First line/)).toBeInTheDocument();
    expect(within(history).getByText("Sending")).toBeInTheDocument();

    ReadySocket.latest!.push({
      type: "message.ack",
      client_id: frame!.client_id,
      message: buildMessage(chat.id, 1, {
        sender_id: me.id,
        body: "First line\nsecond line",
        client_id: frame!.client_id as string,
      }),
    });
    expect(await within(history).findByText("Sent")).toBeInTheDocument();

    // Grace opens the chat: the server passes on her read position.
    ReadySocket.latest!.push({ type: "read", conversation_id: chat.id, user_id: grace.id, seq: 1 });
    expect(await within(history).findByText("Read")).toBeInTheDocument();
  });

  it("shows your messages as read up to the friend's last_read_seq from the server, as after a reload", async () => {
    const chat = buildConversation({
      members: [buildMember(me), buildMember(grace, "member", { last_read_seq: 2 })],
    });
    serve(
      chat,
      [1, 2, 3].map((seq) => buildMessage(chat.id, seq, { sender_id: me.id, body: `Note ${seq}` })),
    );
    navigation.search = new URLSearchParams({ c: chat.id });
    renderChats();

    const history = await screen.findByRole("list", { name: "Messages" });
    const row = (body: string) => within(history).getByText(body).closest("[role='listitem']");
    await within(history).findByText("Note 3");
    expect(row("Note 1")).toHaveTextContent(/Read/);
    expect(row("Note 2")).toHaveTextContent(/Read/);
    expect(row("Note 3")).toHaveTextContent(/Sent/);
    expect(row("Note 3")).not.toHaveTextContent(/Read/);

    // Her read position moves live: the same member's last_read_seq, patched in the cache.
    await waitFor(() => expect(ReadySocket.latest?.readyState).toBe(1));
    ReadySocket.latest!.push({ type: "read", conversation_id: chat.id, user_id: grace.id, seq: 3 });
    await waitFor(() => expect(row("Note 3")).toHaveTextContent(/Read/));
  });

  it("edits your own message in place: Escape cancels, Enter saves", async () => {
    const chat = buildConversation({ members: [buildMember(me), buildMember(grace)] });
    const mine = buildMessage(chat.id, 1, { sender_id: me.id, body: "See you at 6" });
    const fake = serve(chat, [mine]).on(`PATCH /messages/${mine.id}`, (call) =>
      json(200, { ...mine, ...(call.body as object), edited_at: "2026-11-25T10:00:00.000000Z" }),
    );
    navigation.search = new URLSearchParams({ c: chat.id });
    const { user } = renderChats();

    await user.click(await screen.findByRole("button", { name: "Edit message" }));
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("textbox", { name: "Edit your message" })).toBeNull();
    expect(fake.callsTo(`PATCH /messages/${mine.id}`)).toHaveLength(0);

    await user.click(screen.getByRole("button", { name: "Edit message" }));
    const editor = screen.getByRole("textbox", { name: "Edit your message" });
    await user.clear(editor);
    await user.type(editor, "See you at 7{Enter}");
    expect(await screen.findByText("See you at 7")).toBeInTheDocument();
    expect(screen.getByText("edited")).toBeInTheDocument();
    expect(fake.callsTo(`PATCH /messages/${mine.id}`)[0]?.body).toEqual({ body: "See you at 7" });
  });

  it("names the sender of each run of messages in a group, under a day separator", async () => {
    const group = buildConversation({
      type: "group",
      name: "Algebra study group",
      members: [buildMember(me, "admin"), buildMember(grace), buildMember(alan)],
    });
    serve(group, [
      buildMessage(group.id, 1, { sender_id: grace.id, body: "Who has the notes?" }),
      buildMessage(group.id, 2, { sender_id: grace.id, body: "From Tuesday" }),
      buildMessage(group.id, 3, { sender_id: alan.id, body: "I do" }),
    ]);
    navigation.search = new URLSearchParams({ c: group.id });
    renderChats();

    const history = await screen.findByRole("list", { name: "Messages" });
    await within(history).findByText("I do");
    expect(within(history).getAllByText("Grace Hopper", { selector: "p" })).toHaveLength(1);
    expect(within(history).getAllByText("Alan Kay", { selector: "p" })).toHaveLength(1);
    expect(within(history).getByText(/Wednesday|Today|Yesterday/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Group settings" })).toBeInTheDocument();
  });

  it("marks the conversation read up to its newest message when opened", async () => {
    const chat = buildConversation({ members: [buildMember(me), buildMember(grace)], unread_count: 2 });
    const fake = serve(
      chat,
      [1, 2].map((seq) => buildMessage(chat.id, seq, { sender_id: grace.id })),
    );
    navigation.search = new URLSearchParams({ c: chat.id });
    renderChats();

    await waitFor(() => expect(fake.callsTo(`POST /conversations/${chat.id}/read`)).toHaveLength(1));
    expect(fake.callsTo(`POST /conversations/${chat.id}/read`)[0]?.body).toEqual({ seq: 2 });
  });

  /** The server's side of muting: its answers say what the last call set. */
  function serveMuting(chat: Conversation, options: { refuseMute?: boolean } = {}) {
    let muted = chat.muted;
    const current = () => ({ ...chat, muted });
    return serve(chat, [])
      .on("GET /conversations", () => json(200, page([current()])))
      .on(`GET /conversations/${chat.id}`, () => json(200, current()))
      .on(`POST /conversations/${chat.id}/mute`, () => {
        if (options.refuseMute) return json(503, errorEnvelope("unavailable", "Try again."));
        muted = true;
        return json(204);
      })
      .on(`DELETE /conversations/${chat.id}/mute`, () => {
        muted = false;
        return json(204);
      });
  }

  it("mutes a chat's notifications from its header; the list marks it and still counts its unread", async () => {
    const chat = buildConversation({ members: [buildMember(me), buildMember(grace)], unread_count: 2 });
    const fake = serveMuting(chat);
    navigation.search = new URLSearchParams({ c: chat.id });
    const { user } = renderChats();

    const list = await screen.findByRole("list", { name: "Conversations" });
    expect(await within(list).findByRole("link", { name: /Grace Hopper/ })).not.toHaveAccessibleName(/muted/);
    const mute = screen.getByRole("button", { name: "Mute notifications" });
    expect(mute).toHaveAttribute("aria-pressed", "false");
    await user.click(mute);

    await waitFor(() => expect(mute).toHaveAttribute("aria-pressed", "true"));
    expect(fake.callsTo(`POST /conversations/${chat.id}/mute`)).toHaveLength(1);
    expect(within(list).getByRole("link", { name: /Grace Hopper/ })).toHaveAccessibleName(/muted.*2 unread messages/);
  });

  it("unmutes with the same button, and takes the mute back when the server refuses", async () => {
    const chat = buildConversation({ members: [buildMember(me), buildMember(grace)], muted: true });
    const fake = serveMuting(chat, { refuseMute: true });
    navigation.search = new URLSearchParams({ c: chat.id });
    const { user } = renderChats();

    const list = await screen.findByRole("list", { name: "Conversations" });
    expect(await within(list).findByRole("link", { name: /Grace Hopper/ })).toHaveAccessibleName(/muted/);
    const mute = screen.getByRole("button", { name: "Mute notifications" });
    expect(mute).toHaveAttribute("aria-pressed", "true");
    await user.click(mute);
    await waitFor(() => expect(mute).toHaveAttribute("aria-pressed", "false"));
    expect(within(list).getByRole("link", { name: /Grace Hopper/ })).not.toHaveAccessibleName(/muted/);
    expect(fake.callsTo(`DELETE /conversations/${chat.id}/mute`)).toHaveLength(1);

    await user.click(mute);
    await waitFor(() => expect(fake.callsTo(`POST /conversations/${chat.id}/mute`)).toHaveLength(1));
    await waitFor(() => expect(mute).toHaveAttribute("aria-pressed", "false"));
  });
});
