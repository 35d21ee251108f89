import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { selectSessionStatus } from "@/lib/session";
import { errorEnvelope } from "@/testing/builders";
import { FakeApi, json } from "@/testing/fake-api";
import { renderWithApp } from "@/testing/render";

import { ResetPasswordForm } from "./ResetPasswordForm";

async function choose(user: ReturnType<typeof renderWithApp>["user"], password: string, repeat = password) {
  await user.type(screen.getByLabelText("New password", { selector: "input" }), password);
  await user.type(screen.getByLabelText("Repeat the new password", { selector: "input" }), repeat);
  await user.click(screen.getByRole("button", { name: "Save new password" }));
}

describe("ResetPasswordForm", () => {
  it("sets the new password with the link's token, and ends this tab's session too", async () => {
    const fake = new FakeApi().on("POST /auth/password-reset/confirm", json(204)).install();
    const { user, store } = renderWithApp(<ResetPasswordForm token="reset-1" />, { accessToken: "t" });

    await choose(user, "poetical science");

    expect(await screen.findByText("Your password is changed")).toBeInTheDocument();
    expect(fake.callsTo("POST /auth/password-reset/confirm")[0]?.body).toEqual({
      token: "reset-1",
      new_password: "poetical science",
    });
    expect(selectSessionStatus(store.getState())).toBe("signed_out");
  });

  it("catches a mistyped repeat before sending", async () => {
    const fake = new FakeApi().install();
    const { user } = renderWithApp(<ResetPasswordForm token="reset-1" />, { signedOut: true });

    await choose(user, "poetical science", "poetical sciense");

    expect(screen.getByText("The two passwords are not the same.")).toBeInTheDocument();
    expect(fake.calls).toHaveLength(0);
  });

  it("explains a used link and leads to a new one", async () => {
    new FakeApi()
      .on(
        "POST /auth/password-reset/confirm",
        json(400, errorEnvelope("token_used", "This link has already been used.")),
      )
      .install();
    const { user } = renderWithApp(<ResetPasswordForm token="reset-1" />, { signedOut: true });

    await choose(user, "poetical science");

    expect(await screen.findByText("This link has already been used.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Get a new link" })).toHaveAttribute("href", "/forgot-password");
  });

  it("without a token, says where the page comes from", () => {
    renderWithApp(<ResetPasswordForm token={null} />, { signedOut: true });
    expect(screen.getByRole("alert")).toHaveTextContent("opens from the link in your password reset e-mail");
  });
});
