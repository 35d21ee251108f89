"use client";

import { useRef } from "react";

import { Avatar, BanIcon, Button, Card, EmptyState, LoadError } from "@/components/ui";
import { timeAgo } from "@/lib/time";

import { useBlocksInfiniteQuery } from "../api";
import { useFriendshipActions } from "../hooks/useFriendshipActions";
import { fullName } from "../paths";
import { FriendsPage } from "./FriendsPage";
import { LoadMore, StudentListSkeleton } from "./ListParts";

/** The students you blocked, and the way to let each back in. */
export function BlockedStudentsScreen() {
  const { data, error, isLoading, isFetchingNextPage, hasNextPage, fetchNextPage, refetch } = useBlocksInfiniteQuery();
  const actions = useFriendshipActions();
  const heading = useRef<HTMLHeadingElement>(null);
  const blocks = data?.pages.flatMap((page) => page.items) ?? [];

  let body;
  if (isLoading) body = <StudentListSkeleton rows={2} label="Loading the students you blocked" />;
  else if (error && !data)
    body = <LoadError title="We couldn't load the students you blocked" error={error} onRetry={() => void refetch()} />;
  else if (blocks.length === 0)
    body = (
      <EmptyState
        icon={<BanIcon className="size-7" />}
        title="You haven't blocked anyone"
        description="If someone bothers you, block them from their profile: they can no longer find you or see your profile, and you won't see theirs."
      />
    );
  else
    body = (
      <>
        <ul aria-label="Students you blocked" className="space-y-3">
          {blocks.map(({ user, created_at }) => {
            const name = fullName(user);
            return (
              <li key={user.id}>
                <Card className="flex items-center gap-3 p-4">
                  <Avatar name={name} src={user.avatar_url} />
                  <div className="min-w-0 flex-1">
                    <p className="font-semibold [overflow-wrap:anywhere] text-foreground">{name}</p>
                    <p className="text-sm text-muted">
                      Blocked <time dateTime={created_at}>{timeAgo(created_at)}</time>
                    </p>
                  </div>
                  <Button
                    size="sm"
                    variant="secondary"
                    aria-label={`Unblock ${name}`}
                    onClick={() => {
                      void actions.unblock(user);
                      heading.current?.focus();
                    }}
                  >
                    Unblock
                  </Button>
                </Card>
              </li>
            );
          })}
        </ul>
        <LoadMore hasMore={hasNextPage} loading={isFetchingNextPage} onLoad={() => void fetchNextPage()}>
          Show more
        </LoadMore>
      </>
    );

  return (
    <FriendsPage
      headingRef={heading}
      title="Blocked students"
      description="They can't find you, see your profile or message you, and you won't see them. They aren't told."
    >
      {body}
    </FriendsPage>
  );
}
