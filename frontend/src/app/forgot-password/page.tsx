import type { Metadata } from "next";
import Link from "next/link";

import { AuthScreen, ForgotPasswordForm, textLink } from "@/features/auth";

export const metadata: Metadata = { title: "Forgot your password" };

export default function ForgotPasswordPage() {
  return (
    <AuthScreen
      title="Forgot your password?"
      subtitle="Enter the e-mail you signed up with and we'll send you a link to choose a new one."
      footer={
        <Link href="/login" className={textLink}>
          Back to log in
        </Link>
      }
    >
      <ForgotPasswordForm />
    </AuthScreen>
  );
}
