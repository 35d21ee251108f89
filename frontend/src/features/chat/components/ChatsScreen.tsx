"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";

import { Alert, ButtonLink, ChatIcon, EmptyState, Spinner } from "@/components/ui";
import { cn } from "@/lib/cn";
import { describeApiError } from "@/lib/errors";

import { useOpenDirectChatMutation } from "../api";
import { CHATS_PATH, conversationPath } from "../paths";
import { ConversationList } from "./ConversationList";
import { ConversationView } from "./ConversationView";
import { NewGroupDialog } from "./NewGroupDialog";
import { OfflineBanner } from "./OfflineBanner";

/** `/chats?with=<friend>` (the Message button): gets or makes the direct chat, then opens it. */
function StartDirectChat({ userId }: { userId: string }) {
  const [open, { error }] = useOpenDirectChatMutation();
  const router = useRouter();
  const asked = useRef(false);
  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    open({ userId })
      .unwrap()
      .then((conversation) => router.replace(conversationPath(conversation.id)))
      .catch(() => undefined);
  }, [open, router, userId]);
  if (error) {
    const problem = describeApiError(error);
    return (
      <div className="p-4">
        <Alert tone="danger" role="alert" title="We couldn't open this chat">
          {problem.code === "not_friends"
            ? "You can message your friends only: send a friend request first."
            : problem.message}
        </Alert>
      </div>
    );
  }
  return (
    <div className="flex flex-1 items-center justify-center">
      <Spinner label="Opening the chat" />
    </div>
  );
}

function NothingOpen() {
  return (
    <EmptyState
      className="m-auto"
      icon={<ChatIcon className="size-7" />}
      title="Pick a chat"
      description="Choose a conversation on the left, or message a friend from their profile."
      action={
        <ButtonLink href="/friends" variant="secondary">
          Your friends
        </ButtonLink>
      }
    />
  );
}

/**
 * Chats: the list beside the open conversation on wide screens; on a phone, one at a time
 * (the list, or the conversation with a way back). The open conversation is `?c=<id>`.
 */
export function ChatsScreen() {
  const params = useSearchParams();
  const conversationId = params.get("c");
  const withUser = params.get("with");
  const [newGroupOpen, setNewGroupOpen] = useState(false);
  const showingOne = Boolean(conversationId || withUser);

  return (
    <div className="flex min-h-0 flex-1 flex-col overflow-hidden border-border bg-surface lg:rounded-2xl lg:border">
      <OfflineBanner />
      <div className="flex min-h-0 flex-1">
        <aside
          aria-label="Your chats"
          className={cn(
            "min-h-0 w-full flex-col lg:flex lg:w-80 lg:shrink-0 lg:border-r lg:border-border",
            showingOne ? "hidden" : "flex",
          )}
        >
          <ConversationList currentId={conversationId} onNewGroup={() => setNewGroupOpen(true)} />
        </aside>
        <section
          aria-label="Conversation"
          className={cn("min-h-0 min-w-0 flex-1 flex-col lg:flex", showingOne ? "flex" : "hidden")}
        >
          {withUser && !conversationId ? (
            <StartDirectChat key={withUser} userId={withUser} />
          ) : conversationId ? (
            <ConversationView key={conversationId} id={conversationId} />
          ) : (
            <NothingOpen />
          )}
        </section>
      </div>
      <NewGroupDialog open={newGroupOpen} onClose={() => setNewGroupOpen(false)} />
    </div>
  );
}

export { CHATS_PATH };
