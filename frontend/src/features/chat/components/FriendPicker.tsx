"use client";

import { useState } from "react";

import { Avatar, Input, SearchIcon, Skeleton } from "@/components/ui";
import { LoadMore, friendsApi, fullName } from "@/features/friends";
import { useDebouncedValue } from "@/lib/hooks";

/** Friends to tick, with a name filter: for a new group, or to add to one. */
export function FriendPicker({
  selected,
  onToggle,
  exclude = [],
  label,
}: {
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  /** Friends who are already in (not offered). */
  exclude?: readonly string[];
  label: string;
}) {
  const [filter, setFilter] = useState("");
  const q = useDebouncedValue(filter.trim(), 250);
  const { data, isLoading, hasNextPage, isFetchingNextPage, fetchNextPage } = friendsApi.useFriendsInfiniteQuery(
    q ? { q } : {},
  );
  const friends = (data?.pages.flatMap((page) => page.items) ?? []).filter((friend) => !exclude.includes(friend.id));

  return (
    <fieldset>
      <legend className="mb-2 text-sm font-semibold text-foreground">{label}</legend>
      <div className="relative mb-2">
        <SearchIcon className="pointer-events-none absolute inset-y-0 left-3 my-auto size-4 text-subtle" />
        <Input
          type="search"
          aria-label="Filter friends by name"
          placeholder="Filter by name"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          className="h-10 pl-9"
          autoComplete="off"
        />
      </div>
      <div className="max-h-64 overflow-y-auto rounded-xl border border-border">
        {isLoading ? (
          <div className="space-y-2 p-3" aria-busy="true" aria-label="Loading your friends">
            <Skeleton className="h-8 w-full" />
            <Skeleton className="h-8 w-full" />
          </div>
        ) : friends.length === 0 ? (
          <p className="p-4 text-sm text-muted">{q ? `No friend is called “${q}”.` : "No friends to add."}</p>
        ) : (
          <ul className="divide-y divide-border">
            {friends.map((friend) => {
              const name = fullName(friend);
              return (
                <li key={friend.id}>
                  <label className="flex cursor-pointer items-center gap-3 px-3 py-2 hover:bg-surface-muted">
                    <input
                      type="checkbox"
                      checked={selected.has(friend.id)}
                      onChange={() => onToggle(friend.id)}
                      className="size-4 accent-primary"
                    />
                    <Avatar name={name} src={friend.avatar_url} size="xs" />
                    <span className="min-w-0 flex-1 truncate text-sm font-medium text-foreground">{name}</span>
                  </label>
                </li>
              );
            })}
          </ul>
        )}
        <LoadMore hasMore={hasNextPage} loading={isFetchingNextPage} onLoad={() => void fetchNextPage()}>
          More friends
        </LoadMore>
      </div>
    </fieldset>
  );
}

/** A set of ids to tick and untick. */
export function useSelection() {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return { selected, toggle, clear: () => setSelected(new Set()) };
}
