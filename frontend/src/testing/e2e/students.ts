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
  // Logging in lands in Chats, as in every chat app; the avatar menu says who is signed in.
  await expect(page).toHaveURL(/\/chats$/);
  await expect(page.getByRole("heading", { name: "Chats", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: `Account menu for ${student.name}` })).toBeVisible();
  return { context, page };
}

async function accessToken(api: Awaited<ReturnType<typeof playwrightRequest.newContext>>, student: Student) {
  const response = await api.post("/api/v1/auth/login", { data: { email: student.email, password: student.password } });
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Makes two students friends through the API (set-up: the friends journey drives the screens). */
export async function makeFriends(baseURL: string, a: Student, b: Student): Promise<void> {
  const api = await playwrightRequest.newContext({ baseURL });
  try {
    const [tokenA, tokenB] = [await accessToken(api, a), await accessToken(api, b)];
    const asked = await api.post("/api/v1/friend-requests", {
      data: { user_id: b.id },
      headers: { Authorization: `Bearer ${tokenA}` },
    });
    expect(asked.status(), await asked.text()).toBe(201);
    const { id } = (await asked.json()) as { id: string };
    const accepted = await api.post(`/api/v1/friend-requests/${id}/accept`, {
      headers: { Authorization: `Bearer ${tokenB}` },
    });
    expect(accepted.ok(), await accepted.text()).toBe(true);
  } finally {
    await api.dispose();
  }
}
