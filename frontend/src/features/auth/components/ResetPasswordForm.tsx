"use client";

import Link from "next/link";
import { useState } from "react";

import { Alert, Button, ButtonLink, PasswordField } from "@/components/ui";
import { api } from "@/lib/api-base";
import { describeApiError } from "@/lib/errors";
import { useForm } from "@/lib/forms";
import { useAppDispatch } from "@/lib/hooks";
import { loggedOut } from "@/lib/session";
import { newPasswordProblem } from "@/lib/validation";

import { useConfirmPasswordResetMutation } from "../api";
import { useSession } from "../hooks/useSession";
import { textLink } from "./AuthScreen";

interface Values extends Record<string, unknown> {
  new_password: string;
  confirmation: string;
}

function validate(values: Values) {
  return {
    new_password: newPasswordProblem(values.new_password),
    confirmation: values.confirmation === values.new_password ? undefined : "The two passwords are not the same.",
  };
}

const LINK_PROBLEMS: Record<string, string> = {
  token_expired: "This link has expired: reset links only work for a short while.",
  token_used: "This link has already been used.",
  invalid_token: "This link is not valid. Check you opened the whole link from the e-mail.",
};

/** The page the mailed reset link opens: choose a new password. */
export function ResetPasswordForm({ token }: { token: string | null }) {
  const [confirmReset] = useConfirmPasswordResetMutation();
  const dispatch = useAppDispatch();
  const { signedIn } = useSession();
  const [linkProblem, setLinkProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const form = useForm<Values>({ initialValues: { new_password: "", confirmation: "" }, validate });

  if (!token || linkProblem) {
    return (
      <div className="space-y-6">
        <Alert tone="danger" role="alert" title="We can't use this link">
          {linkProblem ?? "This page opens from the link in your password reset e-mail."}
        </Alert>
        <ButtonLink href="/forgot-password" size="lg" className="w-full">
          Get a new link
        </ButtonLink>
      </div>
    );
  }

  if (done) {
    return (
      <div className="space-y-6">
        <Alert tone="success" role="status" title="Your password is changed">
          You were logged out everywhere. Log in with your new password.
        </Alert>
        <ButtonLink href="/login" size="lg" className="w-full">
          Log in
        </ButtonLink>
      </div>
    );
  }

  return (
    <form
      noValidate
      className="space-y-5"
      onSubmit={form.handleSubmit(async ({ new_password }) => {
        try {
          await confirmReset({ token, new_password }).unwrap();
        } catch (error) {
          const linkProblem = LINK_PROBLEMS[describeApiError(error).code];
          if (linkProblem) {
            setLinkProblem(linkProblem);
            return;
          }
          throw error;
        }
        // The server ended every session of the account, this tab's included.
        if (signedIn) {
          dispatch(loggedOut());
          dispatch(api.util.resetApiState());
        }
        setDone(true);
      })}
    >
      {form.formError ? (
        <Alert tone="danger" role="alert">
          {form.formError}
        </Alert>
      ) : null}
      <PasswordField
        label="New password"
        autoComplete="new-password"
        hint="At least 8 characters."
        {...form.field("new_password")}
      />
      <PasswordField label="Repeat the new password" autoComplete="new-password" {...form.field("confirmation")} />
      <Button type="submit" size="lg" className="w-full" loading={form.submitting}>
        Save new password
      </Button>
      <p className="text-center text-sm text-muted">
        Remembered it?{" "}
        <Link href="/login" className={textLink}>
          Log in
        </Link>
      </p>
    </form>
  );
}
