import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { loggedOut, selectAccessToken, selectSessionStatus, sessionEnded, signedIn } from "@/lib/session";
import { makeStore } from "@/lib/store";
import { buildTokens, errorEnvelope } from "@/testing/builders";
import { FakeApi, json } from "@/testing/fake-api";
import { renderWithApp } from "@/testing/render";

import { LoginForm } from "./LoginForm";

describe("LoginForm", () => {
  it("checks the fields before asking the server, and focuses the first problem", async () => {
    const fake = new FakeApi().install();
    const { user } = renderWithApp(<LoginForm />, { signedOut: true });

    await user.click(screen.getByRole("button", { name: "Log in" }));

    expect(screen.getByText("Enter your e-mail address.")).toBeInTheDocument();
    expect(screen.getByText("Enter your password.")).toBeInTheDocument();
    expect(screen.getByLabelText("E-mail")).toHaveFocus();
    expect(fake.calls).toHaveLength(0);
  });

  it("signs in with the tokens the server answers", async () => {
    const fake = new FakeApi().on("POST /auth/login", json(200, buildTokens("fresh"))).install();
    const { user, store } = renderWithApp(<LoginForm />, { signedOut: true });

    await user.type(screen.getByLabelText("E-mail"), " ada@ucl.ac.uk ");
    await user.type(screen.getByLabelText("Password", { selector: "input" }), "correct horse");
    await user.click(screen.getByRole("button", { name: "Log in" }));

    await screen.findByRole("button", { name: "Log in" });
    expect(fake.callsTo("POST /auth/login")[0]?.body).toEqual({ email: "ada@ucl.ac.uk", password: "correct horse" });
    expect(selectSessionStatus(store.getState())).toBe("signed_in");
    expect(selectAccessToken(store.getState())).toBe("fresh");
  });

  it("says so, in an alert, when the e-mail and password do not match", async () => {
    new FakeApi()
      .on(
        "POST /auth/login",
        json(401, errorEnvelope("invalid_credentials", "That e-mail and password do not match an account.")),
      )
      .install();
    const { user, store } = renderWithApp(<LoginForm />, { signedOut: true });

    await user.type(screen.getByLabelText("E-mail"), "ada@ucl.ac.uk");
    await user.type(screen.getByLabelText("Password", { selector: "input" }), "wrong one");
    await user.click(screen.getByRole("button", { name: "Log in" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("That e-mail and password do not match an account.");
    expect(selectSessionStatus(store.getState())).toBe("signed_out");
  });

  it("explains why the student is here after a session ended or a log-out", () => {
    const expired = makeStore();
    expired.dispatch(signedIn("t"));
    expired.dispatch(sessionEnded());
    const { unmount } = renderWithApp(<LoginForm />, { store: expired });
    expect(screen.getByRole("status")).toHaveTextContent("Your session has ended.");
    unmount();

    const out = makeStore();
    out.dispatch(signedIn("t"));
    out.dispatch(loggedOut());
    renderWithApp(<LoginForm />, { store: out });
    expect(screen.getByRole("status")).toHaveTextContent("You're logged out.");
  });
});
