"use client";

import type { ReactNode } from "react";

import { Button, Card, Skeleton, Spinner } from "@/components/ui";

/** Rows of grey in the shape of students, while a list loads. */
export function StudentListSkeleton({ rows = 3, label }: { rows?: number; label: string }) {
  return (
    <div aria-busy="true" aria-label={label} className="space-y-3">
      {Array.from({ length: rows }, (_, index) => (
        <Card key={index} className="flex items-center gap-3 p-4">
          <Skeleton className="size-11 shrink-0 rounded-full" />
          <div className="flex-1 space-y-2">
            <Skeleton className="h-4 w-40 max-w-full" />
            <Skeleton className="h-3.5 w-64 max-w-full" />
          </div>
        </Card>
      ))}
    </div>
  );
}

/**
 * The next page of a cursor-paged list, on request. While it loads the button stays
 * focusable (aria-disabled, not disabled), so a keyboard user keeps their place.
 */
export function LoadMore({
  hasMore,
  loading,
  onLoad,
  children,
}: {
  hasMore: boolean;
  loading: boolean;
  onLoad: () => void;
  children: ReactNode;
}) {
  if (!hasMore) return null;
  return (
    <div className="mt-5 flex justify-center">
      <Button
        variant="secondary"
        aria-disabled={loading || undefined}
        icon={loading ? <Spinner size="sm" /> : undefined}
        onClick={() => {
          if (!loading) onLoad();
        }}
      >
        {loading ? "Loading…" : children}
      </Button>
    </div>
  );
}
