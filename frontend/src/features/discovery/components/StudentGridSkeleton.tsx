import { Card, Skeleton } from "@/components/ui";

/** Cards of grey in the shape of students, while they load. */
export function StudentGridSkeleton({ label, cards = 4 }: { label: string; cards?: number }) {
  return (
    <div aria-busy="true" aria-label={label} className="grid gap-3 sm:grid-cols-2">
      {Array.from({ length: cards }, (_, index) => (
        <Card key={index} className="flex flex-col gap-4 p-4">
          <div className="flex items-start gap-3">
            <Skeleton className="size-11 shrink-0 rounded-full" />
            <div className="flex-1 space-y-2">
              <Skeleton className="h-4 w-36 max-w-full" />
              <Skeleton className="h-3.5 w-56 max-w-full" />
            </div>
          </div>
          <Skeleton className="h-9 w-28 sm:ml-14" />
        </Card>
      ))}
    </div>
  );
}
