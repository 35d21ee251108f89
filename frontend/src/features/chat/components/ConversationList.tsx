"use client";

import Link from "next/link";

import { BellOffIcon, Button, ChatIcon, EmptyState, LoadError, Skeleton, UsersIcon } from "@/components/ui";
import { LoadMore } from "@/features/friends";
import { cn } from "@/lib/cn";

import { useConversationsInfiniteQuery } from "../api";
import { conversationsOnPages } from "../cache";
import { conversationTitle, listTime, previewOf } from "../format";
import { useMyId } from "../hooks/useChatIdentity";
import { conversationPath } from "../paths";
import { ConversationAvatar, useOnlineLabel } from "./ConversationAvatar";
import type { Conversation } from "../types";

function unreadLabel(count: number) {
  return count > 99 ? "99+" : String(count);
}

function ConversationRow({
  conversation,
  myId,
  current,
}: {
  conversation: Conversation;
  myId: string | undefined;
  current: boolean;
}) {
  const title = conversationTitle(conversation, myId);
  const online = useOnlineLabel(conversation, myId);
  const unread = conversation.unread_count;
  const when = conversation.last_message?.created_at ?? conversation.updated_at;
  return (
    <li>
      <Link
        href={conversationPath(conversation.id)}
        prefetch={false}
        aria-current={current ? "page" : undefined}
        className={cn(
          "flex items-center gap-3 rounded-xl px-3 py-2.5 transition-colors",
          current ? "bg-primary-soft" : "hover:bg-surface-muted",
        )}
      >
        <ConversationAvatar conversation={conversation} myId={myId} />
        <span className="min-w-0 flex-1">
          <span className="flex items-baseline gap-2">
            <span
              className={cn(
                "min-w-0 flex-1 truncate text-[0.9375rem] text-foreground",
                unread > 0 ? "font-bold" : "font-semibold",
              )}
            >
              {title}
              {online ? <span className="sr-only"> (online)</span> : null}
            </span>
            <time
              dateTime={when}
              className={cn("shrink-0 text-xs", unread > 0 ? "font-semibold text-primary" : "text-muted")}
            >
              {listTime(when)}
            </time>
          </span>
          <span className="mt-0.5 flex items-center gap-2">
            <span
              className={cn(
                "min-w-0 flex-1 truncate text-sm",
                unread > 0 ? "font-medium text-foreground" : "text-muted",
              )}
            >
              {previewOf(conversation, myId)}
            </span>
            {conversation.muted ? (
              <span className="shrink-0 text-subtle" title="Muted">
                <BellOffIcon className="size-4" />
                <span className="sr-only">, muted</span>
              </span>
            ) : null}
            {unread > 0 ? (
              // A muted chat still counts, in a quieter colour.
              <span
                className={cn(
                  "min-w-5 shrink-0 rounded-full px-1.5 py-px text-center text-[0.6875rem] leading-4 font-bold tabular-nums",
                  conversation.muted ? "bg-surface-muted text-muted" : "bg-primary text-primary-foreground",
                )}
              >
                <span aria-hidden="true">{unreadLabel(unread)}</span>
                <span className="sr-only">, {unread === 1 ? "1 unread message" : `${unread} unread messages`}</span>
              </span>
            ) : null}
          </span>
        </span>
      </Link>
    </li>
  );
}

function ListSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading your chats" className="space-y-1 p-2">
      {Array.from({ length: 5 }, (_, index) => (
        <div key={index} className="flex items-center gap-3 px-3 py-2.5">
          <Skeleton className="size-11 shrink-0 rounded-full" />
          <div className="flex-1 space-y-2">
            <Skeleton className="h-4 w-32" />
            <Skeleton className="h-3.5 w-48 max-w-full" />
          </div>
        </div>
      ))}
    </div>
  );
}

/** Your conversations, most recent first, kept in order as messages arrive. */
export function ConversationList({ currentId, onNewGroup }: { currentId: string | null; onNewGroup: () => void }) {
  const myId = useMyId();
  const { data, error, isLoading, hasNextPage, isFetchingNextPage, fetchNextPage, refetch } =
    useConversationsInfiniteQuery();
  const conversations = conversationsOnPages(data?.pages);

  let body;
  if (isLoading) body = <ListSkeleton />;
  else if (error && !data)
    body = (
      <div className="p-3">
        <LoadError title="We couldn't load your chats" error={error} onRetry={() => void refetch()} />
      </div>
    );
  else if (conversations.length === 0)
    body = (
      <EmptyState
        icon={<ChatIcon className="size-7" />}
        title="No chats yet"
        description="Open a friend's profile and press Message, or start a group with your friends."
      />
    );
  else
    body = (
      <div className="p-2">
        <ul aria-label="Conversations" className="space-y-0.5">
          {conversations.map((conversation) => (
            <ConversationRow
              key={conversation.id}
              conversation={conversation}
              myId={myId}
              current={conversation.id === currentId}
            />
          ))}
        </ul>
        <LoadMore hasMore={hasNextPage} loading={isFetchingNextPage} onLoad={() => void fetchNextPage()}>
          Show older chats
        </LoadMore>
      </div>
    );

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex items-center justify-between gap-3 border-b border-border px-4 py-3">
        <h1 className="text-xl font-bold text-foreground">Chats</h1>
        <Button size="sm" variant="soft" icon={<UsersIcon className="size-4" />} onClick={onNewGroup}>
          New group
        </Button>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">{body}</div>
    </div>
  );
}
