"use client";

import type { FriendRequestCounts } from "@/lib/api-schema";
import { useAppSelector } from "@/lib/hooks";
import { selectSessionStatus } from "@/lib/session";

import { useFriendRequestCountsQuery } from "../api";

/** Until real-time events arrive (a later issue), the badge asks again now and then. */
const POLL_EVERY_MS = 60_000;

/**
 * How many friend requests wait each way (`GET /friend-requests/count`), kept fresh for the
 * navigation badge: on focus, on reconnect, and every minute while the tab is in front.
 * Undefined until the server has answered (or while signed out).
 */
export function useRequestCounts(): FriendRequestCounts | undefined {
  const signedIn = useAppSelector(selectSessionStatus) === "signed_in";
  const { data } = useFriendRequestCountsQuery(undefined, {
    skip: !signedIn,
    pollingInterval: POLL_EVERY_MS,
    skipPollingIfUnfocused: true,
    refetchOnFocus: true,
    refetchOnReconnect: true,
  });
  return data;
}

/** How many students are waiting for your answer (0 until known). */
export function useIncomingRequestCount(): number {
  return useRequestCounts()?.incoming ?? 0;
}

/** A count as a badge shows it: "3", or "99+" beyond that. */
export const countLabel = (count: number) => (count > 99 ? "99+" : String(count));
