"use client";

import { useDiscoverFilters } from "../hooks/useDiscoverFilters";
import { DiscoverFilters } from "./DiscoverFilters";
import { PeopleYouMayKnow } from "./PeopleYouMayKnow";
import { SearchResults } from "./SearchResults";

/** Find classmates: filters and results, or suggestions while no filter is set. */
export function DiscoverScreen() {
  const { filters, update, active } = useDiscoverFilters();
  return (
    <div className="mx-auto max-w-4xl">
      <h1 className="text-2xl font-bold tracking-tight text-foreground sm:text-3xl">Discover</h1>
      <p className="mt-1 mb-5 text-[0.9375rem] text-muted">
        Find classmates by name, university, course or interests, and add them as friends.
      </p>
      <DiscoverFilters filters={filters} update={update} />
      {active ? (
        <SearchResults filters={filters} onClear={() => update({ university: "", course: "", interest: "", q: "" })} />
      ) : (
        <PeopleYouMayKnow />
      )}
    </div>
  );
}
