import { expect, snapshot, test } from "../src/testing/e2e/fixtures";
import { logInAs, makeFriends, registerStudent } from "../src/testing/e2e/students";

/**
 * Chat in real time, against the real backend and its WebSocket: A and B message each other
 * (typing shows, "Read" follows when B reads), a message that looks like HTML stays text,
 * and a group of three talks with names on each message.
 */
test("friends chat in real time, one to one and in a group", async ({ browser, baseURL }) => {
  test.setTimeout(420_000);
  const origin = baseURL!;
  const course = "Astrophysics";
  const ada = await registerStudent(origin, {
    firstName: "Ada",
    lastName: "Byron",
    university: "University of Oxford",
    course,
  });
  const bea = await registerStudent(origin, {
    firstName: "Bea",
    lastName: "Curie",
    university: "University of Oxford",
    course,
  });
  const cy = await registerStudent(origin, {
    firstName: "Cy",
    lastName: "Young",
    university: "University of Oxford",
    course,
  });
  await makeFriends(origin, ada, bea);
  await makeFriends(origin, ada, cy);

  const a = await logInAs(browser, origin, ada);
  const b = await logInAs(browser, origin, bea);
  const c = await logInAs(browser, origin, cy);
  for (const { page } of [a, b, c])
    page.on("dialog", (dialog) => {
      throw new Error(`A dialog opened: ${dialog.message()}`);
    });

  await test.step("A: Message on B's profile opens their chat", async () => {
    await a.page.goto(`/student?id=${bea.id}`);
    await a.page.getByRole("link", { name: "Message" }).click();
    await expect(a.page).toHaveURL(/\/chats\?c=/);
    await expect(a.page.getByRole("textbox", { name: `Message ${bea.name}` })).toBeVisible();
  });

  await test.step("B: opening / lands in Chats", async () => {
    await b.page.goto("/");
    await expect(b.page).toHaveURL(/\/chats$/);
    await expect(b.page.getByRole("heading", { name: "Chats" })).toBeVisible();
  });

  const aHistory = a.page.getByRole("list", { name: "Messages" });
  const bHistory = b.page.getByRole("list", { name: "Messages" });

  await test.step("A sends; B sees it arrive in the list, opens it, and A sees it read", async () => {
    const box = a.page.getByRole("textbox", { name: `Message ${bea.name}` });
    await box.fill("Hello Bea! Notes are at https://example.edu/notes");
    await box.press("Enter");
    const sent = aHistory.getByRole("listitem").filter({ hasText: "Hello Bea!" });
    await expect(sent).toContainText("Sent");

    const row = b.page.getByRole("list", { name: "Conversations" }).getByRole("link", { name: new RegExp(ada.name) });
    await expect(row).toContainText("Hello Bea!");
    await expect(row).toHaveAccessibleName(/1 unread message/);
    await row.click();
    await expect(bHistory.getByText("Hello Bea!")).toBeVisible();
    await expect(bHistory.getByRole("link", { name: "https://example.edu/notes" })).toHaveAttribute("target", "_blank");
    await expect(sent).toContainText("Read");
  });

  await test.step("B types: A sees it; B's reply arrives at A live", async () => {
    const box = b.page.getByRole("textbox", { name: `Message ${ada.name}` });
    await box.pressSequentially("Thanks", { delay: 30 });
    await expect(a.page.getByText("Bea is typing…")).toBeVisible();
    await box.press("Shift+Enter");
    await box.pressSequentially("see you there");
    await box.press("Enter");
    await expect(aHistory.getByText(/Thanks\s+see you there/)).toBeVisible();
    await expect(a.page.getByText("Bea is typing…")).toBeHidden();
  });

  await test.step("a message that looks like HTML shows as text", async () => {
    const box = b.page.getByRole("textbox", { name: `Message ${ada.name}` });
    await box.fill("<img src=x onerror=alert(1)>");
    await box.press("Enter");
    await expect(aHistory.getByText("<img src=x onerror=alert(1)>")).toBeVisible();
    await expect(a.page.locator("img[src='x']")).toHaveCount(0);
    await snapshot(a.page, "chat-direct");
    await snapshot(a.page, "chat-direct", { dark: true });
  });

  await test.step("A reloads: what B has read still shows as Read", async () => {
    // "Read" is B's last_read_seq, which the server sends with the conversation's members.
    await a.page.reload();
    await expect(aHistory.getByRole("listitem").filter({ hasText: "Hello Bea!" })).toContainText("Read");
  });

  await test.step("A makes a group with B and C; all three talk", async () => {
    await a.page.getByRole("button", { name: "New group" }).click();
    const dialog = a.page.getByRole("dialog", { name: "New group" });
    await dialog.getByLabel("Group name").fill("Telescope night");
    await dialog.getByRole("checkbox", { name: bea.name }).check();
    await dialog.getByRole("checkbox", { name: cy.name }).check();
    await snapshot(a.page, "chat-new-group");
    await dialog.getByRole("button", { name: "Create group" }).click();
    await expect(a.page.getByRole("heading", { name: "Telescope night" })).toBeVisible();

    const box = a.page.getByRole("textbox", { name: "Message Telescope night" });
    await box.fill("Friday at 10pm?");
    await box.press("Enter");

    for (const other of [b, c]) {
      await other.page.goto("/chats");
      const row = other.page.getByRole("link", { name: /Telescope night/ });
      await expect(row).toContainText("Ada: Friday at 10pm?");
      await row.click();
      await expect(other.page.getByRole("list", { name: "Messages" }).getByText("Friday at 10pm?")).toBeVisible();
    }
    const cBox = c.page.getByRole("textbox", { name: "Message Telescope night" });
    await cBox.fill("I'm in");
    await cBox.press("Enter");
    await expect(aHistory.getByText("I'm in")).toBeVisible();
    await expect(aHistory.getByText(cy.name, { exact: true })).toBeVisible();
    await expect(b.page.getByRole("list", { name: "Messages" }).getByText("I'm in")).toBeVisible();
    await snapshot(a.page, "chat-group");
  });

  await test.step("group settings: admins, and B leaves", async () => {
    await b.page.getByRole("button", { name: "Group settings" }).click();
    const settings = b.page.getByRole("dialog", { name: "Group settings" });
    await expect(settings.getByRole("listitem").filter({ hasText: ada.name })).toContainText("Admin");
    await snapshot(b.page, "chat-group-settings");
    await settings.getByRole("button", { name: "Leave group" }).click();
    await b.page.getByRole("dialog", { name: "Leave Telescope night?" }).getByRole("button", { name: "Leave" }).click();
    await expect(b.page).toHaveURL(/\/chats$/);
    await expect(b.page.getByRole("link", { name: /Telescope night/ })).toHaveCount(0);
  });

  await test.step("phone: one pane at a time, and the tab bar steps aside for the composer", async () => {
    await a.page.setViewportSize({ width: 390, height: 844 });
    await a.page.goto("/chats");
    const tabBar = a.page.getByRole("navigation", { name: "Main" }); // the side navigation is hidden here
    await expect(a.page.getByRole("list", { name: "Conversations" })).toBeVisible();
    await expect(tabBar).toBeVisible();
    await snapshot(a.page, "chat-list");
    await a.page.getByRole("link", { name: new RegExp(bea.name) }).click();
    await expect(a.page.getByRole("list", { name: "Conversations" })).toBeHidden();
    await expect(aHistory.getByText("Hello Bea!")).toBeVisible();
    await expect(tabBar).toBeHidden();
    // Nothing covers the composer: what is drawn at its middle is the box itself, on screen.
    const box = a.page.getByRole("textbox", { name: `Message ${bea.name}` });
    const onTop = await box.evaluate((element) => {
      const { left, top, width, height, bottom } = element.getBoundingClientRect();
      const hit = document.elementFromPoint(left + width / 2, top + height / 2);
      return hit === element && bottom <= window.innerHeight;
    });
    expect(onTop).toBe(true);
    await snapshot(a.page, "chat-phone-conversation");
    await a.page.getByRole("link", { name: "Back to chats" }).click();
    await expect(a.page.getByRole("list", { name: "Conversations" })).toBeVisible();
    await expect(tabBar).toBeVisible();
  });

  for (const { context } of [a, b, c]) await context.close();
});
