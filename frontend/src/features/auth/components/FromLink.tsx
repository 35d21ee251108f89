"use client";

import { useSearchParams } from "next/navigation";

import { EmailVerification } from "./EmailVerification";
import { ResetPasswordForm } from "./ResetPasswordForm";

// Mailed links carry their token in the query string (`/verify-email?token=...`): the
// export has no server to read it, so these read it in the browser.

export function EmailVerificationFromLink() {
  return <EmailVerification token={useSearchParams().get("token")} />;
}

export function ResetPasswordFromLink() {
  return <ResetPasswordForm token={useSearchParams().get("token")} />;
}
