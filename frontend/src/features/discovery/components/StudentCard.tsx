import { Card } from "@/components/ui";
import { FriendshipButton, StudentSummary } from "@/features/friends";
import type { UserPublic } from "@/lib/api-schema";

/**
 * A student in Discover: who they are, what you share, and the one friendship button. The
 * whole card opens their profile; the button sits above that link.
 */
export function StudentCard({ student, reasons }: { student: UserPublic; reasons?: readonly string[] }) {
  return (
    <Card className="relative flex h-full flex-col gap-4 p-4 transition-shadow hover:shadow-md">
      <StudentSummary student={student} stretchLink showMutual={!reasons?.length}>
        {reasons && reasons.length > 0 ? (
          <ul aria-label="Why you may know them" className="mt-2 flex flex-wrap gap-1.5">
            {reasons.map((reason) => (
              <li key={reason} className="rounded-full bg-surface-muted px-2.5 py-0.5 text-xs font-medium text-muted">
                {reason}
              </li>
            ))}
          </ul>
        ) : null}
      </StudentSummary>
      <div className="mt-auto sm:pl-14">
        <FriendshipButton student={student} />
      </div>
    </Card>
  );
}
