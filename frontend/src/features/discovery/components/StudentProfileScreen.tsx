"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useEffect } from "react";

import {
  ArrowLeftIcon,
  Avatar,
  BanIcon,
  Button,
  ButtonLink,
  Card,
  CompassIcon,
  EmptyState,
  LoadError,
  Skeleton,
  UsersIcon,
} from "@/components/ui";
import {
  DISCOVER_PATH,
  FriendshipActions,
  fullName,
  mutualFriendsLabel,
  useFriendshipActions,
} from "@/features/friends";
import { ProfileCard, useMe } from "@/features/profile";
import type { UserPublic } from "@/lib/api-schema";
import { describeApiError } from "@/lib/errors";

import { useStudentQuery } from "../api";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function ProfileSkeleton() {
  return (
    <Card aria-busy="true" aria-label="Loading the profile" className="overflow-hidden">
      <Skeleton className="h-28 rounded-none sm:h-36" />
      <div className="px-5 pb-6 sm:px-8">
        <Skeleton className="-mt-14 size-28 rounded-full ring-4 ring-surface sm:-mt-16 sm:size-32" />
        <Skeleton className="mt-5 h-8 w-56" />
        <Skeleton className="mt-3 h-5 w-72 max-w-full" />
        <Skeleton className="mt-2 h-5 w-40" />
      </div>
    </Card>
  );
}

function NotFound() {
  return (
    <Card>
      <EmptyState
        icon={<CompassIcon className="size-7" />}
        title="We can't find this student"
        description="The link may be old or mistyped, or they may no longer be on Quad."
        action={
          <ButtonLink href={DISCOVER_PATH} icon={<CompassIcon className="size-5" />}>
            Find classmates
          </ButtonLink>
        }
      />
    </Card>
  );
}

/**
 * A student you blocked (the server answers 404 `user_blocked`, without their profile): say
 * so, and offer to unblock. Their name shows when we still hold it (blocked from this page).
 */
function Blocked({ id, student }: { id: string; student: UserPublic | undefined }) {
  const actions = useFriendshipActions();
  return (
    <Card>
      <EmptyState
        icon={<BanIcon className="size-7" />}
        title={student ? `You blocked ${fullName(student)}` : "You blocked this student"}
        description={`You can't see each other's profiles or find each other in search. ${
          student ? `${student.first_name} isn't` : "They aren't"
        } told.`}
        action={
          <Button variant="secondary" onClick={() => void actions.unblock(student ?? { id })}>
            {student ? `Unblock ${student.first_name}` : "Unblock"}
          </Button>
        }
      />
    </Card>
  );
}

/** Another student's profile: who they are, what you share, and what you can do. */
export function StudentProfileScreen({ id }: { id: string }) {
  const valid = UUID.test(id);
  const { data: student, error, isError, isLoading, refetch } = useStudentQuery(id, { skip: !valid });
  const { data: me } = useMe();
  const router = useRouter();
  const isMe = me?.id === id;

  // Your own profile lives at /profile, where you can edit it.
  useEffect(() => {
    if (isMe) router.replace("/profile");
  }, [isMe, router]);

  // The tab says whose profile this is (the static page can only say "Student profile").
  const title = student ? `${fullName(student)} · Quad` : null;
  useEffect(() => {
    if (title) document.title = title;
  }, [title]);

  if (!valid) return <NotFound />;
  if (isLoading || isMe) return <ProfileSkeleton />;
  // A 404 wins over what was shown before: blocked just now, or gone. After a failed fetch
  // `student` is still the last profile the server gave, if it gave one.
  if (isError) {
    const problem = describeApiError(error);
    if (problem.code === "user_blocked") return <Blocked id={id} student={student} />;
    if (problem.status === 404) return <NotFound />;
  }
  if (!student) {
    return <LoadError title="We couldn't load this profile" error={error} onRetry={() => void refetch()} />;
  }

  const name = fullName(student);
  const mutual = mutualFriendsLabel(student.mutual_friends);
  return (
    <ProfileCard
      student={student}
      avatar={
        <Avatar
          name={name}
          src={student.avatar_url}
          size="xl"
          className="ring-4 ring-surface"
          alt={`${name}'s profile photo`}
        />
      }
      actions={<FriendshipActions student={student} />}
      facts={
        mutual ? (
          <div className="flex items-start gap-2 text-left">
            <dt className="sr-only">Mutual friends</dt>
            <UsersIcon className="mt-0.5 size-[1.125rem] shrink-0 text-subtle" />
            <dd className="font-medium text-primary-soft-foreground">{mutual}</dd>
          </div>
        ) : null
      }
      emptyBio={<p>{student.first_name} hasn&apos;t written a bio yet.</p>}
    />
  );
}

/** /student?id=…: the export is static, so the id comes from the query string. */
export function StudentProfileFromLink() {
  const id = useSearchParams().get("id") ?? "";
  const router = useRouter();
  return (
    <div className="mx-auto max-w-3xl">
      <button
        type="button"
        onClick={() => (window.history.length > 1 ? router.back() : router.push(DISCOVER_PATH))}
        className="mb-4 inline-flex items-center gap-1.5 rounded-lg px-1 py-1 text-sm font-semibold text-muted hover:text-foreground"
      >
        <ArrowLeftIcon className="size-4" />
        Back
      </button>
      <StudentProfileScreen key={id} id={id} />
    </div>
  );
}
