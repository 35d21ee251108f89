import { act, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import type { UserPublic } from "@/lib/api-schema";
import {
  buildFriendRequest,
  buildStudent,
  buildSuggestion,
  buildUserMe,
  errorEnvelope,
  page,
} from "@/testing/builders";
import { FakeApi, deferred, json } from "@/testing/fake-api";
import { navigation } from "@/testing/navigation";
import { renderWithApp } from "@/testing/render";

import { AppShell } from "@/features/shell";

import { DiscoverScreen } from "./DiscoverScreen";

vi.mock("next/navigation", () => import("@/testing/navigation"));

const me = buildUserMe({ interests: ["chess"] });
const nameOf = (student: UserPublic) => `${student.first_name} ${student.last_name}`;

beforeEach(() => {
  navigation.reset();
  navigation.pathname = "/discover";
});

/** Discover with these filters in the URL and these students in the results. */
function searchFor(query: string, students: UserPublic[]) {
  navigation.search = new URLSearchParams(query);
  return new FakeApi()
    .on("GET /users/me", json(200, me))
    .on("GET /users/search", json(200, page(students)))
    .on("GET /friend-requests/count", json(200, { incoming: 0, outgoing: 0 }));
}

/** No list of requests is fetched to find a request's id: every student carries it. */
const listsOfRequests = (fake: FakeApi) => fake.callsTo("GET /friend-requests");

describe("DiscoverScreen", () => {
  it("suggests people you may know, with the reasons why, while no filter is set", async () => {
    const ada = buildStudent({ first_name: "Ada", last_name: "Byron", mutual_friends: 3 });
    const fake = new FakeApi()
      .on("GET /users/me", json(200, me))
      .on(
        "GET /users/suggestions",
        json(200, page([buildSuggestion(ada, ["3 mutual friends", "Same course: Physics"])])),
      )
      .install();
    renderWithApp(<DiscoverScreen />, { accessToken: "t" });

    const list = await screen.findByRole("list", { name: "People you may know" });
    const card = within(list).getAllByRole("listitem")[0]!;
    expect(within(card).getByRole("link", { name: "Ada Byron" })).toHaveAttribute("href", `/student?id=${ada.id}`);
    expect(within(card).getByRole("list", { name: "Why you may know them" })).toHaveTextContent(
      "3 mutual friendsSame course: Physics",
    );
    expect(within(card).getByRole("button", { name: "Add friend: Ada Byron" })).toBeInTheDocument();
    expect(fake.callsTo("GET /users/search")).toHaveLength(0);
  });

  it("tells a student with no suggestions how to get some", async () => {
    new FakeApi()
      .on("GET /users/me", json(200, buildUserMe({ interests: [] })))
      .on("GET /users/suggestions", json(200, page([])))
      .install();
    renderWithApp(<DiscoverScreen />, { accessToken: "t" });

    expect(await screen.findByRole("heading", { name: "No suggestions yet" })).toBeInTheDocument();
    expect(await screen.findByRole("link", { name: "Complete your profile" })).toHaveAttribute("href", "/profile");
  });

  it("searches with the URL's filters, and each card's button follows where you stand", async () => {
    const students = [
      buildStudent({ friendship_status: "none" }),
      buildStudent({ friendship_status: "request_sent" }),
      buildStudent({ friendship_status: "request_received" }),
      buildStudent({ friendship_status: "friends", mutual_friends: 1 }),
    ];
    const fake = searchFor("course=Physics&interest=chess&q=alan", students).install();
    renderWithApp(<DiscoverScreen />, { accessToken: "t" });

    const results = await screen.findByRole("list", { name: "Students" });
    const [none, sent, received, friends] = within(results).getAllByRole("listitem");
    expect(within(none!).getByRole("button", { name: /^Add friend/ })).toHaveTextContent("Add friend");
    expect(within(sent!).getByRole("button", { name: /^Requested/ })).toHaveTextContent("Requested");
    expect(within(received!).getByRole("button", { name: /^Accept/ })).toHaveTextContent("Accept");
    expect(within(friends!).queryByRole("button", { name: /friend|Requested|Accept/ })).toBeNull();
    expect(friends).toHaveTextContent("Friends");
    expect(friends).toHaveTextContent("1 mutual friend");
    const search = fake.callsTo("GET /users/search")[0]!.search;
    expect(Object.fromEntries(search)).toEqual({ course: "Physics", interest: "chess", q: "alan", limit: "20" });
    expect(screen.getByRole("combobox", { name: "Course" })).toHaveValue("Physics");
    expect(screen.getByRole("searchbox", { name: "Name" })).toHaveValue("alan");
  });

  it("writes a typed name into the URL once typing pauses, replacing the step in history", async () => {
    new FakeApi()
      .on("GET /users/me", json(200, me))
      .on("GET /users/suggestions", json(200, page([])))
      .install();
    const { user } = renderWithApp(<DiscoverScreen />, { accessToken: "t" });

    await user.type(screen.getByRole("searchbox", { name: "Name" }), "ada l");
    expect(navigation.router.replace).not.toHaveBeenCalled();
    await act(() => new Promise((resolve) => setTimeout(resolve, 400))); // the pause
    expect(navigation.router.replace).toHaveBeenCalledWith("/discover?q=ada+l", { scroll: false });
    expect(navigation.router.replace).toHaveBeenCalledTimes(1);
    expect(navigation.router.push).not.toHaveBeenCalled();
  });

  it("offers the student's own university and course as a first search", async () => {
    new FakeApi()
      .on("GET /users/me", json(200, me))
      .on("GET /users/suggestions", json(200, page([])))
      .install();
    const { user } = renderWithApp(<DiscoverScreen />, { accessToken: "t" });

    await user.click(await screen.findByRole("button", { name: "Mathematics at your university" }));
    expect(navigation.router.push).toHaveBeenCalledWith(`/discover?university=${me.university.id}&course=Mathematics`, {
      scroll: false,
    });
  });

  it("says how to find more when nothing matches", async () => {
    searchFor("course=Astrology", []).install();
    const { user } = renderWithApp(<DiscoverScreen />, { accessToken: "t" });

    expect(await screen.findByRole("heading", { name: "No one matches your search" })).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("No students match.");
    await user.click(screen.getAllByRole("button", { name: "Clear filters" }).at(-1)!);
    expect(navigation.router.push).toHaveBeenCalledWith("/discover", { scroll: false });
  });

  it("loads the next page with the cursor", async () => {
    navigation.search = new URLSearchParams("course=Physics");
    const first = buildStudent();
    const second = buildStudent();
    const fake = new FakeApi()
      .on("GET /users/me", json(200, me))
      .on("GET /users/search", (call) =>
        call.search.get("cursor") === "next-1" ? json(200, page([second])) : json(200, page([first], "next-1")),
      )
      .install();
    const { user } = renderWithApp(<DiscoverScreen />, { accessToken: "t" });

    // The status is there from the start ("Searching…"): wait for what it says, not for it.
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent("1+ students found."));
    await user.click(screen.getByRole("button", { name: "Show more students" }));
    expect(await screen.findByRole("link", { name: nameOf(second) })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: nameOf(first) })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Show more students" })).toBeNull();
    expect(fake.callsTo("GET /users/search").map((call) => call.search.get("cursor"))).toEqual([null, "next-1"]);
  });
});

describe("the friendship button", () => {
  it("says Requested the moment Add friend is pressed, before the server answers", async () => {
    const alan = buildStudent();
    const answer = deferred<{ status: number; body?: unknown }>();
    const fake = searchFor("course=Physics", [alan])
      .on("POST /friend-requests", () => answer.promise)
      .install();
    const { user } = renderWithApp(<DiscoverScreen />, { accessToken: "t" });

    const add = await screen.findByRole("button", { name: `Add friend: ${nameOf(alan)}` });
    await user.click(add);
    // The server has not answered yet (it is held back until below).
    const requested = await screen.findByRole("button", {
      name: `Requested: withdraw your request to ${nameOf(alan)}`,
    });
    expect(requested).toHaveFocus();
    expect(fake.callsTo("POST /friend-requests")[0]?.body).toEqual({ user_id: alan.id });

    await act(async () =>
      answer.resolve(json(201, buildFriendRequest(buildStudent(), { ...alan, friendship_status: "request_sent" }))),
    );
    await waitFor(() => expect(requested).not.toHaveAttribute("aria-disabled"));
    expect(requested).toHaveTextContent("Requested");
  });

  it("goes back to Add friend and says why when the server refuses", async () => {
    const alan = buildStudent();
    searchFor("course=Physics", [alan])
      .on("POST /friend-requests", json(404, errorEnvelope("user_not_found", "There is no such student.")))
      .install();
    const { user } = renderWithApp(<DiscoverScreen />, { accessToken: "t" });

    await user.click(await screen.findByRole("button", { name: `Add friend: ${nameOf(alan)}` }));
    expect(await screen.findByText(`We couldn't send your request to ${alan.first_name}`)).toBeInTheDocument();
    expect(screen.getByText("There is no such student.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: `Add friend: ${nameOf(alan)}` })).toBeInTheDocument();
  });

  it("withdraws a request from Requested, with the request's id the student carries", async () => {
    const request = buildFriendRequest(buildStudent(), buildStudent({ friendship_status: "request_sent" }));
    const alan = request.to_user;
    const fake = searchFor("course=Physics", [alan]).on(`DELETE /friend-requests/${request.id}`, json(204)).install();
    const { user } = renderWithApp(<DiscoverScreen />, { accessToken: "t" });

    await user.click(await screen.findByRole("button", { name: /^Requested: withdraw your request/ }));
    expect(await screen.findByRole("button", { name: `Add friend: ${nameOf(alan)}` })).toBeInTheDocument();
    await waitFor(() => expect(fake.callsTo(`DELETE /friend-requests/${request.id}`)).toHaveLength(1));
    expect(listsOfRequests(fake)).toHaveLength(0);
  });

  it("withdraws a request just sent, by the id the server gave it", async () => {
    const alan = buildStudent();
    const request = buildFriendRequest(buildStudent(), { ...alan, friendship_status: "request_sent" });
    const fake = searchFor("course=Physics", [alan])
      .on("POST /friend-requests", json(201, request))
      .on(`DELETE /friend-requests/${request.id}`, json(204))
      .install();
    const { user } = renderWithApp(<DiscoverScreen />, { accessToken: "t" });

    await user.click(await screen.findByRole("button", { name: `Add friend: ${nameOf(alan)}` }));
    const requested = await screen.findByRole("button", {
      name: `Requested: withdraw your request to ${nameOf(alan)}`,
    });
    await waitFor(() => expect(requested).not.toHaveAttribute("aria-disabled"));
    await user.click(requested);

    expect(await screen.findByRole("button", { name: `Add friend: ${nameOf(alan)}` })).toBeInTheDocument();
    await waitFor(() => expect(fake.callsTo(`DELETE /friend-requests/${request.id}`)).toHaveLength(1));
    expect(listsOfRequests(fake)).toHaveLength(0);
  });

  it("puts Requested back, with its request, when withdrawing fails", async () => {
    const request = buildFriendRequest(buildStudent(), buildStudent({ friendship_status: "request_sent" }));
    const alan = request.to_user;
    const fake = searchFor("course=Physics", [alan])
      .on(
        `DELETE /friend-requests/${request.id}`,
        json(503, errorEnvelope("unavailable", "Quad is briefly unavailable.")),
      )
      .install();
    const { user } = renderWithApp(<DiscoverScreen />, { accessToken: "t" });

    await user.click(await screen.findByRole("button", { name: /^Requested: withdraw your request/ }));
    expect(await screen.findByText(`We couldn't withdraw your request to ${alan.first_name}`)).toBeInTheDocument();
    const requested = screen.getByRole("button", { name: `Requested: withdraw your request to ${nameOf(alan)}` });
    await waitFor(() => expect(requested).not.toHaveAttribute("aria-disabled"));

    // The id came back with the status: a second try goes to the same request.
    await user.click(requested);
    await waitFor(() => expect(fake.callsTo(`DELETE /friend-requests/${request.id}`)).toHaveLength(2));
  });

  it("becomes Friends when asking someone who had asked you (the server accepts theirs)", async () => {
    const alan = buildStudent({ friendship_status: "none" });
    searchFor("course=Physics", [alan])
      .on("POST /friend-requests", json(200, buildFriendRequest(alan, buildStudent(), { status: "accepted" })))
      .install();
    const { user } = renderWithApp(<DiscoverScreen />, { accessToken: "t" });

    await user.click(await screen.findByRole("button", { name: `Add friend: ${nameOf(alan)}` }));
    expect(await screen.findByText(`You and ${alan.first_name} are now friends`)).toBeInTheDocument();
    const card = screen.getByRole("list", { name: "Students" });
    expect(within(card).getByText("Friends")).toHaveFocus();
  });

  it("accepts from the card, and the navigation counts one request fewer at once", async () => {
    const request = buildFriendRequest(buildStudent({ friendship_status: "request_received" }), buildStudent());
    const alan = request.from_user;
    const answer = deferred<{ status: number; body?: unknown }>();
    let waiting = 2;
    const fake = searchFor("course=Physics", [alan])
      .on("GET /friend-requests/count", () => json(200, { incoming: waiting, outgoing: 0 }))
      .on(`POST /friend-requests/${request.id}/accept`, () => answer.promise)
      .install();
    const { user } = renderWithApp(
      <AppShell>
        <DiscoverScreen />
      </AppShell>,
      { accessToken: "t" },
    );
    const [side] = screen.getAllByRole("navigation", { name: "Main" });
    expect(await within(side!).findByRole("link", { name: "Friends, 2 new requests" })).toBeInTheDocument();

    await user.click(await screen.findByRole("button", { name: `Accept ${nameOf(alan)}'s friend request` }));
    // Before the server answers.
    expect(await within(side!).findByRole("link", { name: "Friends, 1 new request" })).toBeInTheDocument();

    waiting = 1;
    await act(async () => answer.resolve(json(200, { ...request, status: "accepted" })));
    expect(await screen.findByText(`You and ${alan.first_name} are now friends`)).toBeInTheDocument();
    // Then the count is asked again, to replace our guess with the server's word.
    await waitFor(() => expect(fake.callsTo("GET /friend-requests/count")).toHaveLength(2));
    expect(within(side!).getByRole("link", { name: "Friends, 1 new request" })).toBeInTheDocument();
    expect(fake.callsTo(`POST /friend-requests/${request.id}/accept`)).toHaveLength(1);
    expect(listsOfRequests(fake)).toHaveLength(0);
  });

  it("puts the Accept button and the count back, and says why, when accepting fails", async () => {
    const request = buildFriendRequest(buildStudent({ friendship_status: "request_received" }), buildStudent());
    const alan = request.from_user;
    searchFor("course=Physics", [alan])
      .on("GET /friend-requests/count", json(200, { incoming: 2, outgoing: 0 }))
      .on(
        `POST /friend-requests/${request.id}/accept`,
        json(503, errorEnvelope("unavailable", "Quad is briefly unavailable.")),
      )
      .install();
    const { user } = renderWithApp(
      <AppShell>
        <DiscoverScreen />
      </AppShell>,
      { accessToken: "t" },
    );
    const [side] = screen.getAllByRole("navigation", { name: "Main" });
    expect(await within(side!).findByRole("link", { name: "Friends, 2 new requests" })).toBeInTheDocument();

    await user.click(await screen.findByRole("button", { name: `Accept ${nameOf(alan)}'s friend request` }));
    expect(await screen.findByText(`We couldn't accept ${alan.first_name}'s request`)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: `Accept ${nameOf(alan)}'s friend request` })).toBeInTheDocument();
    expect(within(side!).getByRole("link", { name: "Friends, 2 new requests" })).toBeInTheDocument();
  });
});
