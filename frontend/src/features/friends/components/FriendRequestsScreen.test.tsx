import { setupListeners } from "@reduxjs/toolkit/query";
import { act, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import type { FriendRequest } from "@/lib/api-schema";
import { buildFriendRequest, buildStudent, errorEnvelope, page } from "@/testing/builders";
import { FakeApi, deferred, json } from "@/testing/fake-api";
import { navigation } from "@/testing/navigation";
import { renderWithApp } from "@/testing/render";

import { FriendRequestsScreen } from "./FriendRequestsScreen";

vi.mock("next/navigation", () => import("@/testing/navigation"));

const me = buildStudent({ first_name: "Ada", last_name: "Lovelace", friendship_status: "self" });
const alan = buildStudent({ first_name: "Alan", last_name: "Turing", friendship_status: "request_received" });
const grace = buildStudent({ first_name: "Grace", last_name: "Hopper", friendship_status: "request_received" });
const edsger = buildStudent({ first_name: "Edsger", last_name: "Dijkstra", friendship_status: "request_sent" });

beforeEach(() => {
  navigation.reset();
  navigation.pathname = "/friends/requests";
});

/** The server with these requests pending (answering one takes it out): it lists and counts them. */
function requests({ incoming = [] as FriendRequest[], outgoing = [] as FriendRequest[] } = {}) {
  return new FakeApi()
    .on("GET /friend-requests", (call) =>
      json(200, page(call.search.get("direction") === "outgoing" ? outgoing : incoming)),
    )
    .on("GET /friend-requests/count", () => json(200, { incoming: incoming.length, outgoing: outgoing.length }));
}

/** Takes a request out of the server's pending list, as answering or withdrawing it does. */
const answered = (list: FriendRequest[], request: FriendRequest) => list.splice(list.indexOf(request), 1);

/** A section's heading and the count beside it. */
const sectionHeading = (name: RegExp) => screen.getByRole("heading", { level: 2, name });

describe("FriendRequestsScreen", () => {
  it("shows the requests to you and from you, with how many wait in the tab", async () => {
    requests({
      incoming: [buildFriendRequest(alan, me), buildFriendRequest(grace, me)],
      outgoing: [buildFriendRequest(me, edsger)],
    }).install();
    renderWithApp(<FriendRequestsScreen />, { accessToken: "t" });

    const waiting = await screen.findByRole("region", { name: /Waiting for you/ });
    expect(await within(waiting).findAllByRole("heading", { level: 3 })).toHaveLength(2);
    expect(within(waiting).getByRole("button", { name: "Accept Alan Turing's friend request" })).toBeInTheDocument();
    const sent = screen.getByRole("region", { name: /Sent by you/ });
    expect(within(sent).getByRole("button", { name: "Cancel your request to Edsger Dijkstra" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Requests, 2 waiting for you" })).toHaveAttribute("aria-current", "page");
    expect(sectionHeading(/Waiting for you/)).toHaveTextContent(/2$/);
    expect(sectionHeading(/Sent by you/)).toHaveTextContent(/1$/);
  });

  it("counts every waiting request, not only the ones on the first page", async () => {
    const fake = new FakeApi()
      .on("GET /friend-requests", (call) =>
        json(
          200,
          call.search.get("direction") === "incoming"
            ? page([buildFriendRequest(alan, me), buildFriendRequest(grace, me)], "next-1")
            : page([]),
        ),
      )
      .on("GET /friend-requests/count", json(200, { incoming: 57, outgoing: 0 }))
      .install();
    renderWithApp(<FriendRequestsScreen />, { accessToken: "t" });

    expect(await screen.findByRole("link", { name: "Requests, 57 waiting for you" })).toBeInTheDocument();
    await waitFor(() => expect(sectionHeading(/Waiting for you/)).toHaveTextContent(/57$/));
    expect(screen.getByRole("button", { name: "Show more requests" })).toBeInTheDocument();
    expect(fake.callsTo("GET /friend-requests")).toHaveLength(2);
  });

  it("shows a request that arrives while the page is open, once the count moves", async () => {
    const incoming = [buildFriendRequest(alan, me)];
    const fake = new FakeApi()
      .on("GET /friend-requests", (call) =>
        json(200, page(call.search.get("direction") === "incoming" ? incoming : [])),
      )
      .on("GET /friend-requests/count", () => json(200, { incoming: incoming.length, outgoing: 0 }))
      .install();
    const { store } = renderWithApp(<FriendRequestsScreen />, { accessToken: "t" });
    const stopListening = setupListeners(store.dispatch);
    try {
      expect(await screen.findByRole("heading", { name: "Alan Turing" })).toBeInTheDocument();
      const listed = fake.callsTo("GET /friend-requests").length;

      incoming.unshift(buildFriendRequest(grace, me));
      act(() => void window.dispatchEvent(new Event("focus"))); // the student comes back to the tab
      expect(await screen.findByRole("heading", { name: "Grace Hopper" })).toBeInTheDocument();
      expect(screen.getByRole("link", { name: "Requests, 2 waiting for you" })).toBeInTheDocument();
      // Only the side whose count moved is listed again.
      const again = fake.callsTo("GET /friend-requests").slice(listed);
      expect(again.map((call) => call.search.get("direction"))).toEqual(["incoming"]);
    } finally {
      stopListening();
    }
  });

  it("accepts at once: the request goes, the count drops, and the server hears the request's id", async () => {
    const request = buildFriendRequest(alan, me);
    const incoming = [request, buildFriendRequest(grace, me)];
    const fake = requests({ incoming })
      .on(`POST /friend-requests/${request.id}/accept`, () => {
        answered(incoming, request);
        return json(200, { ...request, status: "accepted" });
      })
      .install();
    const { user } = renderWithApp(<FriendRequestsScreen />, { accessToken: "t" });

    await user.click(await screen.findByRole("button", { name: "Accept Alan Turing's friend request" }));
    await waitFor(() => expect(screen.queryByRole("heading", { name: "Alan Turing" })).toBeNull());
    expect(screen.getByRole("link", { name: "Requests, 1 waiting for you" })).toBeInTheDocument();
    expect(sectionHeading(/Waiting for you/)).toHaveTextContent(/1$/);
    expect(screen.getByRole("heading", { name: /Waiting for you/ })).toHaveFocus();
    expect(await screen.findByText("You and Alan are now friends")).toBeInTheDocument();
    expect(fake.callsTo(`POST /friend-requests/${request.id}/accept`)).toHaveLength(1);
  });

  it("puts a request back, and says why, when the server refuses the answer", async () => {
    const request = buildFriendRequest(alan, me);
    const answer = deferred<{ status: number; body?: unknown }>();
    requests({ incoming: [request] })
      .on(`POST /friend-requests/${request.id}/decline`, () => answer.promise)
      .install();
    const { user } = renderWithApp(<FriendRequestsScreen />, { accessToken: "t" });

    expect(await screen.findByRole("link", { name: "Requests, 1 waiting for you" })).toBeInTheDocument();
    await user.click(await screen.findByRole("button", { name: "Decline Alan Turing's friend request" }));
    await waitFor(() => expect(screen.queryByRole("heading", { name: "Alan Turing" })).toBeNull());
    expect(screen.getByRole("link", { name: "Requests" })).toBeInTheDocument();
    await act(async () =>
      answer.resolve(
        json(409, errorEnvelope("request_not_pending", "This request has already been answered or withdrawn.")),
      ),
    );
    expect(await screen.findByText("We couldn't decline Alan's request")).toBeInTheDocument();
    expect(screen.getByText("This request has already been answered or withdrawn.")).toBeInTheDocument();
    expect(await screen.findByRole("heading", { name: "Alan Turing" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Requests, 1 waiting for you" })).toBeInTheDocument();
  });

  it("withdraws a request you sent", async () => {
    const request = buildFriendRequest(me, edsger);
    const outgoing = [request];
    const fake = requests({ outgoing })
      .on(`DELETE /friend-requests/${request.id}`, () => {
        answered(outgoing, request);
        return json(204);
      })
      .install();
    const { user } = renderWithApp(<FriendRequestsScreen />, { accessToken: "t" });

    await user.click(await screen.findByRole("button", { name: "Cancel your request to Edsger Dijkstra" }));
    expect(await screen.findByText("You haven't asked anyone yet.")).toBeInTheDocument();
    expect(sectionHeading(/Sent by you/)).toHaveTextContent(/0$/);
    await waitFor(() => expect(fake.callsTo(`DELETE /friend-requests/${request.id}`)).toHaveLength(1));
  });

  it("says what each empty side means and where to find classmates", async () => {
    requests().install();
    renderWithApp(<FriendRequestsScreen />, { accessToken: "t" });

    expect(await screen.findByText(/No one is waiting for an answer/)).toBeInTheDocument();
    expect(await screen.findByRole("link", { name: "Find classmates" })).toHaveAttribute("href", "/discover");
    expect(screen.getByRole("link", { name: "Requests" })).toBeInTheDocument();
  });
});
