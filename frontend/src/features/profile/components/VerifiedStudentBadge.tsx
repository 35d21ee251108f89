import { BadgeCheckIcon, Badge } from "@/components/ui";

/** Shown when the student's confirmed e-mail belongs to their university's domain. */
export function VerifiedStudentBadge() {
  return (
    <Badge tone="brand" icon={<BadgeCheckIcon className="size-3.5" />}>
      <span title="Their university e-mail address is confirmed">Verified student</span>
    </Badge>
  );
}
