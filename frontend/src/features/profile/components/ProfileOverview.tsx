"use client";

import { useEffect, useRef } from "react";

import { BookIcon, Button, Card, GraduationCapIcon, PencilIcon } from "@/components/ui";
import type { UserMe } from "@/lib/api-schema";

import { AvatarUploader } from "./AvatarUploader";
import { InterestTags } from "./InterestTags";
import { VerifiedStudentBadge } from "./VerifiedStudentBadge";

/** The student's profile as classmates will see it, with the way to change it. */
export function ProfileOverview({
  me,
  onEdit,
  focusEdit = false,
}: {
  me: UserMe;
  onEdit: () => void;
  focusEdit?: boolean;
}) {
  const editButton = useRef<HTMLButtonElement>(null);
  // Back from the editor: focus returns to the button that opened it.
  useEffect(() => {
    if (focusEdit) editButton.current?.focus();
  }, [focusEdit]);
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
          <AvatarUploader me={me} variant="overlay" />
          <Button
            ref={editButton}
            variant="secondary"
            icon={<PencilIcon className="size-4" />}
            onClick={onEdit}
            className="sm:mb-1"
          >
            Edit profile
          </Button>
        </div>
        <div className="mt-4 text-center sm:text-left">
          <div className="flex flex-wrap items-center justify-center gap-x-3 gap-y-1.5 sm:justify-start">
            <h1 className="text-2xl font-bold tracking-tight text-foreground sm:text-3xl">
              {me.first_name} {me.last_name}
            </h1>
            {me.verified_student ? <VerifiedStudentBadge /> : null}
          </div>
          <dl className="mt-3 flex flex-col items-center gap-1.5 text-[0.9375rem] text-muted sm:items-start">
            <div className="flex items-start gap-2 text-left">
              <dt className="sr-only">University</dt>
              <GraduationCapIcon className="mt-0.5 size-[1.125rem] shrink-0 text-subtle" />
              <dd>
                {me.university.name}
                <span className="text-subtle"> · {me.university.country}</span>
              </dd>
            </div>
            <div className="flex items-start gap-2 text-left">
              <dt className="sr-only">Course</dt>
              <BookIcon className="mt-0.5 size-[1.125rem] shrink-0 text-subtle" />
              <dd>{me.course}</dd>
            </div>
          </dl>
          {me.bio ? (
            <p className="mt-5 max-w-prose text-[0.9375rem] leading-relaxed whitespace-pre-line text-foreground">
              {me.bio}
            </p>
          ) : (
            <p className="mt-5 text-[0.9375rem] text-muted">
              No bio yet.{" "}
              <button
                type="button"
                onClick={onEdit}
                className="font-semibold text-primary underline-offset-4 hover:underline"
              >
                Say hello to your classmates
              </button>
            </p>
          )}
          <div className="mt-5 flex justify-center sm:justify-start">
            {me.interests.length ? (
              <InterestTags interests={me.interests} />
            ) : (
              <p className="text-sm text-subtle">Add a few interests so people with the same ones find you.</p>
            )}
          </div>
        </div>
      </div>
    </Card>
  );
}
