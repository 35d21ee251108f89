"use client";

import { Button, EmptyState, LoadError, SearchIcon } from "@/components/ui";
import { LoadMore } from "@/features/friends";

import { useSearchStudentsInfiniteQuery, type StudentFilters } from "../api";
import { StudentCard } from "./StudentCard";
import { StudentGridSkeleton } from "./StudentGridSkeleton";

/** Students matching the filters, a page at a time. */
export function SearchResults({ filters, onClear }: { filters: StudentFilters; onClear: () => void }) {
  const { data, error, isLoading, isFetching, isFetchingNextPage, hasNextPage, fetchNextPage, refetch } =
    useSearchStudentsInfiniteQuery(filters, { refetchOnMountOrArgChange: 30 });
  const students = data?.pages.flatMap((page) => page.items) ?? [];
  const searching = isFetching && !isFetchingNextPage;

  let body;
  let status = "";
  if (isLoading) {
    body = <StudentGridSkeleton label="Searching students" />;
  } else if (error && !data) {
    body = <LoadError title="We couldn't search just now" error={error} onRetry={() => void refetch()} />;
  } else if (students.length === 0) {
    status = "No students match.";
    body = (
      <EmptyState
        icon={<SearchIcon className="size-7" />}
        title="No one matches your search"
        description={
          filters.q
            ? "Check the spelling of the name, or remove a filter: a university or course alone often finds classmates."
            : "Try fewer filters: a course on its own, or a university without a course, finds more people."
        }
        action={
          <Button variant="secondary" onClick={onClear}>
            Clear filters
          </Button>
        }
      />
    );
  } else {
    const count = `${students.length}${hasNextPage ? "+" : ""}`;
    status = `${count} ${students.length === 1 && !hasNextPage ? "student" : "students"} found.`;
    body = (
      <>
        <ul
          aria-label="Students"
          aria-busy={searching || undefined}
          className={`grid gap-3 sm:grid-cols-2 ${searching ? "opacity-60 transition-opacity" : ""}`}
        >
          {students.map((student) => (
            <li key={student.id}>
              <StudentCard student={student} />
            </li>
          ))}
        </ul>
        <LoadMore hasMore={hasNextPage} loading={isFetchingNextPage} onLoad={() => void fetchNextPage()}>
          Show more students
        </LoadMore>
      </>
    );
  }

  return (
    <section aria-labelledby="discover-results" className="mt-8">
      <div className="mb-3 flex items-baseline justify-between gap-3">
        <h2 id="discover-results" className="text-lg font-semibold text-foreground">
          Students
        </h2>
        <p role="status" className="text-sm text-muted">
          {searching ? "Searching…" : status}
        </p>
      </div>
      {body}
    </section>
  );
}
