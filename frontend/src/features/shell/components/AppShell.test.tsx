import { setupListeners } from "@reduxjs/toolkit/query";
import { act, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { selectSessionEndedBecause, selectSessionStatus } from "@/lib/session";
import { ChatsScreen, chatApi } from "@/features/chat";
import { buildConversation, buildMember, buildStudent, buildUserMe, page } from "@/testing/builders";
import { FakeApi, json } from "@/testing/fake-api";
import { navigation } from "@/testing/navigation";
import { renderWithApp } from "@/testing/render";

import { AppShell } from "./AppShell";

vi.mock("next/navigation", () => import("@/testing/navigation"));

class SilentSocket {
  readyState = 0;
  onopen = null;
  onmessage = null;
  onclose = null;
  onerror = null;
  send() {}
  close() {}
}

beforeEach(() => {
  // The shell holds the live connection; here it never gets an answer.
  vi.stubGlobal("WebSocket", SilentSocket);
  navigation.reset();
  navigation.pathname = "/profile";
});

describe("AppShell", () => {
  it("shows the places of Quad", async () => {
    new FakeApi().on("GET /users/me", json(200, buildUserMe())).install();
    renderWithApp(<AppShell>page</AppShell>, { accessToken: "t" });

    const [side] = screen.getAllByRole("navigation", { name: "Main" });
    expect(within(side!).getByRole("link", { name: "Profile" })).toHaveAttribute("aria-current", "page");
    expect(within(side!).getByRole("link", { name: "Chats" })).toHaveAttribute("href", "/chats");
    expect(within(side!).getByRole("link", { name: "Notifications" })).toHaveAttribute("href", "/notifications");
    expect(screen.getByRole("link", { name: "Skip to content" })).toHaveAttribute("href", "#main");
    expect(within(side!).getByRole("link", { name: "Discover" })).toHaveAttribute("href", "/discover");
  });

  it("counts the friend requests waiting for an answer, in words for screen readers", async () => {
    const fake = new FakeApi()
      .on("GET /users/me", json(200, buildUserMe()))
      .on("GET /friend-requests/count", json(200, { incoming: 2, outgoing: 5 }))
      .install();
    renderWithApp(<AppShell>page</AppShell>, { accessToken: "t" });

    for (const nav of screen.getAllByRole("navigation", { name: "Main" })) {
      const friends = await within(nav).findByRole("link", { name: "Friends, 2 new requests" });
      expect(friends).toHaveAttribute("href", "/friends");
      expect(friends).toHaveTextContent("2");
    }
    // The count is the server's: no list of requests is fetched to count them.
    expect(fake.calls.filter((call) => call.path === "/friend-requests")).toHaveLength(0);
  });

  it("shows the exact number of waiting requests, beyond a page of them", async () => {
    new FakeApi()
      .on("GET /users/me", json(200, buildUserMe()))
      .on("GET /friend-requests/count", json(200, { incoming: 73, outgoing: 0 }))
      .install();
    renderWithApp(<AppShell>page</AppShell>, { accessToken: "t" });

    const [side] = screen.getAllByRole("navigation", { name: "Main" });
    expect(await within(side!).findByRole("link", { name: "Friends, 73 new requests" })).toHaveTextContent("73");
  });

  it("caps the badge at 99+", async () => {
    new FakeApi()
      .on("GET /users/me", json(200, buildUserMe()))
      .on("GET /friend-requests/count", json(200, { incoming: 120, outgoing: 0 }))
      .install();
    renderWithApp(<AppShell>page</AppShell>, { accessToken: "t" });

    const [side] = screen.getAllByRole("navigation", { name: "Main" });
    expect(await within(side!).findByRole("link", { name: "Friends, 99+ new requests" })).toHaveTextContent("99+");
  });

  it("shows no badge when no one is waiting", async () => {
    const fake = new FakeApi()
      .on("GET /users/me", json(200, buildUserMe()))
      .on("GET /friend-requests/count", json(200, { incoming: 0, outgoing: 3 }))
      .install();
    renderWithApp(<AppShell>page</AppShell>, { accessToken: "t" });

    await waitFor(() => expect(fake.callsTo("GET /friend-requests/count")).toHaveLength(1));
    const [side] = screen.getAllByRole("navigation", { name: "Main" });
    expect(within(side!).getByRole("link", { name: "Friends" })).toHaveTextContent(/^Friends$/);
  });

  it("asks for the count again when the tab comes back to the front", async () => {
    let waiting = 1;
    const fake = new FakeApi()
      .on("GET /users/me", json(200, buildUserMe()))
      .on("GET /friend-requests/count", () => json(200, { incoming: waiting, outgoing: 0 }))
      .install();
    const { store } = renderWithApp(<AppShell>page</AppShell>, { accessToken: "t" });
    const stopListening = setupListeners(store.dispatch);
    try {
      const [side] = screen.getAllByRole("navigation", { name: "Main" });
      expect(await within(side!).findByRole("link", { name: "Friends, 1 new request" })).toBeInTheDocument();

      waiting = 3;
      act(() => void window.dispatchEvent(new Event("focus")));
      expect(await within(side!).findByRole("link", { name: "Friends, 3 new requests" })).toBeInTheDocument();
      expect(fake.callsTo("GET /friend-requests/count")).toHaveLength(2);
    } finally {
      stopListening();
    }
  });

  it("counts the chats with unread messages on the Chats link", async () => {
    new FakeApi()
      .on("GET /users/me", json(200, buildUserMe()))
      .on(
        "GET /conversations",
        json(200, {
          items: [
            buildConversation({ unread_count: 3 }),
            buildConversation({ unread_count: 0 }),
            buildConversation({ unread_count: 1 }),
          ],
          next_cursor: null,
        }),
      )
      .install();
    renderWithApp(<AppShell>page</AppShell>, { accessToken: "t" });

    const [side] = screen.getAllByRole("navigation", { name: "Main" });
    expect(await within(side!).findByRole("link", { name: "Chats, 2 unread chats" })).toHaveTextContent("2");
  });

  it("counts a chat once when the loaded pages both hold it, and only the loaded pages", async () => {
    const moved = buildConversation({ unread_count: 2 });
    const unread = buildConversation({ unread_count: 1 });
    new FakeApi()
      .on("GET /users/me", json(200, buildUserMe()))
      .on("GET /conversations", (call) =>
        call.search.get("cursor") === "page-2"
          ? // Fetched a moment later: activity in between brought `moved` onto this page too.
            json(200, page([moved, unread], "page-3"))
          : json(200, page([moved, buildConversation()], "page-2")),
      )
      .install();
    const { store } = renderWithApp(<AppShell>page</AppShell>, { accessToken: "t" });

    const [side] = screen.getAllByRole("navigation", { name: "Main" });
    expect(await within(side!).findByRole("link", { name: "Chats, 1 unread chat" })).toHaveTextContent("1");
    await act(() => store.dispatch(chatApi.endpoints.conversations.initiate(undefined, { direction: "forward" })));
    expect(await within(side!).findByRole("link", { name: "Chats, 2 unread chats" })).toHaveTextContent("2");
  });

  it("hides the phone tab bar while a conversation is open, so it never covers the composer", async () => {
    const me = buildUserMe();
    const chat = buildConversation({
      members: [buildMember(me), buildMember(buildStudent({ first_name: "Grace", last_name: "Hopper" }))],
    });
    new FakeApi()
      .on("GET /users/me", json(200, me))
      .on("GET /conversations", json(200, page([chat])))
      .on(`GET /conversations/${chat.id}`, json(200, chat))
      .on(`GET /conversations/${chat.id}/messages`, json(200, { items: [], has_more: false }))
      .install();
    navigation.pathname = "/chats";

    // The list: both the side navigation and the tab bar.
    const list = renderWithApp(
      <AppShell>
        <ChatsScreen />
      </AppShell>,
      { accessToken: "t" },
    );
    await screen.findByRole("link", { name: /Grace Hopper/ });
    expect(screen.getAllByRole("navigation", { name: "Main" })).toHaveLength(2);
    list.unmount();

    // A conversation: the tab bar steps aside; its back link returns to the list.
    navigation.search = new URLSearchParams({ c: chat.id });
    renderWithApp(
      <AppShell>
        <ChatsScreen />
      </AppShell>,
      { accessToken: "t" },
    );
    expect(await screen.findByRole("textbox", { name: "Message Grace Hopper" })).toBeInTheDocument();
    const navs = screen.getAllByRole("navigation", { name: "Main" });
    expect(navs).toHaveLength(1);
    expect(navs[0]).not.toHaveAttribute("data-bottom-nav");
    expect(screen.getByRole("link", { name: "Back to chats" })).toHaveAttribute("href", "/chats");
  });

  it("reminds an unverified student to confirm the e-mail", async () => {
    new FakeApi()
      .on("GET /users/me", json(200, buildUserMe({ email: "ada@ucl.ac.uk", email_verified: false })))
      .install();
    renderWithApp(<AppShell>page</AppShell>, { accessToken: "t" });

    expect(await screen.findByRole("region", { name: "E-mail confirmation" })).toHaveTextContent("ada@ucl.ac.uk");
  });

  it("logs out from the avatar menu: the server ends the session, this tab forgets it", async () => {
    const fake = new FakeApi()
      .on("GET /users/me", json(200, buildUserMe({ email_verified: true })))
      .on("POST /auth/logout", json(204))
      .install();
    const { user, store } = renderWithApp(<AppShell>page</AppShell>, { accessToken: "t" });

    await user.click(await screen.findByRole("button", { name: "Account menu for Ada Lovelace" }));
    await user.click(screen.getByRole("menuitem", { name: "Log out" }));

    await vi.waitFor(() => expect(selectSessionStatus(store.getState())).toBe("signed_out"));
    expect(selectSessionEndedBecause(store.getState())).toBe("logged_out");
    expect(fake.callsTo("POST /auth/logout")).toHaveLength(1);
    expect(screen.queryByRole("region", { name: "E-mail confirmation" })).toBeNull();
  });
});
