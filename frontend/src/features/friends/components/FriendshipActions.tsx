"use client";

import { useRef } from "react";

import { Button, ButtonLink, ChatIcon } from "@/components/ui";
import type { UserPublic } from "@/lib/api-schema";

import { useFriendshipActions } from "../hooks/useFriendshipActions";
import { fullName, messagePath } from "../paths";
import { FriendshipButton } from "./FriendshipButton";
import { StudentMenu } from "./StudentMenu";

/**
 * What you can do on a student's profile: Message (friends), the friendship button (with
 * Decline beside Accept when they asked you), and unfriend or block behind the "more" menu.
 */
export function FriendshipActions({ student, onGone }: { student: UserPublic; onGone?: () => void }) {
  const actions = useFriendshipActions();
  const container = useRef<HTMLDivElement>(null);
  if (student.friendship_status === "self") return null;
  return (
    <div ref={container} className="flex flex-wrap items-center justify-center gap-2">
      {student.friendship_status === "friends" ? (
        <ButtonLink href={messagePath(student.id)} icon={<ChatIcon className="size-5" />}>
          Message
        </ButtonLink>
      ) : null}
      <FriendshipButton student={student} size="md" />
      {student.friendship_status === "request_received" ? (
        <Button
          variant="secondary"
          aria-label={`Decline ${fullName(student)}'s friend request`}
          aria-disabled={actions.busy || undefined}
          onClick={() => {
            if (actions.busy) return;
            void actions.decline(student);
            // Decline goes away with the request: the focus moves to the button that stays.
            container.current?.querySelector<HTMLElement>("button")?.focus();
          }}
        >
          Decline
        </Button>
      ) : null}
      <StudentMenu student={student} onGone={onGone} size="md" />
    </div>
  );
}
