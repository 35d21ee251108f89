import { expect, request as playwrightRequest, type Browser, type BrowserContext, type Page } from "@playwright/test";

/** A student registered for a journey, and how they log in. */
export interface Student {
  id: string;
  firstName: string;
  lastName: string;
  name: string;
  email: string;
  password: string;
  course: string;
}

export interface NewStudent {
  firstName: string;
  lastName: string;
  /** Where they study, as a search for the university list finds it. */
  university: string;
  course: string;
  interests?: string[];
  bio?: string;
}

/**
 * Registers a student through the API (set-up, not the thing under test: the account
 * journey drives the registration form). The e-mail is unique to this run.
 */
export async function registerStudent(baseURL: string, student: NewStudent): Promise<Student> {
  const api = await playwrightRequest.newContext({ baseURL });
  try {
    const found = await api.get("/api/v1/universities", { params: { q: student.university, limit: 1 } });
    expect(found.ok()).toBe(true);
    const [university] = (await found.json()).items as Array<{ id: string; domains: string[] }>;
    if (!university) throw new Error(`No university found for "${student.university}"`);
    const email = `${student.firstName}.${student.lastName}.${Date.now()}`.toLowerCase().replace(/[^a-z0-9.]/g, "");
    const password = "correct horse battery staple";
    const registered = await api.post("/api/v1/auth/register", {
      data: {
        first_name: student.firstName,
        last_name: student.lastName,
        email: `${email}@${university.domains[0] ?? "example.edu"}`,
        password,
        university_id: university.id,
        course: student.course,
        interests: student.interests ?? [],
        bio: student.bio ?? "",
      },
    });
    expect(registered.status(), await registered.text()).toBe(201);
    const { user } = (await registered.json()) as { user: { id: string; email: string } };
    return {
      id: user.id,
      firstName: student.firstName,
      lastName: student.lastName,
      name: `${student.firstName} ${student.lastName}`,
      email: user.email,
      password,
      course: student.course,
    };
  } finally {
    await api.dispose();
  }
}

/** A browser of the student's own (cookies apart from everyone else's), logged in through the form. */
export async function logInAs(
  browser: Browser,
  baseURL: string,
  student: Student,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(student.email);
  await page.getByLabel("Password", { exact: true }).fill(student.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole("heading", { name: student.name })).toBeVisible();
  return { context, page };
}
