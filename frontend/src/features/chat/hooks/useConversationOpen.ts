"use client";

import { useAppSelector } from "@/lib/hooks";

import { selectActiveConversationId } from "../slice";

/**
 * Is a conversation on screen? On a phone the shell then hides its tab bar, so the composer
 * has the bottom of the screen (the conversation's back link returns to the list).
 */
export function useConversationOpen(): boolean {
  return useAppSelector(selectActiveConversationId) !== null;
}
