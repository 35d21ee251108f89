import { expect, test } from "../src/testing/e2e/fixtures";

/**
 * Testers try the API in Swagger UI at /docs: its assets come from Quad itself (no CDN),
 * and the Authorize button logs in through /api/v1/auth/token so protected calls work.
 */
test.setTimeout(60_000);

test("Swagger UI authorizes with e-mail and password and calls a protected route", async ({ page, request }) => {
  const email = `grace.${Date.now()}@mit.edu`;
  const password = "compilers all the way";
  const universities = await request.get("/api/v1/universities", {
    params: { q: "Massachusetts Institute of Technology", limit: 1 },
  });
  const [mit] = (await universities.json()).items;
  const registered = await request.post("/api/v1/auth/register", {
    data: {
      first_name: "Grace",
      last_name: "Hopper",
      email,
      password,
      university_id: mit.id,
      course: "Computer Science",
    },
  });
  expect(registered.status()).toBe(201);

  await page.goto("/docs");
  await expect(page.getByRole("heading", { name: /Quad API/ })).toBeVisible();

  await page.locator(".auth-wrapper .authorize").click();
  const dialog = page.locator(".modal-ux");
  await dialog.locator("#oauth_username").fill(email);
  await dialog.locator("#oauth_password").fill(password);
  await dialog.locator("button.modal-btn.authorize").click();
  await expect(dialog.getByText("Authorized", { exact: true })).toBeVisible();
  await dialog.locator("button", { hasText: "Close" }).click();

  const getMe = page.locator("#operations-Me-get_me_api_v1_users_me_get");
  await getMe.locator(".opblock-summary").click();
  await getMe.getByRole("button", { name: "Try it out" }).click();
  await getMe.getByRole("button", { name: "Execute" }).click();
  const liveResponse = getMe.locator(".live-responses-table");
  await expect(liveResponse.locator("tbody .response-col_status")).toHaveText("200");
  await expect(liveResponse.locator("tbody .response-col_description")).toContainText(email);
});
