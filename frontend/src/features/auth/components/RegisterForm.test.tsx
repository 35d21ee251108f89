import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { selectAccessToken } from "@/lib/session";
import { profileApi } from "@/features/profile";
import { buildCourse, buildTokens, buildUniversity, buildUserMe, errorEnvelope } from "@/testing/builders";
import { FakeApi, json } from "@/testing/fake-api";
import { renderWithApp } from "@/testing/render";

import { RegisterForm } from "./RegisterForm";

const ucl = buildUniversity({ name: "University College London", domains: ["ucl.ac.uk"] });

const other = buildUniversity({ name: "University of Edinburgh", domains: ["ed.ac.uk"] });

/** The offer comes once the address has stopped changing for a moment (debounced). */
const offerShown = () => screen.findByText(/Studying at/, {}, { timeout: 3000 });

/** Search by `q` ("univ..." finds UCL and another), lookup by `domain` (UCL's and its subdomains'). */
function fakeUniversities() {
  return new FakeApi()
    .on("GET /universities", (call) => {
      const domain = call.search.get("domain");
      if (domain !== null)
        return json(200, { items: /(^|\.)ucl\.ac\.uk$/.test(domain) ? [ucl] : [], next_cursor: null });
      return json(200, {
        items: call.search.get("q")?.toLowerCase().startsWith("univ") ? [ucl, other] : [],
        next_cursor: null,
      });
    })
    .on(
      `GET /universities/${ucl.id}/courses`,
      json(200, { items: [buildCourse({ name: "Mathematics", student_count: 31 })], next_cursor: null }),
    );
}

type User = ReturnType<typeof renderWithApp>["user"];

/** Text pasted into a field in one go: quicker than typing it key by key. */
async function paste(user: User, field: HTMLElement, text: string) {
  await user.click(field);
  await user.paste(text);
}

async function fillIn(user: User) {
  await paste(user, screen.getByLabelText("First name"), "Ada");
  await paste(user, screen.getByLabelText("Last name"), "Lovelace");
  await paste(user, screen.getByLabelText("University e-mail"), "ada@ucl.ac.uk");
  await paste(user, screen.getByLabelText("Password", { selector: "input" }), "analytical engine");
  await paste(user, screen.getByRole("combobox", { name: "University" }), "Univ");
  await user.click(await screen.findByRole("option", { name: /University College London/ }));
  await paste(user, screen.getByRole("combobox", { name: "Course" }), "Math");
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

  it("offers the university of the e-mail's domain and takes it with one tap", async () => {
    const fake = fakeUniversities()
      .on("POST /auth/register", json(201, { user: buildUserMe(), tokens: buildTokens("welcome") }))
      .install();
    const { user } = renderWithApp(<RegisterForm />, { signedOut: true });

    await paste(user, screen.getByLabelText("University e-mail"), "ada@student.ucl.ac.uk");

    const offer = await offerShown();
    expect(offer).toHaveTextContent("Studying at University College London?");
    expect(offer.closest("[role=status]")).not.toBeNull(); // announced when it appears
    await user.click(screen.getByRole("button", { name: "Yes, that's mine" }));

    expect(screen.getByRole("combobox", { name: "University" })).toHaveValue("University College London");
    expect(screen.queryByText(/Studying at/)).toBeNull();
    expect(screen.getByRole("status")).toHaveTextContent("University College London is now your university.");
    await paste(user, screen.getByLabelText("First name"), "Ada");
    await paste(user, screen.getByLabelText("Last name"), "Lovelace");
    await paste(user, screen.getByLabelText("Password", { selector: "input" }), "analytical engine");
    await paste(user, screen.getByRole("combobox", { name: "Course" }), "Math");
    // Course suggestions follow the offered university as they follow a picked one.
    await user.click(await screen.findByRole("option", { name: "Mathematics, 31 students" }));
    await user.click(screen.getByRole("button", { name: "Create account" }));
    await screen.findByRole("button", { name: "Create account" });
    expect(fake.callsTo("POST /auth/register")[0]?.body).toMatchObject({ university_id: ucl.id });
  });

  it("asks for the domain alone, once the address has stopped changing", async () => {
    const fake = fakeUniversities().install();
    const { user } = renderWithApp(<RegisterForm />, { signedOut: true });

    await user.type(screen.getByLabelText("University e-mail"), "ada.lovelace@ucl.ac.uk");
    await offerShown();

    const lookups = fake.callsTo("GET /universities").map((call) => call.search.get("domain"));
    expect(lookups).toEqual(["ucl.ac.uk"]);
  });

  it("offers nothing for an address no university uses", async () => {
    const fake = fakeUniversities().install();
    const { user } = renderWithApp(<RegisterForm />, { signedOut: true });

    await user.type(screen.getByLabelText("University e-mail"), "ada@gmail.com");
    await waitFor(() => expect(fake.callsTo("GET /universities")).toHaveLength(1), { timeout: 3000 });

    expect(screen.queryByText(/Studying at/)).toBeNull();
  });

  it("never offers the e-mail's university over one picked by hand", async () => {
    const fake = fakeUniversities().install();
    const { user } = renderWithApp(<RegisterForm />, { signedOut: true });
    await user.type(screen.getByRole("combobox", { name: "University" }), "Univ");
    await user.click(await screen.findByRole("option", { name: /University of Edinburgh/ }));

    await user.type(screen.getByLabelText("University e-mail"), "ada@ucl.ac.uk");
    await waitFor(() => expect(fake.callsTo("GET /universities").some((c) => c.search.has("domain"))).toBe(true), {
      timeout: 3000,
    });

    expect(screen.queryByText(/Studying at/)).toBeNull();
    expect(screen.getByRole("combobox", { name: "University" })).toHaveValue("University of Edinburgh");
  });

  it("lets the student say no, and then leaves the university to them", async () => {
    fakeUniversities().install();
    const { user } = renderWithApp(<RegisterForm />, { signedOut: true });

    await user.type(screen.getByLabelText("University e-mail"), "ada@ucl.ac.uk");
    await offerShown();
    await user.click(screen.getByRole("button", { name: "No" }));

    expect(screen.queryByText(/Studying at/)).toBeNull();
    expect(screen.getByRole("combobox", { name: "University" })).toHaveValue("");
    expect(screen.getByRole("status")).toHaveTextContent("Find your university in the list below.");
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
    // Only the registration fails: a lookup the form makes meanwhile must not take the failure.
    fake.on("POST /auth/register", () => Promise.reject(new TypeError("Failed to fetch")));

    await user.click(screen.getByRole("button", { name: "Create account" }));

    const alert = await screen.findByRole("alert");
    expect(within(alert).getByText(/can't reach Quad/)).toBeInTheDocument();
  });
});
