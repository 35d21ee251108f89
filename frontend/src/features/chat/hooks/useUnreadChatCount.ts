"use client";

import { useAppSelector } from "@/lib/hooks";
import { selectSessionStatus } from "@/lib/session";

import { useConversationsInfiniteQuery } from "../api";

/** How many chats hold messages you have not read, for the badge (events keep the list current). */
export function useUnreadChatCount(): number {
  const signedIn = useAppSelector(selectSessionStatus) === "signed_in";
  const { data } = useConversationsInfiniteQuery(undefined, { skip: !signedIn });
  let count = 0;
  for (const page of data?.pages ?? []) for (const c of page.items) if (c.unread_count > 0) count += 1;
  return count;
}
