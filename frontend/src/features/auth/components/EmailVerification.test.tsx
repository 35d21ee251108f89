import { screen } from "@testing-library/react";
import { StrictMode } from "react";
import { describe, expect, it } from "vitest";

import { buildUserMe, errorEnvelope } from "@/testing/builders";
import { FakeApi, json } from "@/testing/fake-api";
import { renderWithApp } from "@/testing/render";

import { EmailVerification } from "./EmailVerification";

describe("EmailVerification", () => {
  it("sends the link's token once, even when React runs effects twice", async () => {
    const fake = new FakeApi().on("POST /auth/verify-email", json(204)).install();
    renderWithApp(
      <StrictMode>
        <EmailVerification token="tok-123" />
      </StrictMode>,
      { signedOut: true },
    );

    expect(await screen.findByText("Your e-mail is confirmed")).toBeInTheDocument();
    expect(fake.callsTo("POST /auth/verify-email")).toHaveLength(1);
    expect(fake.callsTo("POST /auth/verify-email")[0]?.body).toEqual({ token: "tok-123" });
    expect(screen.getByRole("link", { name: "Log in" })).toHaveAttribute("href", "/login");
  });

  it("sends a signed-in student on to their profile, where the verified badge shows", async () => {
    new FakeApi().on("POST /auth/verify-email", json(204)).on("GET /users/me", json(200, buildUserMe())).install();
    renderWithApp(<EmailVerification token="tok-456" />, { accessToken: "t" });

    expect(await screen.findByText("Your e-mail is confirmed")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Go to your profile" })).toHaveAttribute("href", "/profile");
  });

  it("explains an expired link and offers a new one to a signed-in student", async () => {
    const fake = new FakeApi()
      .on("POST /auth/verify-email", json(400, errorEnvelope("token_expired", "This link has expired.")))
      .on("GET /users/me", json(200, buildUserMe({ email: "ada@ucl.ac.uk" })))
      .on("POST /auth/verify-email/resend", json(202))
      .install();
    const { user } = renderWithApp(<EmailVerification token="old" />, { accessToken: "t" });

    expect(await screen.findByText("This link has expired")).toBeInTheDocument();
    await user.click(await screen.findByRole("button", { name: "Send a new link" }));

    expect(await screen.findByText("Link sent")).toBeInTheDocument();
    expect(screen.getByText("Check ada@ucl.ac.uk.")).toBeInTheDocument();
    expect(fake.callsTo("POST /auth/verify-email/resend")).toHaveLength(1);
  });

  it("tells a signed-out student how to get a new link", async () => {
    new FakeApi()
      .on("POST /auth/verify-email", json(400, errorEnvelope("invalid_token", "This link is not valid.")))
      .install();
    renderWithApp(<EmailVerification token="bad" />, { signedOut: true });

    expect(await screen.findByText("This link doesn't work")).toBeInTheDocument();
    expect(screen.getByText(/Log in and we'll offer to send you a new link/)).toBeInTheDocument();
  });
});
