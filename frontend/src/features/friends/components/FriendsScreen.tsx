"use client";

import { useRef, useState } from "react";

import {
  ButtonLink,
  Card,
  ChatIcon,
  CompassIcon,
  EmptyState,
  Input,
  LoadError,
  SearchIcon,
  UsersIcon,
} from "@/components/ui";
import { useDebouncedValue } from "@/lib/hooks";

import { useFriendsInfiniteQuery } from "../api";
import { useIncomingRequestCount } from "../hooks/useRequestCounts";
import { DISCOVER_PATH, REQUESTS_PATH, fullName, messagePath } from "../paths";
import { FriendsPage } from "./FriendsPage";
import { LoadMore, StudentListSkeleton } from "./ListParts";
import { StudentMenu } from "./StudentMenu";
import { StudentSummary } from "./StudentSummary";

/** Your friends, alphabetical, with a filter box; each opens their profile, and can be unfriended. */
export function FriendsScreen() {
  const [filter, setFilter] = useState("");
  const q = useDebouncedValue(filter.trim(), 250);
  const { data, error, isLoading, isFetching, isFetchingNextPage, hasNextPage, fetchNextPage, refetch } =
    useFriendsInfiniteQuery(q ? { q } : {});
  const incoming = useIncomingRequestCount();
  const heading = useRef<HTMLHeadingElement>(null);
  const friends = data?.pages.flatMap((page) => page.items) ?? [];
  const filtering = q !== "";

  let body;
  if (isLoading) {
    body = <StudentListSkeleton label="Loading your friends" />;
  } else if (error && !data) {
    body = <LoadError title="We couldn't load your friends" error={error} onRetry={() => void refetch()} />;
  } else if (friends.length === 0 && filtering) {
    body = (
      <EmptyState
        icon={<SearchIcon className="size-7" />}
        title={`No friend is called “${q}”`}
        description="Check the spelling, or look for them among every student on Discover."
        action={
          <ButtonLink href={`${DISCOVER_PATH}?q=${encodeURIComponent(q)}`} variant="secondary">
            Search everyone
          </ButtonLink>
        }
      />
    );
  } else if (friends.length === 0) {
    body = (
      <EmptyState
        icon={<UsersIcon className="size-7" />}
        title="No friends yet"
        description={
          incoming > 0
            ? "Some students have asked to be your friend: answer them, or find classmates by course and interests on Discover."
            : "Find classmates by course, interests or name on Discover and send a request. When they accept, they show up here."
        }
        action={
          <div className="flex flex-wrap justify-center gap-2">
            {incoming > 0 ? <ButtonLink href={REQUESTS_PATH}>See your requests</ButtonLink> : null}
            <ButtonLink
              href={DISCOVER_PATH}
              variant={incoming > 0 ? "secondary" : "primary"}
              icon={<CompassIcon className="size-5" />}
            >
              Discover classmates
            </ButtonLink>
          </div>
        }
      />
    );
  } else {
    body = (
      <>
        <ul aria-label="Your friends" aria-busy={isFetching || undefined} className="space-y-3">
          {friends.map((friend) => (
            <li key={friend.id}>
              <Card className="relative flex items-center gap-3 p-4">
                <div className="min-w-0 flex-1">
                  <StudentSummary student={friend} stretchLink compactBadge />
                </div>
                <ButtonLink
                  href={messagePath(friend.id)}
                  variant="secondary"
                  size="sm"
                  aria-label={`Message ${fullName(friend)}`}
                  icon={<ChatIcon className="size-[1.125rem]" />}
                  className="relative z-10"
                >
                  <span className="hidden sm:inline">Message</span>
                </ButtonLink>
                <StudentMenu student={friend} onGone={() => heading.current?.focus()} />
              </Card>
            </li>
          ))}
        </ul>
        <LoadMore hasMore={hasNextPage} loading={isFetchingNextPage} onLoad={() => void fetchNextPage()}>
          Show more friends
        </LoadMore>
      </>
    );
  }

  return (
    <FriendsPage headingRef={heading} title="Friends" description="The classmates you're connected with on Quad.">
      {filter !== "" || friends.length > 0 ? (
        <div className="relative mb-5">
          <SearchIcon className="pointer-events-none absolute inset-y-0 left-3.5 my-auto size-5 text-subtle" />
          <Input
            type="search"
            aria-label="Filter your friends by name"
            placeholder="Filter by name"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
            className="pl-11"
            maxLength={100}
            autoComplete="off"
          />
        </div>
      ) : null}
      {body}
    </FriendsPage>
  );
}
