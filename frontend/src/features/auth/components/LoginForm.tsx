"use client";

import Link from "next/link";

import { Alert, Button, PasswordField, TextField } from "@/components/ui";
import { useForm } from "@/lib/forms";
import { emailProblem } from "@/lib/validation";

import { useLoginMutation } from "../api";
import { useSession } from "../hooks/useSession";
import { textLink } from "./AuthScreen";

interface Values extends Record<string, unknown> {
  email: string;
  password: string;
}

function validate(values: Values) {
  return {
    email: emailProblem(values.email),
    password: values.password ? undefined : "Enter your password.",
  };
}

/** E-mail and password. Where to go afterwards is <RedirectWhenSignedIn>'s job. */
export function LoginForm() {
  const [login] = useLoginMutation();
  const { endedBecause } = useSession();
  const form = useForm<Values>({ initialValues: { email: "", password: "" }, validate });

  return (
    <form
      noValidate
      className="space-y-5"
      onSubmit={form.handleSubmit(async ({ email, password }) => {
        await login({ email: email.trim(), password }).unwrap();
      })}
    >
      {form.formError ? (
        <Alert tone="danger" role="alert">
          {form.formError}
        </Alert>
      ) : endedBecause === "expired" ? (
        <Alert tone="info" role="status">
          Your session has ended. Log in again to pick up where you left off.
        </Alert>
      ) : endedBecause === "logged_out" ? (
        <Alert tone="success" role="status">
          You&apos;re logged out. See you soon!
        </Alert>
      ) : null}
      <TextField label="E-mail" type="email" autoComplete="email" inputMode="email" {...form.field("email")} />
      <PasswordField
        label="Password"
        autoComplete="current-password"
        labelAction={
          <Link href="/forgot-password" className={`text-sm ${textLink}`}>
            Forgot password?
          </Link>
        }
        {...form.field("password")}
      />
      <Button type="submit" size="lg" className="w-full" loading={form.submitting}>
        Log in
      </Button>
    </form>
  );
}
