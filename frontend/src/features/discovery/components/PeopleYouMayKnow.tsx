"use client";

import { ButtonLink, EmptyState, LoadError, PencilIcon, SparklesIcon } from "@/components/ui";
import { useMe } from "@/features/profile";

import { useSuggestionsQuery } from "../api";
import { StudentCard } from "./StudentCard";
import { StudentGridSkeleton } from "./StudentGridSkeleton";

/** Classmates Quad suggests when no filter is set, each with the reasons why. */
export function PeopleYouMayKnow() {
  const { data, error, isLoading, refetch } = useSuggestionsQuery(undefined, { refetchOnMountOrArgChange: 30 });
  const { data: me } = useMe();
  const suggestions = data?.items ?? [];

  let body;
  if (isLoading) {
    body = <StudentGridSkeleton label="Finding people you may know" />;
  } else if (error && !data) {
    body = <LoadError title="We couldn't load suggestions" error={error} onRetry={() => void refetch()} />;
  } else if (suggestions.length === 0) {
    const bare = me && me.interests.length === 0;
    body = (
      <EmptyState
        icon={<SparklesIcon className="size-7" />}
        title="No suggestions yet"
        description={
          bare
            ? "Add a few interests to your profile so Quad can find classmates who share them, or search by university and course above."
            : "Quad suggests classmates from your university, course, interests and friends. Search by name or university above to find people now."
        }
        action={
          bare ? (
            <ButtonLink href="/profile" variant="secondary" icon={<PencilIcon className="size-4" />}>
              Complete your profile
            </ButtonLink>
          ) : undefined
        }
      />
    );
  } else {
    body = (
      <ul aria-labelledby="people-you-may-know" className="grid gap-3 sm:grid-cols-2">
        {suggestions.map(({ user, reasons }) => (
          <li key={user.id}>
            <StudentCard student={user} reasons={reasons} />
          </li>
        ))}
      </ul>
    );
  }

  return (
    <section aria-labelledby="people-you-may-know" className="mt-8">
      <h2 id="people-you-may-know" className="text-lg font-semibold text-foreground">
        People you may know
      </h2>
      <p className="mt-0.5 mb-4 text-sm text-muted">From your university, course, interests and friends.</p>
      {body}
    </section>
  );
}
