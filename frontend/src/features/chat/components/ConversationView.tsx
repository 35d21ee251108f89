"use client";

import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";

import {
  ArrowLeftIcon,
  BellIcon,
  BellOffIcon,
  ButtonLink,
  ChatIcon,
  EmptyState,
  LoadError,
  MoreIcon,
  Skeleton,
} from "@/components/ui";
import { studentPath } from "@/features/friends";
import { cn } from "@/lib/cn";
import { describeApiError } from "@/lib/errors";
import { useAppDispatch } from "@/lib/hooks";

import { useConversationQuery, useMarkReadMutation, useMessagesInfiniteQuery, useSetMutedMutation } from "../api";
import { conversationTitle, memberName, otherMember } from "../format";
import { useMyId } from "../hooks/useChatIdentity";
import { usePageVisible } from "../hooks/usePageVisible";
import { CHATS_PATH } from "../paths";
import { activeConversationChanged } from "../slice";
import { Composer } from "./Composer";
import { ConversationAvatar, useOnlineLabel } from "./ConversationAvatar";
import { GroupSettingsDialog } from "./GroupSettingsDialog";
import { MessageList } from "./MessageList";
import { TypingIndicator } from "./TypingIndicator";
import type { Conversation } from "../types";

function BackToChats() {
  return (
    <Link
      href={CHATS_PATH}
      aria-label="Back to chats"
      className="-ml-1 rounded-lg p-1.5 text-muted hover:bg-surface-muted hover:text-foreground lg:hidden"
    >
      <ArrowLeftIcon className="size-5" />
    </Link>
  );
}

/** Mutes the chat's notifications for you (the unread count stays); pressed while muted. */
function MuteToggle({ conversation }: { conversation: Conversation }) {
  const [setMuted] = useSetMutedMutation();
  const muted = conversation.muted;
  return (
    <button
      type="button"
      aria-pressed={muted}
      aria-label="Mute notifications"
      title={muted ? "Muted: no notifications from this chat" : "Mute notifications"}
      onClick={() => void setMuted({ id: conversation.id, muted: !muted })}
      className={cn(
        "flex size-10 items-center justify-center rounded-xl hover:bg-surface-muted hover:text-foreground",
        muted ? "text-primary" : "text-muted",
      )}
    >
      {muted ? <BellOffIcon className="size-5" /> : <BellIcon className="size-5" />}
    </button>
  );
}

function Header({
  conversation,
  myId,
  onSettings,
}: {
  conversation: Conversation;
  myId: string | undefined;
  onSettings: () => void;
}) {
  const title = conversationTitle(conversation, myId);
  const online = useOnlineLabel(conversation, myId);
  const other = otherMember(conversation, myId);
  const subtitle =
    conversation.type === "group"
      ? `${conversation.members.length} members`
      : online
        ? "Online"
        : other
          ? `${other.user.course} · ${other.user.university.name}`
          : "";
  return (
    <div className="flex items-center gap-3 border-b border-border px-3 py-2.5 sm:px-4">
      <BackToChats />
      <ConversationAvatar conversation={conversation} myId={myId} size="sm" />
      <div className="min-w-0 flex-1">
        <h2 className="truncate text-base font-semibold text-foreground">
          {other ? (
            <Link
              href={studentPath(other.user.id)}
              prefetch={false}
              className="rounded-sm underline-offset-4 hover:underline"
            >
              {title}
            </Link>
          ) : (
            title
          )}
        </h2>
        <p className="truncate text-xs text-muted">{subtitle}</p>
      </div>
      <MuteToggle conversation={conversation} />
      {conversation.type === "group" ? (
        <button
          type="button"
          onClick={onSettings}
          aria-label="Group settings"
          className="flex size-10 items-center justify-center rounded-xl text-muted hover:bg-surface-muted hover:text-foreground"
        >
          <MoreIcon className="size-5" />
        </button>
      ) : null}
    </div>
  );
}

/**
 * Marks the conversation read up to its newest message while it is on screen and the page is
 * in front; the server then tells the sender (their "Read") and your other tabs.
 */
function useReadWhileOpen(conversation: Conversation | undefined) {
  const { data } = useMessagesInfiniteQuery(conversation?.id ?? "", { skip: !conversation });
  const visible = usePageVisible();
  const [markRead] = useMarkReadMutation();
  const asked = useRef(0);
  const newest = useMemo(() => {
    let seq = 0;
    for (const page of data?.pages ?? []) for (const m of page.items) seq = Math.max(seq, m.seq);
    return seq;
  }, [data]);
  const id = conversation?.id;
  const readUpTo = conversation?.last_read_seq ?? 0;
  useEffect(() => {
    if (!id || !visible || newest <= readUpTo || newest <= asked.current) return;
    asked.current = newest;
    void markRead({ conversationId: id, seq: newest });
  }, [id, visible, newest, readUpTo, markRead]);
  return data;
}

/** Says each message that arrives from someone else, for screen readers (the list is not live). */
function NewMessageAnnouncer({ conversation, myId }: { conversation: Conversation; myId: string | undefined }) {
  const { data } = useMessagesInfiniteQuery(conversation.id);
  const newest = data?.pages.at(-1)?.items.at(-1);
  const [first] = useState(() => newest?.id ?? null);
  const incoming = newest && newest.id !== first && newest.sender_id !== myId && !newest.deleted ? newest : null;
  return (
    <div aria-live="polite" aria-atomic="true" className="sr-only">
      {incoming
        ? `New message from ${memberName(conversation, incoming.sender_id) ?? "a former member"}: ${incoming.body}`
        : ""}
    </div>
  );
}

function ViewSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading the conversation" className="flex flex-1 flex-col">
      <div className="flex items-center gap-3 border-b border-border px-4 py-3">
        <Skeleton className="size-9 rounded-full" />
        <Skeleton className="h-4 w-40" />
      </div>
      <div className="flex-1" />
    </div>
  );
}

function NotAvailable() {
  return (
    <div className="flex flex-1 flex-col">
      <div className="px-3 py-2.5">
        <BackToChats />
      </div>
      <EmptyState
        icon={<ChatIcon className="size-7" />}
        title="This chat isn't available"
        description="You may have left it or been removed, or the link is wrong."
        action={<ButtonLink href={CHATS_PATH}>Back to chats</ButtonLink>}
      />
    </div>
  );
}

/** One conversation: who it is with, its history, who is typing, and where to write. */
export function ConversationView({ id }: { id: string }) {
  const myId = useMyId();
  const dispatch = useAppDispatch();
  const { data: conversation, error, isError, isLoading, refetch } = useConversationQuery(id);
  const [settingsOpen, setSettingsOpen] = useState(false);
  useReadWhileOpen(isError ? undefined : conversation);

  useEffect(() => {
    dispatch(activeConversationChanged(id));
    return () => {
      dispatch(activeConversationChanged(null));
    };
  }, [dispatch, id]);

  const title = conversation ? conversationTitle(conversation, myId) : null;
  useEffect(() => {
    if (title) document.title = `${title} · Quad`;
  }, [title]);

  if (isLoading) return <ViewSkeleton />;
  if (isError && describeApiError(error).status === 404) return <NotAvailable />;
  if (!conversation)
    return (
      <div className="p-4">
        <LoadError title="We couldn't load this chat" error={error} onRetry={() => void refetch()} />
      </div>
    );

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <Header conversation={conversation} myId={myId} onSettings={() => setSettingsOpen(true)} />
      <MessageList conversation={conversation} myId={myId} />
      <NewMessageAnnouncer conversation={conversation} myId={myId} />
      <TypingIndicator conversation={conversation} myId={myId} />
      <Composer conversationId={conversation.id} recipient={title ?? "the chat"} />
      {conversation.type === "group" ? (
        <GroupSettingsDialog
          conversation={conversation}
          myId={myId}
          open={settingsOpen}
          onClose={() => setSettingsOpen(false)}
        />
      ) : null}
    </div>
  );
}
