"use client";

import { useAppSelector } from "@/lib/hooks";
import { selectSessionEndedBecause, selectSessionStatus } from "@/lib/session";

export function useSession() {
  const status = useAppSelector(selectSessionStatus);
  const endedBecause = useAppSelector(selectSessionEndedBecause);
  return { status, endedBecause, signedIn: status === "signed_in" };
}
