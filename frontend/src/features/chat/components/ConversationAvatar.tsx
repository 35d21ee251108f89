"use client";

import { Avatar } from "@/components/ui";
import { useAppSelector } from "@/lib/hooks";

import { conversationTitle, otherMember } from "../format";
import { selectIsOnline } from "../slice";
import { PresenceDot } from "./PresenceDot";
import type { Conversation } from "../types";

/** The friend's photo (with the online dot) in a direct chat; the group's initials in a group. */
export function ConversationAvatar({
  conversation,
  myId,
  size = "md",
}: {
  conversation: Conversation;
  myId: string | undefined;
  size?: "sm" | "md";
}) {
  const other = otherMember(conversation, myId);
  const online = useAppSelector((state) => (other ? selectIsOnline(state, other.user.id) : false));
  return (
    <span className="relative shrink-0">
      <Avatar
        name={conversationTitle(conversation, myId)}
        src={other?.user.avatar_url}
        size={size}
        className={conversation.type === "group" ? "rounded-xl" : undefined}
      />
      {online ? <PresenceDot /> : null}
    </span>
  );
}

/** "online" in words, for the name of whatever shows the dot. */
export function useOnlineLabel(conversation: Conversation | undefined, myId: string | undefined): boolean {
  const other = conversation ? otherMember(conversation, myId) : undefined;
  return useAppSelector((state) => (other ? selectIsOnline(state, other.user.id) : false));
}
