import { dayLabel, sameDay } from "./format";
import type { OutgoingMessage } from "./slice";
import type { Message } from "./types";

/** What the history shows, row by row: day separators, the server's messages, then ours on the way. */
export type TimelineRow =
  | { kind: "day"; key: string; label: string }
  | {
      kind: "message";
      key: string;
      message: Message;
      mine: boolean;
      /** The first of a run by one sender: the name and avatar show here (in groups). */
      startsRun: boolean;
      status: "sent" | "read" | null;
    }
  | { kind: "outgoing"; key: string; outgoing: OutgoingMessage; startsRun: boolean };

/** Messages by one sender within this long of each other read as one run. */
const RUN_GAP_MS = 5 * 60_000;

export function buildTimeline(
  messages: Message[],
  outgoing: OutgoingMessage[],
  {
    myId,
    othersReadUpTo = 0,
    now = new Date(),
  }: {
    myId: string | undefined;
    /** The highest seq another member has read up to (`readByOthersUpTo`). */
    othersReadUpTo?: number;
    now?: Date;
  },
): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let previous: { sender: string; at: Date } | null = null;
  const place = (sender: string, iso: string): boolean => {
    const at = new Date(iso);
    if (!previous || !sameDay(previous.at, at))
      rows.push({ kind: "day", key: `day:${iso.slice(0, 10)}:${at.toDateString()}`, label: dayLabel(iso, now) });
    const startsRun =
      !previous ||
      previous.sender !== sender ||
      !sameDay(previous.at, at) ||
      at.getTime() - previous.at.getTime() > RUN_GAP_MS;
    previous = { sender, at };
    return startsRun;
  };
  for (const message of messages) {
    const mine = message.sender_id === myId;
    const startsRun = place(message.sender_id, message.created_at);
    rows.push({
      kind: "message",
      // Ours keep the key they had while on the way, so the row does not flicker when acknowledged.
      key: mine && message.client_id ? `c:${message.client_id}` : message.id,
      message,
      mine,
      startsRun,
      status: mine ? (message.seq <= othersReadUpTo ? "read" : "sent") : null,
    });
  }
  for (const message of outgoing) {
    const startsRun = place(myId ?? "me", message.createdAt);
    rows.push({ kind: "outgoing", key: `c:${message.clientId}`, outgoing: message, startsRun });
  }
  return rows;
}
