import type { ReactNode } from "react";

import { BookIcon, Card, GraduationCapIcon } from "@/components/ui";
import type { UserPublic } from "@/lib/api-schema";

import { InterestTags } from "./InterestTags";
import { VerifiedStudentBadge } from "./VerifiedStudentBadge";

interface ProfileCardProps {
  student: UserPublic;
  /** The big picture: the photo uploader on your own profile, the photo on someone else's. */
  avatar: ReactNode;
  /** Beside the picture: "Edit profile" on yours, friendship actions on theirs. */
  actions?: ReactNode;
  /** More facts under university and course (mutual friends). */
  facts?: ReactNode;
  /** In place of the bio when there is none. */
  emptyBio: ReactNode;
  /** In place of the interests when there are none. */
  emptyInterests?: ReactNode;
}

/** A student's profile as classmates see it: yours on /profile, anyone's on /student. */
export function ProfileCard({ student, avatar, actions, facts, emptyBio, emptyInterests }: ProfileCardProps) {
  return (
    <Card className="overflow-hidden">
      <div
        aria-hidden="true"
        className="h-28 bg-[radial-gradient(120%_140%_at_0%_0%,var(--color-brand-400)_0%,var(--color-brand-600)_45%,var(--color-brand-800)_100%)] sm:h-36"
      >
        <div className="h-full w-full bg-[radial-gradient(circle_at_85%_30%,rgb(255_111_71/0.55),transparent_40%)]" />
      </div>
      <div className="px-5 pb-6 sm:px-8">
        <div className="-mt-14 flex flex-col items-center gap-4 sm:-mt-16 sm:flex-row sm:items-end sm:justify-between">
          {avatar}
          {actions ? (
            <div className="flex flex-wrap items-center justify-center gap-2 sm:mb-1 sm:justify-end">{actions}</div>
          ) : null}
        </div>
        <div className="mt-4 text-center sm:text-left">
          <div className="flex flex-wrap items-center justify-center gap-x-3 gap-y-1.5 sm:justify-start">
            <h1 className="text-2xl font-bold tracking-tight text-foreground sm:text-3xl">
              {student.first_name} {student.last_name}
            </h1>
            {student.verified_student ? <VerifiedStudentBadge /> : null}
          </div>
          <dl className="mt-3 flex flex-col items-center gap-1.5 text-[0.9375rem] text-muted sm:items-start">
            <div className="flex items-start gap-2 text-left">
              <dt className="sr-only">University</dt>
              <GraduationCapIcon className="mt-0.5 size-[1.125rem] shrink-0 text-subtle" />
              <dd>
                {student.university.name}
                <span className="text-subtle"> · {student.university.country}</span>
              </dd>
            </div>
            <div className="flex items-start gap-2 text-left">
              <dt className="sr-only">Course</dt>
              <BookIcon className="mt-0.5 size-[1.125rem] shrink-0 text-subtle" />
              <dd>{student.course}</dd>
            </div>
            {facts}
          </dl>
          {student.bio ? (
            <p className="mt-5 max-w-prose text-[0.9375rem] leading-relaxed whitespace-pre-line text-foreground">
              {student.bio}
            </p>
          ) : (
            <div className="mt-5 text-[0.9375rem] text-muted">{emptyBio}</div>
          )}
          <div className="mt-5 flex justify-center sm:justify-start">
            {student.interests.length ? <InterestTags interests={student.interests} /> : emptyInterests}
          </div>
        </div>
      </div>
    </Card>
  );
}
