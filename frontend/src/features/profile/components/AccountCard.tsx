"use client";

import { useState } from "react";

import { Badge, Button, Card, CheckIcon, LockIcon, MailIcon } from "@/components/ui";
import type { UserMe } from "@/lib/api-schema";

import { ChangePasswordDialog } from "./ChangePasswordDialog";

const memberSince = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(iso));

// Icon, text, then the badge or button: beside the text on wide screens, under it on phones.
const row =
  "grid grid-cols-[auto_minmax(0,1fr)] items-center gap-x-4 gap-y-2 py-3.5 sm:grid-cols-[auto_minmax(0,1fr)_auto]";
const rowEnd = "col-start-2 sm:col-start-3";

/** What only the student sees: their e-mail, its state, their password. */
export function AccountCard({ me }: { me: UserMe }) {
  const [changingPassword, setChangingPassword] = useState(false);
  return (
    <Card className="p-5 sm:p-6">
      <h2 className="text-base font-semibold text-foreground">Account</h2>
      <p className="mt-0.5 text-sm text-muted">Only you can see this. Member since {memberSince(me.created_at)}.</p>
      <ul className="mt-5 divide-y divide-border">
        <li className={row}>
          <MailIcon className="size-5 shrink-0 text-subtle" />
          <div className="min-w-0">
            <p className="text-sm text-muted">E-mail</p>
            <p className="font-medium [overflow-wrap:anywhere] text-foreground">{me.email}</p>
          </div>
          <div className={rowEnd}>
            {me.email_verified ? (
              <Badge tone="success" icon={<CheckIcon className="size-3.5" />}>
                Confirmed
              </Badge>
            ) : (
              <Badge tone="warning">Not confirmed yet</Badge>
            )}
          </div>
        </li>
        <li className={row}>
          <LockIcon className="size-5 shrink-0 text-subtle" />
          <div className="min-w-0">
            <p className="text-sm text-muted">Password</p>
            <p className="font-medium tracking-widest text-foreground" aria-label="Hidden">
              ••••••••
            </p>
          </div>
          <div className={rowEnd}>
            <Button variant="secondary" size="sm" onClick={() => setChangingPassword(true)}>
              Change password
            </Button>
          </div>
        </li>
      </ul>
      <ChangePasswordDialog open={changingPassword} onClose={() => setChangingPassword(false)} />
    </Card>
  );
}
