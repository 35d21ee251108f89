import { screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { selectSessionEndedBecause, selectSessionStatus } from "@/lib/session";
import { buildFriendRequest, buildStudent, buildUserMe, page } from "@/testing/builders";
import { FakeApi, json } from "@/testing/fake-api";
import { navigation } from "@/testing/navigation";
import { renderWithApp } from "@/testing/render";

import { AppShell } from "./AppShell";

vi.mock("next/navigation", () => import("@/testing/navigation"));

beforeEach(() => {
  navigation.reset();
  navigation.pathname = "/profile";
});

describe("AppShell", () => {
  it("shows the places of Quad, with the ones still to come marked", async () => {
    new FakeApi().on("GET /users/me", json(200, buildUserMe())).install();
    renderWithApp(<AppShell>page</AppShell>, { accessToken: "t" });

    const [side] = screen.getAllByRole("navigation", { name: "Main" });
    expect(within(side!).getByRole("link", { name: "Profile" })).toHaveAttribute("aria-current", "page");
    expect(within(side!).getByText("Chats").closest("[aria-disabled]")).toHaveAttribute("aria-disabled", "true");
    expect(screen.getByRole("link", { name: "Skip to content" })).toHaveAttribute("href", "#main");
    expect(within(side!).getByRole("link", { name: "Discover" })).toHaveAttribute("href", "/discover");
  });

  it("counts the friend requests waiting for an answer, in words for screen readers", async () => {
    const me = buildStudent({ friendship_status: "self" });
    const waiting = [buildFriendRequest(buildStudent(), me), buildFriendRequest(buildStudent(), me)];
    const fake = new FakeApi()
      .on("GET /users/me", json(200, buildUserMe()))
      .on("GET /friend-requests", json(200, page(waiting)))
      .install();
    renderWithApp(<AppShell>page</AppShell>, { accessToken: "t" });

    for (const nav of screen.getAllByRole("navigation", { name: "Main" })) {
      expect(await within(nav).findByRole("link", { name: "Friends, 2 new requests" })).toHaveAttribute(
        "href",
        "/friends",
      );
    }
    expect(fake.callsTo("GET /friend-requests")[0]?.search.get("direction")).toBe("incoming");
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
