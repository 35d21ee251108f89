"use client";

import { useId, useState, type FormEvent, type KeyboardEvent } from "react";

import { SendIcon } from "@/components/ui";

import { useChatEngine } from "./ChatProvider";

const MAX_CHARS = 4000;

/** Where a message is written: Enter sends, Shift+Enter starts a new line. */
export function Composer({ conversationId, recipient }: { conversationId: string; recipient: string }) {
  const engine = useChatEngine();
  const [draft, setDraft] = useState("");
  const hintId = useId();
  const body = draft.trim();

  const send = () => {
    if (!body || body.length > MAX_CHARS) return;
    engine?.send(conversationId, body);
    setDraft("");
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  return (
    <form
      className="flex items-end gap-2 border-t border-border bg-surface px-3 py-3 sm:px-4"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        send();
      }}
    >
      <textarea
        aria-label={`Message ${recipient}`}
        aria-describedby={hintId}
        placeholder="Write a message"
        rows={1}
        value={draft}
        maxLength={MAX_CHARS}
        onChange={(event) => {
          setDraft(event.target.value);
          if (event.target.value.trim()) engine?.typing(conversationId);
        }}
        onKeyDown={onKeyDown}
        className="field-sizing-content max-h-40 min-h-11 flex-1 resize-none rounded-2xl border border-border-strong bg-surface px-4 py-2.5 text-[0.9375rem] leading-snug text-foreground placeholder:text-subtle focus:border-primary focus:ring-4 focus:ring-primary/20 focus:outline-none"
      />
      <span id={hintId} className="sr-only">
        Enter sends, Shift+Enter starts a new line.
      </span>
      <button
        type="submit"
        aria-label="Send"
        disabled={!body}
        className="flex size-11 shrink-0 items-center justify-center rounded-full bg-primary text-primary-foreground hover:bg-primary-hover focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring disabled:opacity-50"
      >
        <SendIcon className="size-5" />
      </button>
    </form>
  );
}
