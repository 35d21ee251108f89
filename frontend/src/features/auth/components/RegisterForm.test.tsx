import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { selectAccessToken } from "@/lib/session";
import { profileApi } from "@/features/profile";
import { buildCourse, buildTokens, buildUniversity, buildUserMe, errorEnvelope } from "@/testing/builders";
import { FakeApi, json } from "@/testing/fake-api";
import { renderWithApp } from "@/testing/render";

import { RegisterForm } from "./RegisterForm";

const ucl = buildUniversity({ name: "University College London", domains: ["ucl.ac.uk"] });

function fakeUniversities() {
  return new FakeApi()
    .on("GET /universities", (call) =>
      json(200, {
        items: call.search.get("q")?.toLowerCase().startsWith("univ") ? [ucl, buildUniversity()] : [],
        next_cursor: null,
      }),
    )
    .on(
      `GET /universities/${ucl.id}/courses`,
      json(200, { items: [buildCourse({ name: "Mathematics", student_count: 31 })], next_cursor: null }),
    );
}

async function fillIn(user: ReturnType<typeof renderWithApp>["user"]) {
  await user.type(screen.getByLabelText("First name"), "Ada");
  await user.type(screen.getByLabelText("Last name"), "Lovelace");
  await user.type(screen.getByLabelText("University e-mail"), "ada@ucl.ac.uk");
  await user.type(screen.getByLabelText("Password", { selector: "input" }), "analytical engine");
  await user.type(screen.getByRole("combobox", { name: "University" }), "Univ");
  await user.click(await screen.findByRole("option", { name: /University College London/ }));
  await user.type(screen.getByRole("combobox", { name: "Course" }), "Math");
  await user.click(await screen.findByRole("option", { name: "Mathematics, 31 students" }));
}

describe("RegisterForm", () => {
  it("finds the university and the course as you type, and creates the account", async () => {
    const me = buildUserMe();
    const fake = fakeUniversities()
      .on("POST /auth/register", json(201, { user: me, tokens: buildTokens("welcome") }))
      .install();
    const { user, store } = renderWithApp(<RegisterForm />, { signedOut: true });

    await fillIn(user);
    expect(screen.getByRole("combobox", { name: "Course" })).toHaveValue("Mathematics");
    await user.click(screen.getByRole("button", { name: "Create account" }));

    await screen.findByRole("button", { name: "Create account" });
    expect(fake.callsTo("POST /auth/register")[0]?.body).toEqual({
      first_name: "Ada",
      last_name: "Lovelace",
      email: "ada@ucl.ac.uk",
      password: "analytical engine",
      university_id: ucl.id,
      course: "Mathematics",
    });
    expect(selectAccessToken(store.getState())).toBe("welcome");
    expect(profileApi.endpoints.getMe.select()(store.getState()).data).toEqual(me);
  });

  it("needs a university picked from the list, not just typed", async () => {
    fakeUniversities().install();
    const { user } = renderWithApp(<RegisterForm />, { signedOut: true });

    await user.type(screen.getByRole("combobox", { name: "University" }), "Somewhere");
    await user.click(screen.getByRole("button", { name: "Create account" }));

    expect(screen.getByText("Pick your university from the suggestions.")).toBeInTheDocument();
  });

  it("puts the server's 422 details on their fields and focuses the first", async () => {
    fakeUniversities()
      .on(
        "POST /auth/register",
        json(
          422,
          errorEnvelope("validation_error", "Some fields are not valid.", [
            { field: "email", message: "The domain name ucl.ac.uk does not accept email." },
            { field: "course", message: "Must not contain control characters" },
          ]),
        ),
      )
      .install();
    const { user } = renderWithApp(<RegisterForm />, { signedOut: true });

    await fillIn(user);
    await user.click(screen.getByRole("button", { name: "Create account" }));

    const email = screen.getByLabelText("University e-mail");
    expect(await screen.findByText("The domain name ucl.ac.uk does not accept email.")).toBeInTheDocument();
    expect(email).toHaveAttribute("aria-invalid", "true");
    expect(email).toHaveFocus();
    expect(screen.getByRole("combobox", { name: "Course" })).toHaveAccessibleDescription(
      /Must not contain control characters/,
    );

    // Editing the field clears its server error: the message was about the old value.
    await user.type(email, "x");
    expect(screen.queryByText("The domain name ucl.ac.uk does not accept email.")).toBeNull();
  });

  it("shows a taken e-mail on the e-mail field", async () => {
    fakeUniversities()
      .on("POST /auth/register", json(409, errorEnvelope("email_taken", "An account with this e-mail already exists.")))
      .install();
    const { user } = renderWithApp(<RegisterForm />, { signedOut: true });

    await fillIn(user);
    await user.click(screen.getByRole("button", { name: "Create account" }));

    expect(await screen.findByLabelText("University e-mail")).toHaveAccessibleDescription(
      /An account with this e-mail already exists./,
    );
  });

  it("says so when the server cannot be reached", async () => {
    const fake = fakeUniversities().install();
    const { user } = renderWithApp(<RegisterForm />, { signedOut: true });
    await fillIn(user);
    fake.fetch.mockRejectedValueOnce(new TypeError("Failed to fetch"));

    await user.click(screen.getByRole("button", { name: "Create account" }));

    const alert = await screen.findByRole("alert");
    expect(within(alert).getByText(/can't reach Quad/)).toBeInTheDocument();
  });
});
