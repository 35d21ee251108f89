import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";

import { AuthScreen, RedirectWhenSignedIn, RegisterForm, textLink } from "@/features/auth";

export const metadata: Metadata = { title: "Create your account" };

export default function RegisterPage() {
  return (
    <AuthScreen
      title="Join your campus"
      subtitle="Create your Quad account. It takes a minute and it's free."
      footer={
        <>
          Already on Quad?{" "}
          <Link href="/login" className={textLink}>
            Log in
          </Link>
        </>
      }
    >
      <Suspense>
        <RedirectWhenSignedIn />
      </Suspense>
      <RegisterForm />
    </AuthScreen>
  );
}
