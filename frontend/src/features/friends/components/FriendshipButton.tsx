"use client";

import { useEffect, useRef } from "react";

import { Button, ClockIcon, UserCheckIcon, UserPlusIcon, type ButtonSize } from "@/components/ui";
import type { UserPublic } from "@/lib/api-schema";
import { cn } from "@/lib/cn";

import { useFriendshipActions } from "../hooks/useFriendshipActions";
import { fullName } from "../paths";

interface FriendshipButtonProps {
  student: UserPublic;
  size?: ButtonSize;
  className?: string;
}

/**
 * The one button of a student's card, named for where you stand: Add friend, Requested
 * (press to withdraw), Accept, or Friends (a state, not an action). The label changes the
 * moment it is pressed; if the server refuses, it changes back and a toast says why.
 */
export function FriendshipButton({ student, size = "sm", className }: FriendshipButtonProps) {
  const actions = useFriendshipActions();
  const name = fullName(student);
  const status = student.friendship_status;

  // The element can change under the finger (Accept → the "Friends" state): keep the focus
  // where it was, or a keyboard user is thrown back to the top of the page.
  const root = useRef<HTMLSpanElement>(null);
  const keepFocus = useRef(false);
  useEffect(() => {
    const element = root.current?.firstElementChild;
    const lost = !document.activeElement || document.activeElement === document.body;
    if (keepFocus.current && lost && element instanceof HTMLElement) element.focus();
  }, [status]);

  const press = (action: () => Promise<boolean>) => () => {
    if (actions.busy) return;
    keepFocus.current = true;
    void action();
  };
  const common = {
    size,
    "aria-disabled": actions.busy || undefined,
  } as const;

  let button;
  switch (status) {
    case "none":
      button = (
        <Button
          {...common}
          icon={<UserPlusIcon className="size-4" />}
          aria-label={`Add friend: ${name}`}
          onClick={press(() => actions.add(student))}
        >
          Add friend
        </Button>
      );
      break;
    case "request_sent":
      button = (
        <Button
          {...common}
          variant="secondary"
          icon={<ClockIcon className="size-4" />}
          aria-label={`Requested: withdraw your request to ${name}`}
          title="Press to withdraw your request"
          onClick={press(() => actions.cancel(student))}
        >
          Requested
        </Button>
      );
      break;
    case "request_received":
      button = (
        <Button
          {...common}
          icon={<UserCheckIcon className="size-4" />}
          aria-label={`Accept ${name}'s friend request`}
          onClick={press(() => actions.accept(student))}
        >
          Accept
        </Button>
      );
      break;
    case "friends":
      button = (
        <span
          tabIndex={-1}
          className={cn(
            "inline-flex items-center justify-center gap-2 rounded-xl bg-success-soft px-3 font-semibold text-success",
            size === "sm" ? "h-9 text-sm" : "h-11 text-[0.9375rem]",
          )}
        >
          <UserCheckIcon className="size-4" />
          Friends
        </span>
      );
      break;
    default:
      return null;
  }

  return (
    <span
      ref={root}
      className={cn("relative z-10 inline-flex", className)}
      onBlur={(event) => {
        // Moved on by the student (not by the element going away): stop following.
        if (event.relatedTarget && !event.currentTarget.contains(event.relatedTarget)) keepFocus.current = false;
      }}
    >
      {button}
    </span>
  );
}
