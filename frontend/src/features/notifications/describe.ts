import { conversationPath } from "@/features/chat";
import { REQUESTS_PATH, fullName, studentPath } from "@/features/friends";

import type { Notification } from "./types";

/** What happened, in words: "Noah Okafor accepted your friend request". */
export function notificationText(notification: Notification, groupName?: string | null): string {
  const who = fullName(notification.actor);
  switch (notification.type) {
    case "friend_request":
      return `${who} sent you a friend request`;
    case "friend_request_accepted":
      return `${who} accepted your friend request`;
    case "new_message": {
      const count = notification.data.count;
      const messages = count === 1 ? "a new message" : `${count} new messages`;
      return groupName
        ? `${who}: ${messages} in ${groupName}`
        : `${messages[0]!.toUpperCase()}${messages.slice(1)} from ${who}`;
    }
  }
}

/** Where a click on it goes: the requests to answer, the new friend, the conversation. */
export function notificationPath(notification: Notification): string {
  switch (notification.type) {
    case "friend_request":
      return REQUESTS_PATH;
    case "friend_request_accepted":
      return studentPath(notification.actor.id);
    case "new_message":
      return conversationPath(notification.data.conversation_id);
  }
}

/** "Today", "Yesterday", or the date: the headings of the notifications page. */
export function dayLabel(iso: string, now: Date = new Date()): string {
  const day = new Date(iso);
  const startOf = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  const days = Math.round((startOf(now) - startOf(day)) / 86_400_000);
  if (days === 0) return "Today";
  if (days === 1) return "Yesterday";
  return day.toLocaleDateString("en", {
    weekday: "long",
    day: "numeric",
    month: "long",
    ...(day.getFullYear() === now.getFullYear() ? {} : { year: "numeric" }),
  });
}
