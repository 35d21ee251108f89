import type { Conversation, ConversationMember } from "./types";

/** How conversations and messages read on screen. */

const fullName = (user: { first_name: string; last_name: string }) => `${user.first_name} ${user.last_name}`;

/** The other student of a direct chat (or, in a group, nobody). */
export function otherMember(conversation: Conversation, myId: string | undefined): ConversationMember | undefined {
  if (conversation.type !== "direct") return undefined;
  return conversation.members.find((member) => member.user.id !== myId) ?? conversation.members[0];
}

/** A group's name, or the friend's name in a direct chat. */
export function conversationTitle(conversation: Conversation, myId: string | undefined): string {
  if (conversation.type === "group") return conversation.name ?? "Group";
  const other = otherMember(conversation, myId);
  return other ? fullName(other.user) : "Chat";
}

export function memberName(conversation: Conversation, userId: string): string | undefined {
  const member = conversation.members.find((m) => m.user.id === userId);
  return member ? fullName(member.user) : undefined;
}

/** The last message on one line: "You: …" for yours, "Ada: …" in a group. */
export function previewOf(conversation: Conversation, myId: string | undefined): string {
  const message = conversation.last_message;
  if (!message) return conversation.type === "group" ? "Group created. Say hello!" : "No messages yet. Say hello!";
  const text = message.deleted ? "Message deleted" : message.body.replace(/\s+/g, " ").trim();
  if (message.sender_id === myId) return `You: ${text}`;
  if (conversation.type === "group") {
    const sender = conversation.members.find((m) => m.user.id === message.sender_id);
    return sender ? `${sender.user.first_name}: ${text}` : text;
  }
  return text;
}

const sameDay = (a: Date, b: Date) =>
  a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

const daysBetween = (a: Date, b: Date) => {
  const start = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  return Math.round((start(b) - start(a)) / 86_400_000);
};

/** A message's time of day: "14:05" (or "2:05 PM", as the browser's language has it). */
export function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

/** When, in the list of chats: the time today, "Yesterday", a weekday this week, else a date. */
export function listTime(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  const days = daysBetween(date, now);
  if (days <= 0) return clockTime(iso);
  if (days === 1) return "Yesterday";
  if (days < 7) return date.toLocaleDateString(undefined, { weekday: "short" });
  return date.toLocaleDateString(undefined, {
    day: "numeric",
    month: "short",
    ...(date.getFullYear() === now.getFullYear() ? {} : { year: "numeric" }),
  });
}

/** The separator above a day's messages: "Today", "Yesterday", "Monday 23 November". */
export function dayLabel(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  const days = daysBetween(date, now);
  if (days <= 0) return "Today";
  if (days === 1) return "Yesterday";
  return date.toLocaleDateString(undefined, {
    weekday: "long",
    day: "numeric",
    month: "long",
    ...(date.getFullYear() === now.getFullYear() ? {} : { year: "numeric" }),
  });
}

export { sameDay };

/**
 * How far the other members have read: the highest `last_read_seq` among them (the server's,
 * moved live by `read` events). A message of yours up to it shows as "Read".
 */
export function readByOthersUpTo(conversation: Conversation, myId: string | undefined): number {
  let seq = 0;
  for (const member of conversation.members) if (member.user.id !== myId) seq = Math.max(seq, member.last_read_seq);
  return seq;
}
