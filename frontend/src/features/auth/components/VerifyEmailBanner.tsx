"use client";

import { MailIcon } from "@/components/ui";
import { useMe } from "@/features/profile";

import { ResendVerificationButton } from "./ResendVerificationButton";

/** Until the e-mail is confirmed: a reminder at the top of every signed-in page. */
export function VerifyEmailBanner() {
  const { data: me } = useMe();
  if (!me || me.email_verified) return null;
  return (
    <div
      role="region"
      aria-label="E-mail confirmation"
      className="border-b border-warning-foreground/15 bg-warning-soft text-warning-foreground"
    >
      <div className="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center sm:gap-4 sm:px-6 sm:py-2.5">
        <p className="flex min-w-0 flex-1 items-start gap-3 text-sm leading-relaxed">
          <MailIcon className="mt-0.5 size-5 shrink-0" />
          <span className="min-w-0 [overflow-wrap:anywhere]">
            <span className="font-semibold">Confirm your e-mail</span> to get your verified student badge. We sent a
            link to <span className="font-medium">{me.email}</span>.
          </span>
        </p>
        <ResendVerificationButton
          variant="ghost"
          size="sm"
          className="-ml-3 self-start text-warning-foreground hover:bg-warning-foreground/10 sm:ml-0 sm:self-center"
        />
      </div>
    </div>
  );
}
