import { expect, snapshot, test } from "../src/testing/e2e/fixtures";
import { logInAs, registerStudent } from "../src/testing/e2e/students";

/**
 * Notifications across two server processes (one database, one Redis), with each student on
 * their own: B asks A to be friends and A's bell rings without a reload; A opens it and
 * accepts, and B's bell tells B; B writes three messages while A is elsewhere, and A gets one
 * notification that counts them, which leads to the chat and is read there.
 */
test("the bell tells what happened elsewhere, across server processes", async ({ browser, baseURL, secondBaseURL }) => {
  test.setTimeout(300_000);
  const amara = await registerStudent(baseURL!, {
    firstName: "Amara",
    lastName: "Diallo",
    university: "University of Bristol",
    course: "Neuroscience",
  });
  const noah = await registerStudent(baseURL!, {
    firstName: "Noah",
    lastName: "Okafor",
    university: "University of Bristol",
    course: "Neuroscience",
  });

  // A on the first process, B on the second: every notification crosses Redis.
  const a = await logInAs(browser, baseURL!, amara);
  const b = await logInAs(browser, secondBaseURL, noah);
  const bell = (page: typeof a.page, name: string) => page.getByRole("button", { name, exact: true });

  await test.step("B asks A to be friends; A's bell shows 1 without a reload, and a toast says who", async () => {
    await expect(bell(a.page, "Notifications")).toBeVisible();
    await b.page.goto(`/student?id=${amara.id}`);
    await b.page.getByRole("button", { name: `Add friend: ${amara.name}` }).click();
    await expect(
      b.page.getByRole("button", { name: `Requested: withdraw your request to ${amara.name}` }),
    ).toBeVisible();

    await expect(bell(a.page, "Notifications, 1 unread")).toBeVisible();
    await expect(a.page.getByText(`${noah.name} sent you a friend request`)).toBeVisible();
    await expect(a.page).toHaveTitle(/^\(1\) /);
    await snapshot(a.page, "notification-toast");
  });

  await test.step("A opens the bell and the request, and accepts", async () => {
    await bell(a.page, "Notifications, 1 unread").click();
    const panel = a.page.getByRole("dialog", { name: "Notifications" });
    const request = panel.getByRole("button", { name: new RegExp(`${noah.name} sent you a friend request`) });
    await expect(request).toBeVisible();
    await snapshot(a.page, "notifications-dropdown");
    await request.click();

    await expect(a.page).toHaveURL(/\/friends\/requests$/);
    await expect(bell(a.page, "Notifications")).toBeVisible();
    await a.page
      .getByRole("region", { name: /Waiting for you/ })
      .getByRole("button", { name: `Accept ${noah.name}'s friend request` })
      .click();
    await expect(a.page.getByText(`You and ${noah.firstName} are now friends`)).toBeVisible();
  });

  await test.step("B's bell shows the acceptance, without a reload", async () => {
    await expect(bell(b.page, "Notifications, 1 unread")).toBeVisible();
    await bell(b.page, "Notifications, 1 unread").click();
    await expect(
      b.page
        .getByRole("dialog", { name: "Notifications" })
        .getByRole("button", { name: new RegExp(`${amara.name} accepted your friend request`) }),
    ).toBeVisible();
    await b.page.keyboard.press("Escape");
  });

  await test.step("B writes three messages while A is elsewhere: A gets one notification counting 3", async () => {
    await b.page.goto(`/student?id=${amara.id}`);
    await b.page.getByRole("link", { name: "Message" }).click();
    const box = b.page.getByRole("textbox", { name: `Message ${amara.name}` });
    const history = b.page.getByRole("list", { name: "Messages" });
    for (const text of ["Are you going to the lab tomorrow?", "I have the slides", "Coffee first?"]) {
      await box.fill(text);
      await box.press("Enter");
      await expect(history.getByText(text)).toBeVisible();
    }

    await expect(bell(a.page, "Notifications, 1 unread")).toBeVisible();
    await a.page.goto("/notifications");
    const today = a.page.getByRole("region", { name: "Today" });
    const messages = today.getByRole("button", { name: new RegExp(`3 new messages from ${noah.name}`) });
    await expect(messages).toBeVisible();
    await expect(
      today.getByRole("button", { name: new RegExp(`${noah.name} sent you a friend request`) }),
    ).toBeVisible();
    await snapshot(a.page, "notifications-page");
    await snapshot(a.page, "notifications-page", { dark: true });
  });

  await test.step("A opens it: the chat, with the three messages, and the bell back to 0", async () => {
    await a.page
      .getByRole("region", { name: "Today" })
      .getByRole("button", { name: new RegExp(`3 new messages from ${noah.name}`) })
      .click();
    await expect(a.page).toHaveURL(/\/chats\?c=/);
    await expect(a.page.getByRole("list", { name: "Messages" }).getByText("Coffee first?")).toBeVisible();
    await expect(bell(a.page, "Notifications")).toBeVisible();
    await expect(a.page).not.toHaveTitle(/^\(\d+\) /);
  });

  await test.step("A mutes the chat: B's next message makes no notification, the chat still counts it", async () => {
    await a.page.getByRole("button", { name: "Mute notifications" }).click();
    await expect(a.page.getByRole("button", { name: "Mute notifications" })).toHaveAttribute("aria-pressed", "true");
    await a.page.goto("/friends");
    const box = b.page.getByRole("textbox", { name: `Message ${amara.name}` });
    await box.fill("Never mind, see you there");
    await box.press("Enter");

    const chats = a.page
      .getByRole("navigation", { name: "Main" })
      .first()
      .getByRole("link", { name: /^Chats/ });
    await expect(chats).toHaveAccessibleName("Chats, 1 unread chat");
    await expect(bell(a.page, "Notifications")).toBeVisible();
  });

  await a.context.close();
  await b.context.close();
});
