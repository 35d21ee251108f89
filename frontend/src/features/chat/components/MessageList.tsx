"use client";

import { forwardRef, useMemo, useState, type HTMLAttributes, type KeyboardEvent } from "react";
import { Virtuoso, type Components } from "react-virtuoso";

import {
  Avatar,
  Button,
  CheckIcon,
  ClockIcon,
  ConfirmDialog,
  ErrorIcon,
  LoadError,
  PencilIcon,
  Skeleton,
  Spinner,
  TrashIcon,
  useToast,
} from "@/components/ui";
import { cn } from "@/lib/cn";
import { describeApiError } from "@/lib/errors";
import { useAppDispatch, useAppSelector } from "@/lib/hooks";

import { useDeleteMessageMutation, useEditMessageMutation, useMessagesInfiniteQuery } from "../api";
import { clockTime, memberName, readByOthersUpTo } from "../format";
import { messageDiscarded, selectOutgoingIn, type OutgoingMessage } from "../slice";
import { buildTimeline, type TimelineRow } from "../timeline";
import { useChatEngine } from "./ChatProvider";
import { MessageText } from "./MessageText";
import type { Conversation, Message } from "../types";

/**
 * Virtuoso numbers rows from here; older pages prepended lower `firstItemIndex` by as many
 * rows as they add, which is how it keeps the student's place while history loads above.
 */
const FIRST_INDEX = 1_000_000;

interface ListContext {
  conversation: Conversation;
  myId: string | undefined;
  loadingOlder: boolean;
  editingKey: string | null;
  startEditing: (key: string | null) => void;
  saveEdit: (message: Message, body: string) => void;
  askDelete: (message: Message) => void;
}

const Scroller = forwardRef<HTMLDivElement, HTMLAttributes<HTMLDivElement>>(function Scroller(props, ref) {
  // Focusable, so the history scrolls with the keyboard too.
  return (
    <div
      {...props}
      ref={ref}
      tabIndex={0}
      role="region"
      aria-label="Message history"
      className="focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring"
    />
  );
});

const List = forwardRef<HTMLDivElement, HTMLAttributes<HTMLDivElement>>(function List(props, ref) {
  return <div {...props} ref={ref} role="list" aria-label="Messages" className="pb-3" />;
});

const components: Components<TimelineRow, ListContext> = {
  Scroller,
  List,
  Item: ({ context, item, ...props }) => {
    void context; // Virtuoso's own props, not the element's
    void item;
    return <div {...props} role="listitem" />;
  },
  Header: ({ context }) =>
    context?.loadingOlder ? (
      <div className="flex justify-center py-3">
        <Spinner size="sm" label="Loading older messages" />
      </div>
    ) : (
      <div className="h-3" />
    ),
};

function StatusMark({ status }: { status: "sending" | "sent" | "read" | "failed" }) {
  const words = { sending: "Sending", sent: "Sent", read: "Read", failed: "Not sent" }[status];
  return (
    <span className="inline-flex items-center gap-0.5" title={words}>
      {status === "sending" ? <ClockIcon className="size-3.5" /> : null}
      {status === "sent" ? <CheckIcon className="size-3.5" /> : null}
      {status === "read" ? (
        <span className="inline-flex -space-x-1.5 text-sun-400">
          <CheckIcon className="size-3.5" />
          <CheckIcon className="size-3.5" />
        </span>
      ) : null}
      {status === "failed" ? <ErrorIcon className="size-3.5" /> : null}
      <span className="sr-only">{words}</span>
    </span>
  );
}

function EditBox({
  message,
  onSave,
  onCancel,
}: {
  message: Message;
  onSave: (body: string) => void;
  onCancel: () => void;
}) {
  const [body, setBody] = useState(message.body);
  const save = () => {
    const text = body.trim();
    if (text && text !== message.body) onSave(text);
    else onCancel();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      onCancel();
    } else if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      save();
    }
  };
  return (
    <div className="w-72 max-w-full">
      <textarea
        aria-label="Edit your message"
        autoFocus
        value={body}
        maxLength={4000}
        onChange={(event) => setBody(event.target.value)}
        onKeyDown={onKeyDown}
        className="field-sizing-content w-full resize-none rounded-lg border border-border-strong bg-surface px-2.5 py-1.5 text-[0.9375rem] text-foreground focus:border-primary focus:ring-4 focus:ring-primary/20 focus:outline-none"
      />
      <div className="mt-1.5 flex justify-end gap-2">
        <Button size="sm" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button size="sm" onClick={save}>
          Save
        </Button>
      </div>
      <p className="mt-1 text-xs text-muted">Enter saves, Escape cancels.</p>
    </div>
  );
}

function Bubble({ mine, faded, children }: { mine: boolean; faded?: boolean; children: React.ReactNode }) {
  return (
    <div
      className={cn(
        "rounded-2xl px-3.5 py-2",
        mine ? "rounded-br-md bg-primary text-primary-foreground" : "rounded-bl-md bg-surface-muted text-foreground",
        faded && "opacity-75",
      )}
    >
      {children}
    </div>
  );
}

function MessageItem({ row, context }: { row: Extract<TimelineRow, { kind: "message" }>; context: ListContext }) {
  const { message, mine, startsRun, status } = row;
  const group = context.conversation.type === "group";
  const sender = context.conversation.members.find((m) => m.user.id === message.sender_id)?.user;
  const senderName = memberName(context.conversation, message.sender_id) ?? "Former member";
  const editing = context.editingKey === row.key;
  return (
    <div
      className={cn(
        "flex items-end gap-2 px-3 sm:px-4",
        mine ? "justify-end" : "justify-start",
        startsRun ? "pt-3" : "pt-0.5",
      )}
    >
      {!mine && group ? (
        startsRun ? (
          <Avatar name={senderName} src={sender?.avatar_url} size="xs" className="self-start" />
        ) : (
          <span className="w-7 shrink-0" />
        )
      ) : null}
      <div
        className={cn("group relative flex max-w-[85%] flex-col sm:max-w-[70%]", mine ? "items-end" : "items-start")}
      >
        {!mine && group && startsRun ? (
          <p className="mb-1 px-1 text-xs font-semibold text-muted">{senderName}</p>
        ) : null}
        <span className="sr-only">{mine ? "You" : senderName}:</span>
        {editing ? (
          <EditBox
            message={message}
            onCancel={() => context.startEditing(null)}
            onSave={(body) => context.saveEdit(message, body)}
          />
        ) : (
          <div className={cn("flex items-center gap-1", mine ? "flex-row-reverse" : "flex-row")}>
            <Bubble mine={mine}>
              {message.deleted ? (
                <p className="text-[0.9375rem] italic opacity-80">Message deleted</p>
              ) : (
                <MessageText body={message.body} />
              )}
              <p
                className={cn(
                  "mt-0.5 flex items-center justify-end gap-1.5 text-[0.6875rem]",
                  mine ? "text-primary-foreground" : "text-muted",
                )}
              >
                {message.edited_at && !message.deleted ? <span>edited</span> : null}
                <time dateTime={message.created_at}>{clockTime(message.created_at)}</time>
                {status ? <StatusMark status={status} /> : null}
              </p>
            </Bubble>
            {mine && !message.deleted ? (
              <span className="flex gap-0.5 opacity-0 transition-opacity group-focus-within:opacity-100 group-hover:opacity-100 [@media(hover:none)]:opacity-100">
                <button
                  type="button"
                  aria-label="Edit message"
                  onClick={() => context.startEditing(row.key)}
                  className="rounded-lg p-1.5 text-muted hover:bg-surface-muted hover:text-foreground"
                >
                  <PencilIcon className="size-4" />
                </button>
                <button
                  type="button"
                  aria-label="Delete message"
                  onClick={() => context.askDelete(message)}
                  className="rounded-lg p-1.5 text-muted hover:bg-surface-muted hover:text-danger"
                >
                  <TrashIcon className="size-4" />
                </button>
              </span>
            ) : null}
          </div>
        )}
      </div>
    </div>
  );
}

function OutgoingItem({ outgoing, startsRun }: { outgoing: OutgoingMessage; startsRun: boolean }) {
  const engine = useChatEngine();
  const dispatch = useAppDispatch();
  const failed = outgoing.state === "failed";
  return (
    <div className={cn("flex justify-end px-3 sm:px-4", startsRun ? "pt-3" : "pt-0.5")}>
      <div className="flex max-w-[85%] flex-col items-end sm:max-w-[70%]">
        <span className="sr-only">You:</span>
        <Bubble mine faded>
          <MessageText body={outgoing.body} />
          <p className="mt-0.5 flex items-center justify-end gap-1.5 text-[0.6875rem] text-primary-foreground">
            <time dateTime={outgoing.createdAt}>{clockTime(outgoing.createdAt)}</time>
            <StatusMark status={failed ? "failed" : "sending"} />
          </p>
        </Bubble>
        {failed ? (
          <div className="mt-1 flex flex-wrap items-center justify-end gap-x-3 gap-y-1 text-xs">
            <span className="font-medium text-danger">{outgoing.error}</span>
            <button
              type="button"
              className="font-semibold text-primary underline-offset-2 hover:underline"
              onClick={() => engine?.retry(outgoing.clientId)}
            >
              Try again
            </button>
            <button
              type="button"
              className="font-semibold text-muted underline-offset-2 hover:underline"
              onClick={() => dispatch(messageDiscarded(outgoing.clientId))}
            >
              Discard
            </button>
          </div>
        ) : null}
      </div>
    </div>
  );
}

function Row({ row, context }: { row: TimelineRow; context: ListContext }) {
  if (row.kind === "day")
    return (
      <div className="flex justify-center px-4 pt-4 pb-1">
        <span className="rounded-full bg-surface-muted px-3 py-1 text-xs font-semibold text-muted">{row.label}</span>
      </div>
    );
  if (row.kind === "outgoing") return <OutgoingItem outgoing={row.outgoing} startsRun={row.startsRun} />;
  return <MessageItem row={row} context={context} />;
}

function HistorySkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading messages" className="flex flex-1 flex-col justify-end gap-3 p-4">
      <Skeleton className="h-10 w-48 rounded-2xl" />
      <Skeleton className="h-14 w-64 self-end rounded-2xl" />
      <Skeleton className="h-10 w-40 rounded-2xl" />
    </div>
  );
}

/**
 * A conversation's history, virtualised: it opens at the newest message, loads older pages as
 * the student scrolls up (keeping their place), follows new messages while they are at the
 * bottom, and shows their own messages on the way.
 */
export function MessageList({ conversation, myId }: { conversation: Conversation; myId: string | undefined }) {
  const { data, error, isLoading, hasPreviousPage, isFetchingPreviousPage, fetchPreviousPage, refetch } =
    useMessagesInfiniteQuery(conversation.id);
  const outgoing = useAppSelector((state) => selectOutgoingIn(state, conversation.id));
  const othersReadUpTo = readByOthersUpTo(conversation, myId);
  const [editingKey, setEditingKey] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Message | null>(null);
  const [editMessage] = useEditMessageMutation();
  const [deleteMessage] = useDeleteMessageMutation();
  const toast = useToast();

  const messages = useMemo(() => data?.pages.flatMap((page) => page.items) ?? [], [data]);
  const rows = useMemo(
    () => buildTimeline(messages, outgoing, { myId, othersReadUpTo }),
    [messages, outgoing, myId, othersReadUpTo],
  );

  // The first message shown when the history opened anchors the numbering of rows.
  const firstKey = rows.find((row) => row.kind !== "day")?.key ?? null;
  const [anchorKey, setAnchorKey] = useState<string | null>(null);
  if (anchorKey === null && firstKey !== null) setAnchorKey(firstKey);
  const anchorIndex = Math.max(
    0,
    rows.findIndex((row) => row.key === (anchorKey ?? firstKey)),
  );

  if (isLoading) return <HistorySkeleton />;
  if (error && !data)
    return (
      <div className="p-4">
        <LoadError title="We couldn't load the messages" error={error} onRetry={() => void refetch()} />
      </div>
    );
  if (rows.length === 0)
    return (
      <div className="flex flex-1 items-center justify-center p-6 text-center text-sm text-muted">
        No messages yet. Say hello!
      </div>
    );

  const context: ListContext = {
    conversation,
    myId,
    loadingOlder: isFetchingPreviousPage,
    editingKey,
    startEditing: setEditingKey,
    saveEdit: (message, body) => {
      setEditingKey(null);
      editMessage({ message, body })
        .unwrap()
        .catch((problem: unknown) =>
          toast({ title: "Not edited", description: describeApiError(problem).message, tone: "error" }),
        );
    },
    askDelete: setDeleting,
  };

  return (
    <>
      <Virtuoso
        className="min-h-0 flex-1"
        data={rows}
        context={context}
        components={components}
        firstItemIndex={FIRST_INDEX - anchorIndex}
        initialTopMostItemIndex={rows.length - 1}
        alignToBottom
        computeItemKey={(_index, row) => row.key}
        increaseViewportBy={{ top: 400, bottom: 200 }}
        startReached={() => {
          if (hasPreviousPage && !isFetchingPreviousPage) void fetchPreviousPage();
        }}
        // Follow new messages while at the bottom, and always after sending one.
        followOutput={(atBottom) => (atBottom || rows.at(-1)?.kind === "outgoing" ? "smooth" : false)}
        itemContent={(_index, row, ctx) => <Row row={row} context={ctx} />}
      />
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title="Delete this message?"
        description="It is deleted for everyone in the chat. This can't be undone."
        confirmLabel="Delete"
        onConfirm={() => {
          const message = deleting;
          setDeleting(null);
          if (message)
            deleteMessage({ message })
              .unwrap()
              .catch((problem: unknown) =>
                toast({ title: "Not deleted", description: describeApiError(problem).message, tone: "error" }),
              );
        }}
      />
    </>
  );
}
