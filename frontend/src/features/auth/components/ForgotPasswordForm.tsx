"use client";

import { useState } from "react";

import { Alert, Button, MailIcon, TextField } from "@/components/ui";
import { useForm } from "@/lib/forms";
import { emailProblem } from "@/lib/validation";

import { useRequestPasswordResetMutation } from "../api";
import { textLink } from "./AuthScreen";

interface Values extends Record<string, unknown> {
  email: string;
}

const validate = (values: Values) => ({ email: emailProblem(values.email) });

/** Asks for a reset link. The answer never tells whether an account exists. */
export function ForgotPasswordForm() {
  const [requestReset] = useRequestPasswordResetMutation();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm<Values>({ initialValues: { email: "" }, validate });

  if (sentTo) {
    return (
      <div className="space-y-6">
        <Alert tone="success" role="status" title="Check your inbox">
          If an account uses <strong className="font-semibold">{sentTo}</strong>, we&apos;ve sent it a link to choose a
          new password. Open it soon: reset links expire quickly.
        </Alert>
        <p className="text-sm text-muted">
          Nothing after a few minutes? Look in your spam folder, or{" "}
          <button type="button" className={textLink} onClick={() => setSentTo(null)}>
            try another address
          </button>
          .
        </p>
      </div>
    );
  }

  return (
    <form
      noValidate
      className="space-y-5"
      onSubmit={form.handleSubmit(async ({ email }) => {
        await requestReset({ email: email.trim() }).unwrap();
        setSentTo(email.trim());
      })}
    >
      {form.formError ? (
        <Alert tone="danger" role="alert">
          {form.formError}
        </Alert>
      ) : null}
      <TextField label="E-mail" type="email" autoComplete="email" inputMode="email" {...form.field("email")} />
      <Button
        type="submit"
        size="lg"
        className="w-full"
        loading={form.submitting}
        icon={<MailIcon className="size-[1.125rem]" />}
      >
        Send me a reset link
      </Button>
    </form>
  );
}
