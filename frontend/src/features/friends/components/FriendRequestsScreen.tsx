"use client";

import { useRef } from "react";

import { Button, ButtonLink, Card, CompassIcon, InboxIcon, LoadError, SendIcon } from "@/components/ui";
import type { FriendRequest, FriendRequestDirection } from "@/lib/api-schema";
import { timeAgo } from "@/lib/time";

import { otherStudent, useFriendRequestsInfiniteQuery } from "../api";
import { useFriendshipActions } from "../hooks/useFriendshipActions";
import { countLabel, useRequestCounts } from "../hooks/useRequestCounts";
import { DISCOVER_PATH, fullName } from "../paths";
import { FriendsPage } from "./FriendsPage";
import { LoadMore, StudentListSkeleton } from "./ListParts";
import { StudentSummary } from "./StudentSummary";

/** One request: who, when, and the answers you can give. */
function FriendRequestCard({
  request,
  direction,
  onAnswered,
}: {
  request: FriendRequest;
  direction: FriendRequestDirection;
  onAnswered: () => void;
}) {
  const actions = useFriendshipActions();
  // The answers go to this very request, whatever the student's copy says.
  const student = { ...otherStudent(request, direction), friend_request_id: request.id };
  const name = fullName(student);
  const answer = (action: () => Promise<boolean>) => () => {
    if (actions.busy) return;
    void action();
    // The card goes at once (optimistic): the focus moves to the section before it does.
    onAnswered();
  };
  return (
    <Card className="relative flex flex-col gap-3 p-4 sm:flex-row sm:items-center">
      <div className="min-w-0 flex-1">
        <StudentSummary student={student} stretchLink compactBadge>
          <p className="mt-0.5 text-xs text-subtle">
            {direction === "incoming" ? "Asked" : "Sent"}{" "}
            <time dateTime={request.created_at}>{timeAgo(request.created_at)}</time>
          </p>
        </StudentSummary>
      </div>
      <div className="relative z-10 flex gap-2 pl-14 sm:pl-0">
        {direction === "incoming" ? (
          <>
            <Button
              size="sm"
              aria-label={`Accept ${name}'s friend request`}
              onClick={answer(() => actions.accept(student))}
            >
              Accept
            </Button>
            <Button
              size="sm"
              variant="secondary"
              aria-label={`Decline ${name}'s friend request`}
              onClick={answer(() => actions.decline(student))}
            >
              Decline
            </Button>
          </>
        ) : (
          <Button
            size="sm"
            variant="secondary"
            aria-label={`Cancel your request to ${name}`}
            onClick={answer(() => actions.cancel(student))}
          >
            Cancel request
          </Button>
        )}
      </div>
    </Card>
  );
}

const sections = {
  incoming: {
    title: "Waiting for you",
    loading: "Loading requests to you",
    error: "We couldn't load the requests to you",
    more: "Show more requests",
    empty: "No one is waiting for an answer. When a classmate asks to be your friend, you'll see it here.",
    icon: InboxIcon,
  },
  outgoing: {
    title: "Sent by you",
    loading: "Loading the requests you sent",
    error: "We couldn't load the requests you sent",
    more: "Show more sent requests",
    empty: "You haven't asked anyone yet.",
    icon: SendIcon,
  },
} as const;

function RequestSection({ direction }: { direction: FriendRequestDirection }) {
  const text = sections[direction];
  const heading = useRef<HTMLHeadingElement>(null);
  const { data, error, isLoading, isFetchingNextPage, hasNextPage, fetchNextPage, refetch } =
    useFriendRequestsInfiniteQuery(direction);
  const counts = useRequestCounts();
  const requests = data?.pages.flatMap((page) => page.items) ?? [];
  const headingId = `requests-${direction}`;
  const Icon = text.icon;

  let body;
  if (isLoading) body = <StudentListSkeleton rows={2} label={text.loading} />;
  else if (error && !data) body = <LoadError title={text.error} error={error} onRetry={() => void refetch()} />;
  else if (requests.length === 0)
    body = (
      <Card className="flex flex-col items-start gap-3 border-dashed p-5 text-[0.9375rem] text-muted sm:flex-row sm:items-center">
        <span className="flex-1">{text.empty}</span>
        {direction === "outgoing" ? (
          <ButtonLink href={DISCOVER_PATH} size="sm" variant="secondary" icon={<CompassIcon className="size-4" />}>
            Find classmates
          </ButtonLink>
        ) : null}
      </Card>
    );
  else
    body = (
      <>
        <ul aria-labelledby={headingId} className="space-y-3">
          {requests.map((request) => (
            <li key={request.id}>
              <FriendRequestCard request={request} direction={direction} onAnswered={() => heading.current?.focus()} />
            </li>
          ))}
        </ul>
        <LoadMore hasMore={hasNextPage} loading={isFetchingNextPage} onLoad={() => void fetchNextPage()}>
          {text.more}
        </LoadMore>
      </>
    );

  // The server's count, exact however many pages are loaded (it moves with each answer).
  const count = counts ? countLabel(counts[direction]) : null;
  return (
    <section aria-labelledby={headingId}>
      <h2
        id={headingId}
        ref={heading}
        tabIndex={-1}
        className="mb-3 flex items-center gap-2 text-base font-semibold text-foreground focus:outline-none"
      >
        <Icon className="size-5 text-subtle" />
        {text.title}
        {count !== null ? (
          <span className="rounded-full bg-surface-muted px-2 py-0.5 text-xs font-semibold text-muted tabular-nums">
            {count}
          </span>
        ) : null}
      </h2>
      {body}
    </section>
  );
}

/** Friend requests both ways: answer the ones to you, withdraw the ones you sent. */
export function FriendRequestsScreen() {
  return (
    <FriendsPage title="Friend requests" description="Say yes to classmates you know, and keep track of who you asked.">
      <div className="space-y-8">
        <RequestSection direction="incoming" />
        <RequestSection direction="outgoing" />
      </div>
    </FriendsPage>
  );
}
