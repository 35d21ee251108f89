import type { Metadata } from "next";
import { Suspense } from "react";

import { Skeleton } from "@/components/ui";
import { AuthScreen, EmailVerificationFromLink } from "@/features/auth";

export const metadata: Metadata = { title: "Confirm your e-mail" };

export default function VerifyEmailPage() {
  return (
    <AuthScreen title="Confirm your e-mail" subtitle="One click, and classmates know you're really a student.">
      <Suspense fallback={<Skeleton className="h-40 w-full" />}>
        <EmailVerificationFromLink />
      </Suspense>
    </AuthScreen>
  );
}
