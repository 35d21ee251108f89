import { cn } from "@/lib/cn";

/** The green dot of a friend who is online (its meaning said in words beside it). */
export function PresenceDot({ className }: { className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={cn("absolute right-0 bottom-0 size-3 rounded-full bg-mint-400 ring-2 ring-surface", className)}
    />
  );
}
