"use client";

import { useEffect, useState } from "react";

import { useAppSelector } from "@/lib/hooks";

import { selectTypingIn } from "../slice";
import type { Conversation } from "../types";

function sentence(names: string[]): string {
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return "Several people are typing…";
}

/** "Grace is typing…", for about five seconds after each sign the server passes on. */
export function TypingIndicator({ conversation, myId }: { conversation: Conversation; myId: string | undefined }) {
  const typing = useAppSelector((state) => selectTypingIn(state, conversation.id));
  const [now, setNow] = useState(Date.now);
  const until = Object.values(typing ?? {});
  const nextExpiry = until.filter((at) => at > now).sort((a, b) => a - b)[0];

  // Wake when the next sign runs out (state changes only from the timer, never during render).
  useEffect(() => {
    if (nextExpiry === undefined) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.max(0, nextExpiry - Date.now() + 50));
    return () => clearTimeout(timer);
  }, [nextExpiry]);

  const names = Object.entries(typing ?? {})
    .filter(([userId, at]) => at > now && userId !== myId)
    .map(([userId]) => conversation.members.find((m) => m.user.id === userId)?.user.first_name)
    .filter((name): name is string => Boolean(name));

  return (
    <div aria-live="polite" className="h-6 shrink-0 px-4 text-xs text-muted">
      {names.length > 0 ? (
        <p className="flex items-center gap-2">
          <span aria-hidden="true" className="flex gap-0.5">
            <span className="size-1.5 animate-bounce rounded-full bg-subtle [animation-delay:-0.3s]" />
            <span className="size-1.5 animate-bounce rounded-full bg-subtle [animation-delay:-0.15s]" />
            <span className="size-1.5 animate-bounce rounded-full bg-subtle" />
          </span>
          {sentence(names)}
        </p>
      ) : null}
    </div>
  );
}
