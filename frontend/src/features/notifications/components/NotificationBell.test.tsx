import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { ChatsScreen } from "@/features/chat";
import { AppShell } from "@/features/shell";
import {
  buildConversation,
  buildMember,
  buildMessageNotification,
  buildRequestNotification,
  buildStudent,
  buildUserMe,
  page,
} from "@/testing/builders";
import { FakeApi, json } from "@/testing/fake-api";
import { ReadySocket } from "@/testing/fake-socket";
import { navigation } from "@/testing/navigation";
import { renderWithApp } from "@/testing/render";

import type { Notification } from "../types";

vi.mock("next/navigation", () => import("@/testing/navigation"));

const me = buildUserMe();
const noah = buildStudent({ first_name: "Noah", last_name: "Okafor" });
const grace = buildStudent({ first_name: "Grace", last_name: "Hopper" });
const chat = buildConversation({ members: [buildMember(me), buildMember(grace)] });

/** The server's notifications: the count and list answer from what the calls left. */
function serve(notifications: Notification[]) {
  let items = notifications;
  const unread = () => items.filter((item) => !item.read).length;
  return new FakeApi()
    .on("GET /users/me", json(200, me))
    .on("GET /notifications/unread-count", () => json(200, { count: unread() }))
    .on("GET /notifications", () => json(200, page(items)))
    .on("POST /notifications/read-all", () => {
      items = items.map((item) => ({ ...item, read: true }));
      return json(204);
    })
    .on(`POST /notifications/${notifications[0]?.id}/read`, () => {
      items = items.map((item, index) => (index === 0 ? { ...item, read: true } : item));
      return json(204);
    })
    .install();
}

function renderShell() {
  return renderWithApp(<AppShell>page</AppShell>, { accessToken: "t" });
}

const bell = (name: string | RegExp) => screen.findByRole("button", { name });

async function connected() {
  await waitFor(() => expect(ReadySocket.latest?.readyState).toBe(1));
  return ReadySocket.latest!;
}

beforeEach(() => {
  navigation.reset();
  navigation.pathname = "/profile";
  ReadySocket.userId = me.id;
  vi.stubGlobal("WebSocket", ReadySocket);
  document.title = "Quad";
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("NotificationBell", () => {
  it("counts what you have not seen, in words for screen readers and in the tab's title", async () => {
    serve([
      buildRequestNotification(noah),
      buildMessageNotification(grace, chat.id, 3),
      buildRequestNotification(grace),
    ]);
    renderShell();

    expect(await bell("Notifications, 3 unread")).toHaveTextContent("3");
    await waitFor(() => expect(document.title).toBe("(3) Quad"));
    // A page that sets its own title keeps the count in front of it.
    document.title = "Grace Hopper · Quad";
    await waitFor(() => expect(document.title).toBe("(3) Grace Hopper · Quad"));
  });

  it("opens the newest notifications; a click reads one and goes to its place", async () => {
    const message = buildMessageNotification(grace, chat.id, 3);
    const fake = serve([message, buildRequestNotification(noah, "friend_request_accepted", { read: true })]);
    const { user } = renderShell();

    await user.click(await bell("Notifications, 1 unread"));
    const panel = screen.getByRole("dialog", { name: "Notifications" });
    expect(
      await within(panel).findByRole("button", { name: /Noah Okafor accepted your friend request/ }),
    ).toBeVisible();
    await user.click(within(panel).getByRole("button", { name: /3 new messages from Grace Hopper/ }));

    expect(navigation.router.push).toHaveBeenCalledWith(`/chats?c=${chat.id}`);
    expect(fake.callsTo(`POST /notifications/${message.id}/read`)).toHaveLength(1);
    expect(await bell("Notifications")).not.toHaveTextContent(/\d/);
    expect(screen.queryByRole("dialog", { name: "Notifications" })).toBeNull();
  });

  it("reads them all at once", async () => {
    const fake = serve([buildRequestNotification(noah), buildMessageNotification(grace, chat.id)]);
    const { user } = renderShell();

    await user.click(await bell("Notifications, 2 unread"));
    const panel = screen.getByRole("dialog", { name: "Notifications" });
    await within(panel).findByRole("button", { name: /Noah Okafor sent you a friend request/ });
    await user.click(within(panel).getByRole("button", { name: "Mark all read" }));

    expect(fake.callsTo("POST /notifications/read-all")).toHaveLength(1);
    expect(await bell("Notifications")).toBeInTheDocument();
    expect(within(panel).queryAllByRole("img", { name: "Unread" })).toHaveLength(0);
    await waitFor(() => expect(document.title).toBe("Quad"));
  });

  it("closes with Escape and gives the focus back to the bell", async () => {
    serve([]);
    const { user } = renderShell();

    const button = await bell("Notifications");
    await user.click(button);
    expect(await screen.findByText(/Nothing new/)).toBeInTheDocument();
    await user.keyboard("{Escape}");

    expect(screen.queryByRole("dialog", { name: "Notifications" })).toBeNull();
    expect(button).toHaveFocus();
  });

  it("rings without a reload when the server pushes one, and tells it in a toast to open", async () => {
    const fake = serve([]);
    const { user } = renderShell();
    await bell("Notifications");
    const socket = await connected();

    const request = buildRequestNotification(noah);
    socket.push({ type: "notification.new", notification: request });

    expect(await bell("Notifications, 1 unread")).toBeInTheDocument();
    expect(await screen.findByText("Noah Okafor sent you a friend request")).toBeInTheDocument();
    fake.on(`POST /notifications/${request.id}/read`, json(204));
    await user.click(screen.getByRole("button", { name: "View" }));
    expect(navigation.router.push).toHaveBeenCalledWith("/friends/requests");
    expect(fake.callsTo(`POST /notifications/${request.id}/read`)).toHaveLength(1);
  });

  it("counts a chat's coalesced notification once, however many messages it counts", async () => {
    serve([]);
    const { user } = renderShell();
    const socket = await connected();
    await user.click(await bell("Notifications"));
    const panel = screen.getByRole("dialog", { name: "Notifications" });
    await within(panel).findByText(/Nothing new/);

    const first = buildMessageNotification(grace, chat.id, 1);
    socket.push({ type: "notification.new", notification: first });
    expect(await within(panel).findByRole("button", { name: /A new message from Grace Hopper/ })).toBeVisible();
    socket.push({ type: "notification.new", notification: { ...first, data: { ...first.data, count: 2 } } });

    expect(await within(panel).findByRole("button", { name: /2 new messages from Grace Hopper/ })).toBeVisible();
    expect(within(panel).queryByRole("button", { name: /A new message from Grace Hopper/ })).toBeNull();
    expect(await bell("Notifications, 1 unread")).toBeInTheDocument();
    // The burst made one toast, not two.
    expect(screen.getAllByText(/new message.* from Grace Hopper/, { selector: "p" })).toHaveLength(1);
  });

  it("makes no toast for the chat on screen", async () => {
    serve([])
      .on("GET /conversations", json(200, page([chat])))
      .on(`GET /conversations/${chat.id}`, json(200, chat))
      .on(`GET /conversations/${chat.id}/messages`, json(200, { items: [], has_more: false }));
    navigation.pathname = "/chats";
    navigation.search = new URLSearchParams({ c: chat.id });
    renderWithApp(
      <AppShell>
        <ChatsScreen />
      </AppShell>,
      { accessToken: "t" },
    );
    await screen.findByRole("textbox", { name: "Message Grace Hopper" });
    const socket = await connected();

    socket.push({ type: "notification.new", notification: buildMessageNotification(grace, chat.id) });

    expect(await bell("Notifications, 1 unread")).toBeInTheDocument();
    expect(screen.queryByText("A new message from Grace Hopper")).toBeNull();
  });

  it("asks the server again when you read the notified chat, here or in another tab", async () => {
    const fake = serve([buildMessageNotification(grace, chat.id, 2)]);
    const { user } = renderShell();
    await user.click(await bell("Notifications, 1 unread"));
    await screen.findByRole("button", { name: /2 new messages from Grace Hopper/ });
    const socket = await connected();
    const asked = fake.callsTo("GET /notifications/unread-count").length;

    socket.push({ type: "read", conversation_id: chat.id, user_id: me.id, seq: 2 });

    await waitFor(() => expect(fake.callsTo("GET /notifications/unread-count").length).toBeGreaterThan(asked));
    // Someone else's read is theirs: nothing to ask.
    const after = fake.callsTo("GET /notifications/unread-count").length;
    socket.push({ type: "read", conversation_id: chat.id, user_id: grace.id, seq: 2 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.callsTo("GET /notifications/unread-count")).toHaveLength(after);
  });

  it("shows a system notification instead of a toast while the tab is hidden, once switched on", async () => {
    const shown: Array<{ title: string; tag?: string }> = [];
    class SystemNotification {
      static permission = "granted";
      onclick: (() => void) | null = null;
      constructor(title: string, options: { tag?: string }) {
        shown.push({ title, tag: options.tag });
      }
      close() {}
    }
    vi.stubGlobal("Notification", SystemNotification);
    localStorage.setItem("quad.browserNotifications", "on");
    const visibility = vi.spyOn(document, "visibilityState", "get").mockReturnValue("hidden");
    try {
      serve([]);
      renderShell();
      const socket = await connected();

      const request = buildRequestNotification(noah);
      socket.push({ type: "notification.new", notification: request });

      await waitFor(() => expect(shown).toEqual([{ title: "Noah Okafor sent you a friend request", tag: request.id }]));
      expect(screen.queryByText("Noah Okafor sent you a friend request")).toBeNull();
    } finally {
      visibility.mockRestore();
      localStorage.removeItem("quad.browserNotifications");
    }
  });
});
