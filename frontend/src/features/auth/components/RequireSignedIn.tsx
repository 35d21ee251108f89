"use client";

import { useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";

import { Button, LogoMark, Spinner } from "@/components/ui";
import { restoreSession } from "@/lib/api-base";
import { useAppDispatch } from "@/lib/hooks";
import { loginPathFor } from "@/lib/safe-next";

import { useSession } from "../hooks/useSession";

function FullPage({ children }: { children: ReactNode }) {
  return <div className="flex min-h-dvh flex-col items-center justify-center gap-5 px-6 text-center">{children}</div>;
}

/**
 * The guard of signed-in pages. While the session is being restored it shows a quiet
 * loading screen; signed out (never signed in, logged out, or a refresh that died) it sends
 * the student to log in, with `next` pointing back here unless they logged out themselves.
 */
export function RequireSignedIn({ children }: { children: ReactNode }) {
  const { status, endedBecause } = useSession();
  const router = useRouter();
  const dispatch = useAppDispatch();

  useEffect(() => {
    if (status !== "signed_out") return;
    const here = `${window.location.pathname}${window.location.search}`;
    router.replace(endedBecause === "logged_out" ? "/login" : loginPathFor(here));
  }, [status, endedBecause, router]);

  if (status === "signed_in") return <>{children}</>;

  if (status === "unreachable") {
    return (
      <FullPage>
        <LogoMark className="size-10" />
        <div role="alert">
          <h1 className="text-lg font-semibold text-foreground">We can&apos;t reach Quad</h1>
          <p className="mt-1 text-muted">Check your connection, then try again.</p>
        </div>
        <Button onClick={() => void restoreSession(dispatch)}>Try again</Button>
      </FullPage>
    );
  }

  return (
    <FullPage>
      <LogoMark className="size-10 animate-pulse" />
      <Spinner label="Loading Quad" className="text-primary" />
    </FullPage>
  );
}
