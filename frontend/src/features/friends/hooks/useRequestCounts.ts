"use client";

import { useAppSelector } from "@/lib/hooks";
import { selectSessionStatus } from "@/lib/session";

import { useFriendRequestsInfiniteQuery } from "../api";

/** Until real-time events arrive (a later issue), the badge asks again now and then. */
const POLL_EVERY_MS = 60_000;

/**
 * How many students are waiting for your answer, kept fresh for the navigation badge: on
 * focus, on reconnect, and every minute while the tab is in front. `more` when there are
 * more than one page holds.
 */
export function useIncomingRequestCount(): { count: number; more: boolean } {
  const signedIn = useAppSelector(selectSessionStatus) === "signed_in";
  const { data, hasNextPage } = useFriendRequestsInfiniteQuery("incoming", {
    skip: !signedIn,
    pollingInterval: POLL_EVERY_MS,
    skipPollingIfUnfocused: true,
    refetchOnFocus: true,
    refetchOnReconnect: true,
  });
  const count = data?.pages.reduce((total, page) => total + page.items.length, 0) ?? 0;
  return { count, more: hasNextPage };
}

/** "3", or "50+" when there are more than the loaded pages hold. */
export const countLabel = ({ count, more }: { count: number; more: boolean }) =>
  count > 99 ? "99+" : `${count}${more ? "+" : ""}`;
