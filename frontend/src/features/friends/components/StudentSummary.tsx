import Link from "next/link";
import type { ReactNode } from "react";

import { Avatar } from "@/components/ui";
import { VerifiedStudentBadge } from "@/features/profile";
import type { UserPublic } from "@/lib/api-schema";
import { cn } from "@/lib/cn";

import { fullName, mutualFriendsLabel, studentPath } from "../paths";

interface StudentSummaryProps {
  student: UserPublic;
  /** Under the course line: why they are suggested, when the request came... */
  children?: ReactNode;
  /** The heading level of the name in its list. */
  as?: "h2" | "h3" | "p";
  size?: "md" | "lg";
  /** The whole card opens the profile (the name's link is stretched over its positioned parent). */
  stretchLink?: boolean;
  compactBadge?: boolean;
  /** Off where the mutual friends are already said another way (a suggestion's reasons). */
  showMutual?: boolean;
}

/** Who a student is at a glance, with their name linking to their profile. */
export function StudentSummary({
  student,
  children,
  as: Name = "h3",
  size = "md",
  stretchLink = false,
  compactBadge = false,
  showMutual = true,
}: StudentSummaryProps) {
  const name = fullName(student);
  const mutual = showMutual ? mutualFriendsLabel(student.mutual_friends) : null;
  return (
    <div className="flex min-w-0 items-start gap-3">
      <Avatar name={name} src={student.avatar_url} size={size === "lg" ? "lg" : "md"} />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <Name className="min-w-0 text-[0.9375rem] leading-snug font-semibold text-foreground">
            <Link
              href={studentPath(student.id)}
              // Every card links to the same page: nothing to gain from prefetching each one.
              prefetch={false}
              className={cn(
                "rounded-sm [overflow-wrap:anywhere] underline-offset-4 hover:underline",
                stretchLink && "after:absolute after:inset-0 after:rounded-2xl after:content-['']",
              )}
            >
              {name}
            </Link>
          </Name>
          {student.verified_student ? <VerifiedStudentBadge compact={compactBadge} /> : null}
        </div>
        <p className="mt-0.5 text-sm [overflow-wrap:anywhere] text-muted">
          {student.course} · {student.university.name}
        </p>
        {mutual ? <p className="mt-0.5 text-sm font-medium text-primary-soft-foreground">{mutual}</p> : null}
        {children}
      </div>
    </div>
  );
}
