"use client";

import { useState, type KeyboardEvent } from "react";

import { cn } from "@/lib/cn";

import type { ControlProps } from "./Field";
import { XIcon } from "./icons";

interface TagInputProps {
  control: ControlProps;
  name: string;
  value: string[];
  onChange: (tags: string[]) => void;
  onBlur?: () => void;
  maxTags: number;
  maxLength: number;
  placeholder?: string;
}

/**
 * Tags typed one by one: Enter or comma adds, Backspace in the empty box removes the last,
 * each tag has its own remove button. Duplicates (ignoring case) are not added twice.
 */
export function TagInput({ control, name, value, onChange, onBlur, maxTags, maxLength, placeholder }: TagInputProps) {
  const [draft, setDraft] = useState("");
  const [announcement, setAnnouncement] = useState("");
  const full = value.length >= maxTags;

  const add = (raw: string) => {
    const tag = raw.replace(/\s+/g, " ").trim().slice(0, maxLength);
    setDraft("");
    if (!tag) return;
    if (value.some((t) => t.toLocaleLowerCase() === tag.toLocaleLowerCase())) {
      setAnnouncement(`${tag} is already there.`);
      return;
    }
    if (full) return;
    onChange([...value, tag]);
    setAnnouncement(`Added ${tag}.`);
  };

  const remove = (tag: string) => {
    onChange(value.filter((t) => t !== tag));
    setAnnouncement(`Removed ${tag}.`);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter" || event.key === ",") {
      event.preventDefault();
      add(draft);
    } else if (event.key === "Backspace" && draft === "" && value.length > 0) {
      const last = value[value.length - 1];
      if (last !== undefined) remove(last);
    }
  };

  return (
    <div
      className={cn(
        "flex min-h-11 w-full flex-wrap items-center gap-1.5 rounded-xl border border-border-strong bg-surface px-2 py-1.5",
        "focus-within:border-primary focus-within:ring-4 focus-within:ring-primary/20 hover:border-subtle",
        control["aria-invalid"] && "border-danger focus-within:ring-danger/20",
      )}
    >
      <ul className="contents" aria-label="Your interests">
        {value.map((tag) => (
          <li
            key={tag}
            className="inline-flex items-center gap-1 rounded-full bg-primary-soft py-1 pr-1 pl-3 text-sm font-medium text-primary-soft-foreground"
          >
            {tag}
            <button
              type="button"
              onClick={() => remove(tag)}
              aria-label={`Remove ${tag}`}
              className="rounded-full p-0.5 hover:bg-brand-200/70 dark:hover:bg-brand-800/70"
            >
              <XIcon className="size-3.5" />
            </button>
          </li>
        ))}
      </ul>
      <input
        {...control}
        name={name}
        value={draft}
        maxLength={maxLength}
        disabled={full}
        placeholder={full ? `That's the maximum of ${maxTags}` : placeholder}
        onChange={(event) => {
          const text = event.target.value;
          if (text.includes(",")) {
            add(text.replace(/,/g, ""));
          } else {
            setDraft(text);
          }
        }}
        onKeyDown={onKeyDown}
        onBlur={() => {
          add(draft);
          onBlur?.();
        }}
        className="h-8 min-w-32 flex-1 bg-transparent px-1.5 text-[0.9375rem] text-foreground placeholder:text-subtle focus:outline-none"
      />
      <span className="sr-only" aria-live="polite">
        {announcement}
      </span>
    </div>
  );
}
