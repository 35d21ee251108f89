import { act } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { signedIn } from "@/lib/session";
import { navigation } from "@/testing/navigation";
import { renderWithApp } from "@/testing/render";

import { RedirectWhenSignedIn } from "./RedirectWhenSignedIn";

vi.mock("next/navigation", () => import("@/testing/navigation"));

beforeEach(() => {
  navigation.reset();
  navigation.pathname = "/login";
});

describe("RedirectWhenSignedIn", () => {
  it("takes a student who just logged in (or registered) to Chats", () => {
    const { store } = renderWithApp(<RedirectWhenSignedIn />, { signedOut: true });
    expect(navigation.router.replace).not.toHaveBeenCalled();

    act(() => void store.dispatch(signedIn("fresh")));
    expect(navigation.router.replace).toHaveBeenCalledWith("/chats");
  });

  it("goes where the student was heading instead, when that is a page of ours", () => {
    navigation.search = new URLSearchParams({ next: "/friends/requests" });
    renderWithApp(<RedirectWhenSignedIn />, { accessToken: "t" });
    expect(navigation.router.replace).toHaveBeenCalledWith("/friends/requests");
  });

  it("ignores a next that leads off the site and lands in Chats", () => {
    navigation.search = new URLSearchParams({ next: "//evil.example" });
    renderWithApp(<RedirectWhenSignedIn />, { accessToken: "t" });
    expect(navigation.router.replace).toHaveBeenCalledWith("/chats");
  });
});
