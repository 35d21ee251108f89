"use client";

import { chatApi } from "@/features/chat";
import { useAppSelector } from "@/lib/hooks";

import type { Notification } from "../types";

const conversations = chatApi.endpoints.conversations.select();

/** The group a `new_message` notification is about, when the Chats list holds it. */
export function selectGroupName(state: unknown, notification: Notification): string | null {
  if (notification.type !== "new_message") return null;
  const id = notification.data.conversation_id;
  for (const page of conversations(state as Parameters<typeof conversations>[0]).data?.pages ?? []) {
    const found = page.items.find((conversation) => conversation.id === id);
    if (found) return found.type === "group" ? found.name : null;
  }
  return null;
}

export function useGroupName(notification: Notification): string | null {
  return useAppSelector((state) => selectGroupName(state, notification));
}
