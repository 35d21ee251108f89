import { cn } from "@/lib/cn";

/** A placeholder of the content's own size, so nothing jumps when it arrives. */
export function Skeleton({ className }: { className?: string }) {
  return <span aria-hidden="true" className={cn("block animate-pulse rounded-lg bg-surface-muted", className)} />;
}
