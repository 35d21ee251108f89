import { expect, snapshot, test } from "../src/testing/e2e/fixtures";
import { logInAs, registerStudent } from "../src/testing/e2e/students";

/**
 * Discovery and friends with three students in three browsers, against the real backend:
 * A finds B by course on Discover and asks to be friends (withdrawing and asking again on the
 * way); B sees the badge, opens Requests and accepts; both see each other under Friends; A
 * blocks C, and C can no longer find A.
 */
test("classmates find each other, become friends, and a block hides them", async ({ browser, baseURL }) => {
  // Three browsers and some twenty screens, each photographed twice and checked by axe-core.
  test.setTimeout(420_000);
  const origin = baseURL!;
  // A course no other journey uses, so the search finds exactly these students.
  const course = "Marine Biology";
  const grace = await registerStudent(origin, {
    firstName: "Grace",
    lastName: "Hopper",
    university: "University of Edinburgh",
    course,
    interests: ["sailing", "compilers"],
    bio: "Diving, coral reefs and the odd compiler.",
  });
  const katherine = await registerStudent(origin, {
    firstName: "Katherine",
    lastName: "Johnson",
    university: "University of Edinburgh",
    course,
    interests: ["sailing", "orbits"],
  });
  const charles = await registerStudent(origin, {
    firstName: "Charles",
    lastName: "Babbage",
    university: "University of Cambridge",
    course: "Engineering",
  });

  const a = await logInAs(browser, origin, grace);
  const b = await logInAs(browser, origin, katherine);
  const c = await logInAs(browser, origin, charles);

  await test.step("A: Discover suggests a classmate with the reasons why", async () => {
    await a.page.getByRole("navigation", { name: "Main" }).first().getByRole("link", { name: "Discover" }).click();
    await expect(a.page).toHaveURL(/\/discover$/);
    const suggestions = a.page.getByRole("list", { name: "People you may know" });
    const card = suggestions.getByRole("listitem").filter({ hasText: katherine.name });
    await expect(card).toContainText(`Same course: ${course}`);
    await snapshot(a.page, "discover-suggestions");
    await snapshot(a.page, "discover-suggestions", { dark: true });
  });

  await test.step("A: finds B by course (any case), and the search is in the URL", async () => {
    await a.page.getByRole("combobox", { name: "Course" }).fill("marine biology");
    await expect(a.page).toHaveURL(/course=marine\+biology/);
    const results = a.page.getByRole("list", { name: "Students" });
    await expect(results.getByRole("heading", { name: katherine.name })).toBeVisible();
    await expect(results.getByRole("listitem")).toHaveCount(1); // never yourself
    await a.page.reload();
    await expect(a.page.getByRole("combobox", { name: "Course" })).toHaveValue("marine biology");
    await expect(results.getByRole("heading", { name: katherine.name })).toBeVisible();
    await snapshot(a.page, "discover-results");
  });

  await test.step("A: asks B to be friends; the button follows at once and survives a reload", async () => {
    // With the keyboard: the button keeps the focus as its label changes.
    await a.page.getByRole("button", { name: `Add friend: ${katherine.name}` }).focus();
    await a.page.keyboard.press("Enter");
    const requested = a.page.getByRole("button", { name: `Requested: withdraw your request to ${katherine.name}` });
    await expect(requested).toBeVisible();
    await expect(requested).toBeFocused();
    await a.page.reload();
    await expect(requested).toBeVisible();
    await snapshot(a.page, "discover-requested");
  });

  await test.step("A: withdraws the request from the reloaded card (by the id the server gave), and asks again", async () => {
    const add = a.page.getByRole("button", { name: `Add friend: ${katherine.name}` });
    const requested = a.page.getByRole("button", { name: `Requested: withdraw your request to ${katherine.name}` });
    await requested.click();
    await expect(add).toBeVisible();
    await a.page.reload();
    await expect(add).toBeVisible(); // the server withdrew it, not only this page
    await add.click();
    await expect(requested).toBeVisible();
    await expect(requested).not.toHaveAttribute("aria-disabled");
  });

  await test.step("B: sees the badge, opens Requests and accepts", async () => {
    const friendsLink = b.page
      .getByRole("navigation", { name: "Main" })
      .first()
      .getByRole("link", { name: /^Friends/ });
    // The badge polls and refetches on focus; a reload stands in for "later".
    await expect(async () => {
      await b.page.reload();
      await expect(friendsLink).toHaveAccessibleName("Friends, 1 new request", { timeout: 2_000 });
    }).toPass({ timeout: 15_000 });
    await snapshot(b.page, "nav-request-badge");
    await friendsLink.click();
    await expect(b.page).toHaveURL(/\/friends$/);
    await expect(b.page.getByRole("heading", { name: "No friends yet" })).toBeVisible();
    await snapshot(b.page, "friends-empty");
    await b.page.getByRole("link", { name: "See your requests" }).click();
    await expect(b.page).toHaveURL(/\/friends\/requests$/);
    const waiting = b.page.getByRole("region", { name: /Waiting for you/ });
    await expect(waiting.getByRole("heading", { name: grace.name })).toBeVisible();
    await snapshot(b.page, "friend-requests");
    await snapshot(b.page, "friend-requests", { dark: true });

    await waiting.getByRole("button", { name: `Accept ${grace.name}'s friend request` }).click();
    await expect(b.page.getByText(`You and ${grace.firstName} are now friends`)).toBeVisible();
    await expect(waiting.getByRole("heading", { name: grace.name })).toBeHidden();
    await expect(friendsLink).toHaveAccessibleName("Friends");
  });

  await test.step("both see each other under Friends", async () => {
    await b.page.getByRole("navigation", { name: "Friends pages" }).getByRole("link", { name: "Friends" }).click();
    await expect(
      b.page.getByRole("list", { name: "Your friends" }).getByRole("heading", { name: grace.name }),
    ).toBeVisible();

    await a.page.goto("/friends");
    const friends = a.page.getByRole("list", { name: "Your friends" });
    await expect(friends.getByRole("heading", { name: katherine.name })).toBeVisible();
    await snapshot(a.page, "friends");
    await snapshot(a.page, "friends", { dark: true });

    await friends.getByRole("link", { name: katherine.name, exact: true }).click();
    await expect(a.page).toHaveURL(new RegExp(`/student\\?id=${katherine.id}$`));
    await expect(a.page.getByRole("heading", { name: katherine.name, level: 1 })).toBeVisible();
    await expect(a.page.getByRole("main").getByText("Friends", { exact: true })).toBeVisible();
    await snapshot(a.page, "student-profile-friend");
  });

  await test.step("C can find A before any block", async () => {
    await c.page.goto(`/discover?q=${encodeURIComponent(grace.name)}`);
    await expect(
      c.page.getByRole("list", { name: "Students" }).getByRole("heading", { name: grace.name }),
    ).toBeVisible();
  });

  await test.step("A: finds C by name, and blocks them after confirming", async () => {
    await a.page.goto("/discover");
    await a.page.getByRole("searchbox", { name: "Name" }).fill("charles babage"); // typo tolerant
    const card = a.page.getByRole("list", { name: "Students" }).getByRole("listitem").filter({ hasText: charles.name });
    await card.getByRole("link", { name: charles.name }).click();
    await expect(a.page.getByRole("heading", { name: charles.name, level: 1 })).toBeVisible();
    await expect(a.page.getByRole("button", { name: `Add friend: ${charles.name}` })).toBeVisible();
    await snapshot(a.page, "student-profile");
    await snapshot(a.page, "student-profile", { dark: true });

    await a.page.getByRole("button", { name: `More actions for ${charles.name}` }).click();
    await a.page.getByRole("menuitem", { name: "Block" }).click();
    const dialog = a.page.getByRole("dialog", { name: `Block ${charles.name}?` });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
    await snapshot(a.page, "block-confirm");
    await dialog.getByRole("button", { name: "Block" }).click();
    await expect(a.page.getByText(`You blocked ${charles.name}`).first()).toBeVisible();
    await expect(a.page.getByRole("heading", { name: `You blocked ${charles.name}` })).toBeVisible();
    await snapshot(a.page, "student-profile-blocked");

    // Opened again by its address: the server says only that you blocked them.
    await a.page.reload();
    await expect(a.page.getByRole("heading", { name: "You blocked this student" })).toBeVisible();
    await expect(a.page.getByRole("button", { name: "Unblock", exact: true })).toBeVisible();
    await snapshot(a.page, "student-profile-blocked-link");

    await a.page.goto("/friends/blocked");
    await expect(a.page.getByRole("list", { name: "Students you blocked" })).toContainText(charles.name);
    await snapshot(a.page, "blocked-students");
  });

  await test.step("C can no longer find A, by name or by their profile's address", async () => {
    await c.page.reload();
    await expect(c.page.getByRole("heading", { name: "No one matches your search" })).toBeVisible();
    await expect(c.page.getByText(grace.name)).toHaveCount(0);
    await snapshot(c.page, "discover-no-results");
    await c.page.goto(`/student?id=${grace.id}`);
    await expect(c.page.getByRole("heading", { name: "We can't find this student" })).toBeVisible();
    await snapshot(c.page, "student-not-found");
  });

  for (const student of [a, b, c]) await student.context.close();
});
