import { setupListeners } from "@reduxjs/toolkit/query";
import { act, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { selectSessionEndedBecause, selectSessionStatus } from "@/lib/session";
import { buildConversation, buildUserMe } from "@/testing/builders";
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
  it("shows the places of Quad, with the ones still to come marked", async () => {
    new FakeApi().on("GET /users/me", json(200, buildUserMe())).install();
    renderWithApp(<AppShell>page</AppShell>, { accessToken: "t" });

    const [side] = screen.getAllByRole("navigation", { name: "Main" });
    expect(within(side!).getByRole("link", { name: "Profile" })).toHaveAttribute("aria-current", "page");
    expect(within(side!).getByRole("link", { name: "Chats" })).toHaveAttribute("href", "/chats");
    expect(within(side!).getByText("Notifications").closest("[aria-disabled]")).toHaveAttribute(
      "aria-disabled",
      "true",
    );
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
