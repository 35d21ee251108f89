import { act, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { loggedOut, restoreFailed, sessionEnded, signedIn } from "@/lib/session";
import { makeStore } from "@/lib/store";
import { ProfileScreen } from "@/features/profile";
import { errorEnvelope } from "@/testing/builders";
import { FakeApi, json } from "@/testing/fake-api";
import { navigation } from "@/testing/navigation";
import { renderWithApp } from "@/testing/render";

import { RequireSignedIn } from "./RequireSignedIn";

vi.mock("next/navigation", () => import("@/testing/navigation"));

function renderGuard(store = makeStore()) {
  return renderWithApp(
    <RequireSignedIn>
      <p>Your profile</p>
    </RequireSignedIn>,
    { store },
  );
}

beforeEach(() => {
  navigation.reset();
  window.history.replaceState(null, "", "/profile?tab=photo");
});

describe("RequireSignedIn", () => {
  it("waits quietly while the session is being restored", () => {
    renderGuard();
    expect(screen.getByRole("status")).toHaveTextContent("Loading Quad");
    expect(screen.queryByText("Your profile")).toBeNull();
    expect(navigation.router.replace).not.toHaveBeenCalled();
  });

  it("shows the page once signed in", () => {
    const store = makeStore();
    store.dispatch(signedIn("token"));
    renderGuard(store);
    expect(screen.getByText("Your profile")).toBeInTheDocument();
  });

  it("sends a signed-out visitor to log in, with where they were going", () => {
    const store = makeStore();
    store.dispatch(sessionEnded());
    renderGuard(store);
    expect(navigation.router.replace).toHaveBeenCalledWith("/login?next=%2Fprofile%3Ftab%3Dphoto");
  });

  it("sends the student to log in with `next` when a refresh dies mid-session", () => {
    const store = makeStore();
    store.dispatch(signedIn("token"));
    const { rerender } = renderGuard(store);
    expect(navigation.router.replace).not.toHaveBeenCalled();

    act(() => {
      store.dispatch(sessionEnded());
    });
    rerender(
      <RequireSignedIn>
        <p>Your profile</p>
      </RequireSignedIn>,
    );
    expect(navigation.router.replace).toHaveBeenCalledWith("/login?next=%2Fprofile%3Ftab%3Dphoto");
  });

  it("sends the student to log in, keeping where they were, when a 401 meets a dead refresh", async () => {
    const fake = new FakeApi()
      .on("GET /users/me", json(401, errorEnvelope("invalid_token", "Your session has ended.")))
      .on("POST /auth/refresh", json(401, errorEnvelope("refresh_token_reused", "This session was ended.")))
      .install();
    const store = makeStore();
    store.dispatch(signedIn("revoked-token"));
    renderWithApp(
      <RequireSignedIn>
        <ProfileScreen />
      </RequireSignedIn>,
      { store },
    );

    await waitFor(() => expect(navigation.router.replace).toHaveBeenCalledWith("/login?next=%2Fprofile%3Ftab%3Dphoto"));
    expect(fake.callsTo("POST /auth/refresh")).toHaveLength(1);
  });

  it("does not keep `next` after a deliberate log-out", () => {
    const store = makeStore();
    store.dispatch(signedIn("token"));
    store.dispatch(loggedOut());
    renderGuard(store);
    expect(navigation.router.replace).toHaveBeenCalledWith("/login");
  });

  it("offers to try again when Quad could not be reached", async () => {
    const store = makeStore();
    store.dispatch(restoreFailed());
    const fetch = vi.fn(
      async () =>
        new Response(JSON.stringify({ access_token: "t", refresh_token: "r", token_type: "bearer", expires_in: 900 }), {
          status: 200,
        }),
    );
    vi.stubGlobal("fetch", fetch);
    const { user } = renderGuard(store);

    expect(screen.getByRole("alert")).toHaveTextContent("We can't reach Quad");
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("Your profile")).toBeInTheDocument();
  });
});
