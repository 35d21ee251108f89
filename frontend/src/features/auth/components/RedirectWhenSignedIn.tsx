"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useEffect } from "react";

import { safeNextPath } from "@/lib/safe-next";

import { useSession } from "../hooks/useSession";
import { HOME_PATH } from "../paths";

/**
 * On the log-in and sign-up pages: once signed in (just now, or already), go where the
 * student was heading (`?next=`), or home.
 */
export function RedirectWhenSignedIn() {
  const { signedIn } = useSession();
  const router = useRouter();
  const next = useSearchParams().get("next");

  useEffect(() => {
    if (signedIn) router.replace(safeNextPath(next, HOME_PATH));
  }, [signedIn, next, router]);

  return null;
}
