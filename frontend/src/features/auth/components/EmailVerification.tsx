"use client";

import { useCallback, useEffect, useRef, useState } from "react";

import { Alert, BadgeCheckIcon, Button, ButtonLink, MailIcon, Spinner } from "@/components/ui";
import { describeApiError } from "@/lib/errors";
import { useMe } from "@/features/profile";

import { useVerifyEmailMutation } from "../api";
import { useSession } from "../hooks/useSession";
import { ResendVerificationButton } from "./ResendVerificationButton";

type Outcome = { state: "verifying" } | { state: "verified" } | { state: "failed"; code: string; message: string };

const FAILURES: Record<string, { title: string; text: string }> = {
  token_expired: {
    title: "This link has expired",
    text: "Verification links only work for a while. Ask for a new one below.",
  },
  token_used: {
    title: "This link was already used",
    text: "If you opened it before, your e-mail is already confirmed.",
  },
  invalid_token: {
    title: "This link doesn't work",
    text: "Check you opened the whole link from the e-mail, or ask for a new one.",
  },
};

function NextStep() {
  const { signedIn } = useSession();
  return signedIn ? (
    <ButtonLink href="/profile" size="lg" className="w-full">
      Go to your profile
    </ButtonLink>
  ) : (
    <ButtonLink href="/login" size="lg" className="w-full">
      Log in
    </ButtonLink>
  );
}

function AskForNewLink() {
  const { signedIn } = useSession();
  const { data: me } = useMe();
  if (!signedIn) {
    return <p className="text-sm text-muted">Log in and we&apos;ll offer to send you a new link.</p>;
  }
  if (me?.email_verified) return null;
  return <ResendVerificationButton variant="secondary" size="lg" className="w-full" />;
}

/** The page the mailed link opens: confirms the address with the link's token. */
export function EmailVerification({ token }: { token: string | null }) {
  const [verify] = useVerifyEmailMutation();
  const [outcome, setOutcome] = useState<Outcome>({ state: "verifying" });
  // A token works once: make sure it is sent once, even when effects run twice in development.
  const sentFor = useRef<string | null>(null);

  const confirm = useCallback(
    (value: string) => {
      sentFor.current = value;
      setOutcome({ state: "verifying" });
      verify({ token: value })
        .unwrap()
        .then(
          () => setOutcome({ state: "verified" }),
          (error: unknown) => {
            const problem = describeApiError(error);
            setOutcome({ state: "failed", code: problem.code, message: problem.message });
          },
        );
    },
    [verify],
  );

  useEffect(() => {
    if (token && sentFor.current !== token) confirm(token);
  }, [token, confirm]);

  if (!token) {
    return (
      <div className="space-y-6">
        <Alert tone="info" title="Look for our e-mail" role="status">
          We sent a link to the address you signed up with. Open it on this device to confirm your e-mail.
        </Alert>
        <AskForNewLink />
      </div>
    );
  }

  if (outcome.state === "verifying") {
    return (
      <div className="flex items-center gap-3 rounded-2xl border border-border bg-surface p-5 text-foreground">
        <Spinner className="text-primary" />
        <p role="status">Confirming your e-mail…</p>
      </div>
    );
  }

  if (outcome.state === "verified") {
    return (
      <div className="space-y-6">
        <div
          role="status"
          className="flex flex-col items-center rounded-2xl border border-border bg-surface px-6 py-8 text-center"
        >
          <span className="flex size-14 items-center justify-center rounded-2xl bg-success-soft text-success">
            <BadgeCheckIcon className="size-7" />
          </span>
          <p className="mt-4 text-lg font-semibold text-foreground">Your e-mail is confirmed</p>
          <p className="mt-1 text-sm text-muted">
            With a university address, your profile now shows the verified student badge.
          </p>
        </div>
        <NextStep />
      </div>
    );
  }

  const failure = FAILURES[outcome.code];
  if (!failure) {
    return (
      <div className="space-y-6">
        <Alert tone="danger" role="alert" title="We couldn't confirm your e-mail">
          {outcome.message}
        </Alert>
        <Button
          size="lg"
          className="w-full"
          icon={<MailIcon className="size-[1.125rem]" />}
          onClick={() => confirm(token)}
        >
          Try again
        </Button>
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <Alert tone={outcome.code === "token_used" ? "info" : "danger"} role="alert" title={failure.title}>
        {failure.text}
      </Alert>
      {outcome.code === "token_used" ? <NextStep /> : <AskForNewLink />}
    </div>
  );
}
