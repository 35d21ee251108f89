import { cn } from "@/lib/cn";

/** Quad's mark: four tiles, like a campus quad seen from above, one lit up. */
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={cn("size-8", className)} aria-hidden="true" focusable="false">
      <rect x="2" y="2" width="13" height="13" rx="4" className="fill-brand-600 dark:fill-brand-400" />
      <rect x="17" y="2" width="13" height="13" rx="4" className="fill-coral-500" />
      <rect x="2" y="17" width="13" height="13" rx="4" className="fill-brand-400 dark:fill-brand-300" />
      <rect x="17" y="17" width="13" height="13" rx="6.5" className="fill-brand-600 dark:fill-brand-400" />
    </svg>
  );
}

export function Logo({ className }: { className?: string }) {
  return (
    <span className={cn("inline-flex items-center gap-2.5", className)}>
      <LogoMark />
      <span className="text-xl font-extrabold tracking-tight text-foreground">Quad</span>
    </span>
  );
}
