import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import type { UserPublic } from "@/lib/api-schema";
import { buildBlock, buildFriendRequest, buildStudent, buildUserMe, errorEnvelope } from "@/testing/builders";
import { FakeApi, json } from "@/testing/fake-api";
import { navigation } from "@/testing/navigation";
import { renderWithApp } from "@/testing/render";

import { StudentProfileScreen } from "./StudentProfileScreen";

vi.mock("next/navigation", () => import("@/testing/navigation"));

const me = buildUserMe();
const notFound = json(404, errorEnvelope("user_not_found", "There is no such student."));
const youBlocked = json(
  404,
  errorEnvelope("user_blocked", "You blocked this student. Unblock them to see their profile."),
);

beforeEach(() => {
  navigation.reset();
  navigation.pathname = "/student";
});

/** The profile of `student`, as the server answers it until `then` says otherwise. */
function profileOf(student: UserPublic) {
  return new FakeApi().on("GET /users/me", json(200, me)).on(`GET /users/${student.id}`, json(200, student));
}

describe("StudentProfileScreen", () => {
  it("shows who they are, the friends you share, and what you can do", async () => {
    const alan = buildStudent({
      first_name: "Alan",
      last_name: "Turing",
      bio: "Machines that think.",
      interests: ["running", "chess"],
      verified_student: true,
      mutual_friends: 3,
      friendship_status: "request_received",
    });
    profileOf(alan).install();
    renderWithApp(<StudentProfileScreen id={alan.id} />, { accessToken: "t" });

    expect(await screen.findByRole("heading", { name: "Alan Turing", level: 1 })).toBeInTheDocument();
    expect(screen.getByText("Verified student")).toBeInTheDocument();
    expect(screen.getByText("3 mutual friends")).toBeInTheDocument();
    expect(screen.getByText("Machines that think.")).toBeInTheDocument();
    expect(screen.getByRole("list", { name: "Interests" })).toHaveTextContent("runningchess");
    expect(screen.getByRole("img", { name: "Alan Turing's profile photo" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Accept Alan Turing's friend request" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Decline Alan Turing's friend request" })).toBeInTheDocument();
  });

  it("declines their request by the id the profile carries, and offers to add them instead", async () => {
    const request = buildFriendRequest(buildStudent({ friendship_status: "request_received" }), buildStudent());
    const alan = request.from_user;
    const fake = profileOf(alan)
      .on(`POST /friend-requests/${request.id}/decline`, () => {
        fake.on(`GET /users/${alan.id}`, json(200, { ...alan, friendship_status: "none", friend_request_id: null }));
        return json(200, { ...request, status: "declined" });
      })
      .install();
    const { user } = renderWithApp(<StudentProfileScreen id={alan.id} />, { accessToken: "t" });
    const name = `${alan.first_name} ${alan.last_name}`;

    await user.click(await screen.findByRole("button", { name: `Decline ${name}'s friend request` }));
    expect(await screen.findByRole("button", { name: `Add friend: ${name}` })).toHaveFocus();
    await waitFor(() => expect(fake.callsTo(`POST /friend-requests/${request.id}/decline`)).toHaveLength(1));
    expect(fake.callsTo("GET /friend-requests")).toHaveLength(0);
  });

  it("unfriends after asking, and the profile says you are no longer friends", async () => {
    const alan = buildStudent({ first_name: "Alan", last_name: "Turing", friendship_status: "friends" });
    const fake = profileOf(alan).on(`DELETE /friends/${alan.id}`, json(204)).install();
    const { user } = renderWithApp(<StudentProfileScreen id={alan.id} />, { accessToken: "t" });

    expect(await screen.findByText("Friends")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "More actions for Alan Turing" }));
    await user.click(screen.getByRole("menuitem", { name: "Unfriend" }));
    fake.on(`GET /users/${alan.id}`, json(200, { ...alan, friendship_status: "none" }));
    await user.click(
      within(screen.getByRole("dialog", { name: "Unfriend Alan Turing?" })).getByRole("button", { name: "Unfriend" }),
    );

    expect(await screen.findByRole("button", { name: "Add friend: Alan Turing" })).toBeInTheDocument();
    await waitFor(() => expect(fake.callsTo(`DELETE /friends/${alan.id}`)).toHaveLength(1));
    expect(screen.getByRole("button", { name: "More actions for Alan Turing" })).toHaveFocus();
  });

  it("blocks after asking; the profile then says whom you blocked, and can lift it", async () => {
    const charles = buildStudent({ first_name: "Charles", last_name: "Babbage" });
    const fake = profileOf(charles)
      .on("POST /blocks", () => {
        // From now on the server hides them from you, and says it is your block.
        fake.on(`GET /users/${charles.id}`, youBlocked);
        return json(201, buildBlock(charles));
      })
      .on(`DELETE /blocks/${charles.id}`, () => {
        fake.on(`GET /users/${charles.id}`, json(200, charles));
        return json(204);
      })
      .install();
    const { user } = renderWithApp(<StudentProfileScreen id={charles.id} />, { accessToken: "t" });

    await user.click(await screen.findByRole("button", { name: "More actions for Charles Babbage" }));
    await user.click(screen.getByRole("menuitem", { name: "Block" }));
    const dialog = screen.getByRole("dialog", { name: "Block Charles Babbage?" });
    expect(dialog).toHaveAccessibleDescription(/Charles isn't told/);
    await user.click(within(dialog).getByRole("button", { name: "Block" }));

    // The name is the one the profile showed: the server's 404 has none.
    expect(await screen.findByRole("heading", { name: "You blocked Charles Babbage" })).toBeInTheDocument();
    expect(fake.callsTo("POST /blocks")[0]?.body).toEqual({ user_id: charles.id });

    await user.click(screen.getByRole("button", { name: "Unblock Charles" }));
    expect(await screen.findByRole("heading", { name: "Charles Babbage", level: 1 })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Add friend: Charles Babbage" })).toBeInTheDocument();
    expect(fake.callsTo(`DELETE /blocks/${charles.id}`)).toHaveLength(1);
    expect(fake.callsTo("GET /blocks")).toHaveLength(0);
  });

  it("says you blocked a student whose profile you open by its address, and can lift it", async () => {
    const charles = buildStudent({ first_name: "Charles", last_name: "Babbage" });
    const fake = new FakeApi()
      .on("GET /users/me", json(200, me))
      .on(`GET /users/${charles.id}`, youBlocked)
      .on(`DELETE /blocks/${charles.id}`, () => {
        fake.on(`GET /users/${charles.id}`, json(200, charles));
        return json(204);
      })
      .install();
    const { user } = renderWithApp(<StudentProfileScreen id={charles.id} />, { accessToken: "t" });

    expect(await screen.findByRole("heading", { name: "You blocked this student" })).toBeInTheDocument();
    expect(screen.getByText(/They aren't told\./)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Unblock" }));

    expect(await screen.findByRole("heading", { name: "Charles Babbage", level: 1 })).toBeInTheDocument();
    expect(await screen.findByText("You unblocked this student")).toBeInTheDocument();
    expect(fake.callsTo(`DELETE /blocks/${charles.id}`)).toHaveLength(1);
    expect(fake.callsTo("GET /blocks")).toHaveLength(0);
  });

  it("says a student cannot be found when the server does not show them", async () => {
    const id = "20000000-0000-4000-8000-000000000999";
    const fake = new FakeApi().on("GET /users/me", json(200, me)).on(`GET /users/${id}`, notFound).install();
    renderWithApp(<StudentProfileScreen id={id} />, { accessToken: "t" });

    expect(await screen.findByRole("heading", { name: "We can't find this student" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Find classmates" })).toHaveAttribute("href", "/discover");
    expect(screen.queryByRole("button", { name: /Unblock/ })).toBeNull();
    expect(fake.callsTo("GET /blocks")).toHaveLength(0);
  });

  it("does not ask the server about an address that is not a student's id", async () => {
    const fake = new FakeApi().on("GET /users/me", json(200, me)).install();
    renderWithApp(<StudentProfileScreen id="not-an-id" />, { accessToken: "t" });

    expect(screen.getByRole("heading", { name: "We can't find this student" })).toBeInTheDocument();
    expect(fake.calls.filter((call) => call.path.startsWith("/users/not"))).toHaveLength(0);
  });

  it("sends you to your own profile page when it is yours", async () => {
    new FakeApi().on("GET /users/me", json(200, me)).install();
    renderWithApp(<StudentProfileScreen id={me.id} />, { accessToken: "t" });

    await waitFor(() => expect(navigation.router.replace).toHaveBeenCalledWith("/profile"));
  });
});
