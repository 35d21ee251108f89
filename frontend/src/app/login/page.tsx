import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";

import { AuthScreen, LoginForm, RedirectWhenSignedIn, textLink } from "@/features/auth";

export const metadata: Metadata = { title: "Log in" };

export default function LoginPage() {
  return (
    <AuthScreen
      title="Welcome back"
      subtitle="Log in to catch up with your classmates."
      footer={
        <>
          New to Quad?{" "}
          <Link href="/register" className={textLink}>
            Create an account
          </Link>
        </>
      }
    >
      <Suspense>
        <RedirectWhenSignedIn />
      </Suspense>
      <LoginForm />
    </AuthScreen>
  );
}
