import { portraitPng } from "../src/testing/e2e/images";
import { expect, snapshot, test } from "../src/testing/e2e/fixtures";
import { linkIn } from "../src/testing/e2e/mailbox";

/**
 * A new student's whole account journey against the real backend, database and mail:
 * register → verify from the mail → log out → log in → edit profile → upload a photo →
 * forgot password → reset from the mail → log in with the new password. Every screen is
 * photographed at phone and desktop widths on the way.
 */
test("a new student's account journey", async ({ page, mailbox }) => {
  const email = `ada.${Date.now()}@ucl.ac.uk`;
  const password = "analytical engine 1843";
  const newPassword = "poetical science 1852";

  await test.step("the landing page says what Quad is and leads to sign-up", async () => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Your whole campus");
    await expect(page.getByRole("link", { name: "Sign up" })).toBeVisible();
    await snapshot(page, "landing");
    await snapshot(page, "landing", { dark: true });
    await page.getByRole("link", { name: "Create your free account" }).click();
    await expect(page).toHaveURL(/\/register$/);
  });

  await test.step("register: live errors, the e-mail's university offered, course autocomplete", async () => {
    await expect(page.getByRole("heading", { name: "Join your campus" })).toBeVisible();
    await snapshot(page, "register");
    await snapshot(page, "register", { dark: true });

    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Enter your first name.")).toBeVisible();
    await expect(page.getByLabel("First name")).toBeFocused();
    await page.getByLabel("University e-mail").fill("ada@");
    await page.getByLabel("Password", { exact: true }).fill("short");
    await expect(page.getByText("Enter an e-mail address like name@university.edu.")).toBeVisible();
    await expect(page.getByText("Use at least 8 characters.")).toBeVisible();
    await snapshot(page, "register-errors");

    await page.getByLabel("First name").fill("Ada");
    await page.getByLabel("Last name").fill("Lovelace");
    await page.getByLabel("University e-mail").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await expect(page.getByText("Use at least 8 characters.")).toBeHidden();

    // The university search knows students' shorthand: "ucl" finds UCL first.
    const university = page.getByRole("combobox", { name: "University" });
    await university.fill("ucl");
    await expect(page.getByRole("option").first()).toHaveAccessibleName(
      /^University College London, University of London/,
    );
    await snapshot(page, "register-university-suggestions");
    await university.fill("");

    // An @ucl.ac.uk address is enough: the form offers UCL, and one tap takes it.
    await expect(page.getByText("Studying at University College London, University of London?")).toBeVisible();
    await snapshot(page, "register-university-offer");
    await page.getByRole("button", { name: "Yes, that's mine" }).click();
    await expect(university).toHaveValue("University College London, University of London");
    await expect(page.getByText(/^Studying at/)).toBeHidden();

    await page.getByRole("combobox", { name: "Course" }).fill("Mathematics");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/chats$/);
  });

  await test.step("a new student lands in Chats; their new profile asks to confirm the e-mail", async () => {
    await expect(page.getByRole("heading", { name: "Chats", exact: true })).toBeVisible();
    await expect(page.getByText("No chats yet")).toBeVisible();
    await expect(page.getByRole("region", { name: "E-mail confirmation" })).toContainText(email);
    await page.getByRole("navigation", { name: "Main" }).first().getByRole("link", { name: "Profile" }).click();
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByRole("heading", { name: "Ada Lovelace" })).toBeVisible();
    const banner = page.getByRole("region", { name: "E-mail confirmation" });
    await expect(banner).toContainText(email);
    await expect(page.getByText("Verified student", { exact: true })).toBeHidden();
    await snapshot(page, "profile-unverified");
  });

  await test.step("the mailed link confirms the e-mail and earns the verified badge", async () => {
    const mail = await mailbox.waitFor(email, "Confirm your e-mail", 0);
    await page.goto(linkIn(mail, "/verify-email"));
    await expect(page.getByText("Your e-mail is confirmed")).toBeVisible();
    await snapshot(page, "verify-email-done");
    await page.getByRole("link", { name: "Go to your profile" }).click();
    await expect(page.getByText("Verified student", { exact: true })).toBeVisible();
    await expect(page.getByRole("region", { name: "E-mail confirmation" })).toBeHidden();
    await snapshot(page, "profile-verified");
  });

  await test.step("log out from the avatar menu", async () => {
    await page.getByRole("button", { name: "Account menu for Ada Lovelace" }).click();
    await expect(page.getByRole("menu")).toContainText(email);
    await snapshot(page, "avatar-menu");
    await page.getByRole("menuitem", { name: "Log out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByText("You're logged out.")).toBeVisible();
  });

  await test.step("signed-in pages send a signed-out visitor to log in, and back after", async () => {
    await page.goto("/profile");
    await expect(page).toHaveURL(/\/login\?next=%2Fprofile$/);
    await snapshot(page, "login");
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByRole("heading", { name: "Ada Lovelace" })).toBeVisible();
  });

  await test.step("the session survives a reload (refresh cookie, token in memory)", async () => {
    await page.reload();
    await expect(page.getByRole("heading", { name: "Ada Lovelace" })).toBeVisible();
  });

  await test.step("edit the profile: bio and interests as tags", async () => {
    await page.getByRole("button", { name: "Edit profile" }).click();
    await expect(page.getByRole("heading", { name: "Edit your profile" })).toBeVisible();
    await page.getByLabel("Bio").fill("Mathematician. I write programs for engines that do not exist yet.");
    const interests = page.getByRole("textbox", { name: "Interests" });
    await interests.fill("poetry");
    await interests.press("Enter");
    await interests.fill("engines,");
    await interests.fill("music");
    await interests.press("Enter");
    await expect(page.getByRole("button", { name: "Remove engines" })).toBeVisible();
    await page.getByRole("button", { name: "Remove music" }).click();
    await snapshot(page, "profile-edit");
    await snapshot(page, "profile-edit", { dark: true });
    await page.getByRole("button", { name: "Save profile" }).click();
    await expect(page.getByText("Profile saved")).toBeVisible();
    await expect(page.getByText("I write programs for engines")).toBeVisible();
    const tags = page.getByRole("list", { name: "Interests" });
    await expect(tags.getByRole("listitem")).toHaveText(["poetry", "engines"]);
  });

  await test.step("upload a profile photo", async () => {
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: "ada.png", mimeType: "image/png", buffer: portraitPng() });
    await expect(page.getByText("Photo updated")).toBeVisible();
    const photo = page.getByRole("img", { name: "Ada Lovelace's profile photo" }).locator("img");
    await expect(photo).toHaveAttribute("src", /\/media\//);
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await snapshot(page, "profile-with-photo");
    await snapshot(page, "profile-with-photo", { dark: true });
  });

  await test.step("forgot password: ask for a link", async () => {
    await page.getByRole("button", { name: "Account menu for Ada Lovelace" }).click();
    await page.getByRole("menuitem", { name: "Log out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
    await snapshot(page, "forgot-password");
    await page.getByLabel("E-mail").fill(email);
    await page.getByRole("button", { name: "Send me a reset link" }).click();
    await expect(page.getByText("Check your inbox")).toBeVisible();
    await snapshot(page, "forgot-password-sent");
  });

  await test.step("reset the password from the mailed link", async () => {
    const mail = await mailbox.waitFor(email, "Reset your Quad password", 0);
    await page.goto(linkIn(mail, "/reset-password"));
    await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
    await page.getByLabel("New password", { exact: true }).fill(newPassword);
    await page.getByLabel("Repeat the new password").fill("something else");
    await page.getByRole("button", { name: "Save new password" }).click();
    await expect(page.getByText("The two passwords are not the same.")).toBeVisible();
    await snapshot(page, "reset-password");
    await page.getByLabel("Repeat the new password").fill(newPassword);
    await page.getByRole("button", { name: "Save new password" }).click();
    await expect(page.getByText("Your password is changed")).toBeVisible();
    await snapshot(page, "reset-password-done");
  });

  await test.step("the old password no longer works; the new one does", async () => {
    await page.getByRole("link", { name: "Log in" }).click();
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "do not match" })).toBeVisible();
    await snapshot(page, "login-wrong-password");
    await page.getByLabel("Password", { exact: true }).fill(newPassword);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page).toHaveURL(/\/chats$/);
    await page.goto("/profile");
    await expect(page.getByText("Verified student", { exact: true })).toBeVisible();
  });
});

test("screens off the main path: unknown page, link without token, used link", async ({ page }) => {
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { name: "This page took a wrong turn" })).toBeVisible();
  await snapshot(page, "not-found");

  await page.goto("/verify-email?token=not-a-real-token");
  await expect(page.getByText("This link doesn't work")).toBeVisible();
  await snapshot(page, "verify-email-bad-link");

  await page.goto("/reset-password");
  await expect(page.getByText("We can't use this link")).toBeVisible();
  await snapshot(page, "reset-password-no-token");
});
