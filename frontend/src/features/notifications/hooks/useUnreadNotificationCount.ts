"use client";

import { useAppSelector } from "@/lib/hooks";
import { selectSessionStatus } from "@/lib/session";

import { useUnreadNotificationCountQuery } from "../api";

/**
 * Your unread notifications (0 until known). Live from the socket's events; asked again on
 * focus and on reconnect, since reads elsewhere and withdrawn requests send no event.
 */
export function useUnreadNotificationCount(): number {
  const signedIn = useAppSelector(selectSessionStatus) === "signed_in";
  const { data } = useUnreadNotificationCountQuery(undefined, {
    skip: !signedIn,
    refetchOnFocus: true,
    refetchOnReconnect: true,
  });
  return data?.count ?? 0;
}
