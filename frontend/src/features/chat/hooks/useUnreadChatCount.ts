"use client";

import { useAppSelector } from "@/lib/hooks";
import { selectSessionStatus } from "@/lib/session";

import { useConversationsInfiniteQuery } from "../api";
import { conversationsOnPages } from "../cache";

/**
 * How many chats hold messages you have not read, for the Chats badge (events keep the list
 * current). Each conversation counts once, however the pages overlap.
 *
 * Limit: it counts only the conversations on the pages of the list loaded so far (the first
 * page, more as the student scrolls the list). A chat with unread messages further down is
 * not counted until new activity brings it up; the server offers no count across all pages.
 */
export function useUnreadChatCount(): number {
  const signedIn = useAppSelector(selectSessionStatus) === "signed_in";
  const { data } = useConversationsInfiniteQuery(undefined, { skip: !signedIn });
  return conversationsOnPages(data?.pages).filter((conversation) => conversation.unread_count > 0).length;
}
