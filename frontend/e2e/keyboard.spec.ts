import type { Page } from "@playwright/test";

import { expect, test } from "../src/testing/e2e/fixtures";

/** Presses Tab until the element with that accessible label has focus (at most 20 times). */
async function tabTo(page: Page, label: string): Promise<void> {
  for (let presses = 0; presses < 20; presses += 1) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const active = document.activeElement as HTMLElement | null;
      const labelled = active?.id ? document.querySelector(`label[for="${active.id}"]`) : null;
      return labelled?.textContent ?? active?.getAttribute("aria-label") ?? active?.textContent ?? "";
    });
    if (focused.trim().startsWith(label)) return;
  }
  throw new Error(`Tab never reached "${label}"`);
}

test("a student logs in and out with the keyboard alone", async ({ page, request }) => {
  const email = `alan.${Date.now()}@cam.ac.uk`;
  const password = "enigma machine 1939";
  const universities = await request.get("/api/v1/universities", {
    params: { q: "University of Cambridge", limit: 1 },
  });
  const [cambridge] = (await universities.json()).items;
  const registered = await request.post("/api/v1/auth/register", {
    data: {
      first_name: "Alan",
      last_name: "Turing",
      email,
      password,
      university_id: cambridge.id,
      course: "Mathematics",
    },
  });
  expect(registered.status()).toBe(201);
  await page.context().clearCookies(); // the API call above logged this browser context in

  await page.goto("/login");
  await tabTo(page, "E-mail");
  await page.keyboard.type(email);
  await tabTo(page, "Password");
  await page.keyboard.type(password);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/chats$/);
  await expect(page.getByRole("heading", { name: "Chats", exact: true })).toBeVisible();

  // The avatar menu (a WAI-ARIA menu button) opens with Enter; End reaches "Log out".
  await page
    .getByRole("button", { name: /account menu|Alan/i })
    .first()
    .focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menu")).toBeVisible();
  await page.keyboard.press("End");
  await expect(page.getByRole("menuitem", { name: "Log out" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/login/);
});
