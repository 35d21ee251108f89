import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { buildBlock, buildStudent, errorEnvelope, page } from "@/testing/builders";
import { FakeApi, json } from "@/testing/fake-api";
import { navigation } from "@/testing/navigation";
import { renderWithApp } from "@/testing/render";

import { BlockedStudentsScreen } from "./BlockedStudentsScreen";
import { FriendsScreen } from "./FriendsScreen";

vi.mock("next/navigation", () => import("@/testing/navigation"));

const alan = buildStudent({ first_name: "Alan", last_name: "Turing", friendship_status: "friends" });
const grace = buildStudent({ first_name: "Grace", last_name: "Hopper", friendship_status: "friends" });

beforeEach(() => {
  navigation.reset();
  navigation.pathname = "/friends";
});

function friends(list = [alan, grace], waiting = 0) {
  return new FakeApi()
    .on("GET /friends", (call) => {
      const q = call.search.get("q")?.toLowerCase();
      return json(200, page(q ? list.filter((f) => f.first_name.toLowerCase().startsWith(q)) : list));
    })
    .on("GET /friend-requests/count", json(200, { incoming: waiting, outgoing: 0 }));
}

describe("FriendsScreen", () => {
  it("lists friends, each linking to their profile, and filters by name", async () => {
    const fake = friends().install();
    const { user } = renderWithApp(<FriendsScreen />, { accessToken: "t" });

    const list = await screen.findByRole("list", { name: "Your friends" });
    expect(within(list).getByRole("link", { name: "Alan Turing" })).toHaveAttribute("href", `/student?id=${alan.id}`);
    await user.type(screen.getByRole("searchbox", { name: "Filter your friends by name" }), "gra");
    await waitFor(() => expect(within(list).queryByRole("link", { name: "Alan Turing" })).toBeNull());
    expect(within(list).getByRole("link", { name: "Grace Hopper" })).toBeInTheDocument();
    expect(fake.callsTo("GET /friends").at(-1)?.search.get("q")).toBe("gra");
  });

  it("unfriends only after asking, and the friend leaves the list at once", async () => {
    const fake = friends().on(`DELETE /friends/${alan.id}`, json(204)).install();
    const { user } = renderWithApp(<FriendsScreen />, { accessToken: "t" });

    await user.click(await screen.findByRole("button", { name: "More actions for Alan Turing" }));
    await user.click(screen.getByRole("menuitem", { name: "Unfriend" }));
    const dialog = screen.getByRole("dialog", { name: "Unfriend Alan Turing?" });
    expect(within(dialog).getByRole("button", { name: "Cancel" })).toHaveFocus();
    expect(fake.callsTo(`DELETE /friends/${alan.id}`)).toHaveLength(0);

    await user.click(within(dialog).getByRole("button", { name: "Unfriend" }));
    await waitFor(() => expect(screen.queryByRole("link", { name: "Alan Turing" })).toBeNull());
    expect(screen.getByRole("heading", { name: "Friends", level: 1 })).toHaveFocus();
    expect(await screen.findByText("Alan Turing is no longer your friend")).toBeInTheDocument();
    expect(fake.callsTo(`DELETE /friends/${alan.id}`)).toHaveLength(1);
  });

  it("brings the friend back, and says why, when unfriending fails", async () => {
    friends()
      .on(`DELETE /friends/${alan.id}`, json(503, errorEnvelope("unavailable", "Quad is briefly unavailable.")))
      .install();
    const { user } = renderWithApp(<FriendsScreen />, { accessToken: "t" });

    await user.click(await screen.findByRole("button", { name: "More actions for Alan Turing" }));
    await user.click(screen.getByRole("menuitem", { name: "Unfriend" }));
    await user.click(screen.getByRole("button", { name: "Unfriend" }));

    expect(await screen.findByText("We couldn't unfriend Alan")).toBeInTheDocument();
    expect(screen.getByText("Quad is briefly unavailable.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Alan Turing" })).toBeInTheDocument();
  });

  it("leads a student with no friends to Discover", async () => {
    friends([]).install();
    renderWithApp(<FriendsScreen />, { accessToken: "t" });

    expect(await screen.findByRole("heading", { name: "No friends yet" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Discover classmates" })).toHaveAttribute("href", "/discover");
    expect(screen.queryByRole("searchbox")).toBeNull();
    expect(screen.queryByRole("link", { name: "See your requests" })).toBeNull();
  });

  it("points a student with no friends yet to the requests waiting for them", async () => {
    friends([], 2).install();
    renderWithApp(<FriendsScreen />, { accessToken: "t" });

    expect(await screen.findByRole("link", { name: "See your requests" })).toHaveAttribute("href", "/friends/requests");
    expect(screen.getByRole("link", { name: "Requests, 2 waiting for you" })).toBeInTheDocument();
  });
});

describe("BlockedStudentsScreen", () => {
  it("lifts a block at once, and tells the server", async () => {
    const blocked = buildStudent({ first_name: "Charles", last_name: "Babbage" });
    const fake = new FakeApi()
      .on("GET /blocks", json(200, page([buildBlock(blocked)])))
      .on("GET /friend-requests/count", json(200, { incoming: 0, outgoing: 0 }))
      .on(`DELETE /blocks/${blocked.id}`, json(204))
      .install();
    const { user } = renderWithApp(<BlockedStudentsScreen />, { accessToken: "t" });

    await user.click(await screen.findByRole("button", { name: "Unblock Charles Babbage" }));
    expect(await screen.findByRole("heading", { name: "You haven't blocked anyone" })).toBeInTheDocument();
    expect(await screen.findByText("You unblocked Charles Babbage")).toBeInTheDocument();
    expect(fake.callsTo(`DELETE /blocks/${blocked.id}`)).toHaveLength(1);
  });
});
