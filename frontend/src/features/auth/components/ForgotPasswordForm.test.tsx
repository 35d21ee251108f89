import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { FakeApi, json } from "@/testing/fake-api";
import { renderWithApp } from "@/testing/render";

import { ForgotPasswordForm } from "./ForgotPasswordForm";

describe("ForgotPasswordForm", () => {
  it("asks for a link and answers the same whether or not the account exists", async () => {
    const fake = new FakeApi().on("POST /auth/password-reset", json(202)).install();
    const { user } = renderWithApp(<ForgotPasswordForm />, { signedOut: true });

    await user.type(screen.getByLabelText("E-mail"), "ada@ucl.ac.uk");
    await user.click(screen.getByRole("button", { name: "Send me a reset link" }));

    expect(await screen.findByText("Check your inbox")).toBeInTheDocument();
    expect(screen.getByText(/If an account uses/)).toHaveTextContent("ada@ucl.ac.uk");
    expect(fake.callsTo("POST /auth/password-reset")[0]?.body).toEqual({ email: "ada@ucl.ac.uk" });
  });
});
