import { BadgeCheckIcon, Badge } from "@/components/ui";

const explanation = "Their university e-mail address is confirmed";

/**
 * Shown when the student's confirmed e-mail belongs to their university's domain. `compact`
 * is the tick alone, for dense lists; it still says "Verified student" to screen readers.
 */
export function VerifiedStudentBadge({ compact = false }: { compact?: boolean }) {
  if (compact) {
    return (
      <span title={explanation} className="inline-flex shrink-0 text-primary">
        <BadgeCheckIcon className="size-4" />
        <span className="sr-only">Verified student</span>
      </span>
    );
  }
  return (
    <Badge tone="brand" icon={<BadgeCheckIcon className="size-3.5" />}>
      <span title={explanation}>Verified student</span>
    </Badge>
  );
}
