import type { Metadata } from "next";
import { Suspense } from "react";

import { Skeleton } from "@/components/ui";
import { AuthScreen, ResetPasswordFromLink } from "@/features/auth";

export const metadata: Metadata = { title: "Choose a new password" };

export default function ResetPasswordPage() {
  return (
    <AuthScreen title="Choose a new password" subtitle="Pick something you don't use anywhere else.">
      <Suspense fallback={<Skeleton className="h-64 w-full" />}>
        <ResetPasswordFromLink />
      </Suspense>
    </AuthScreen>
  );
}
