"use client";

import { useMe } from "@/features/profile";

/** The signed-in student's id, as the chat compares senders with it. */
export function useMyId(): string | undefined {
  return useMe().data?.id;
}
