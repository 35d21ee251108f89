"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import { cn } from "@/lib/cn";

import { PLACES } from "./navigation";

function useIsCurrent() {
  const pathname = usePathname();
  return (href: string) => pathname === href || pathname.startsWith(`${href}/`);
}

/** The places of the app, down the side on wide screens. */
export function SideNav() {
  const isCurrent = useIsCurrent();
  return (
    <nav
      aria-label="Main"
      className="sticky top-16 hidden h-[calc(100dvh-4rem)] w-60 shrink-0 flex-col gap-1 px-3 py-6 lg:flex"
    >
      {PLACES.map(({ label, href, icon: Icon, soon }) =>
        soon ? (
          <span
            key={href}
            aria-disabled="true"
            className="flex items-center gap-3 rounded-xl px-3 py-2.5 text-[0.9375rem] font-medium text-subtle"
          >
            <Icon className="size-5" />
            <span className="flex-1">{label}</span>
            <span className="rounded-full bg-surface-muted px-2 py-0.5 text-[0.6875rem] font-semibold tracking-wide text-muted uppercase">
              Soon
            </span>
          </span>
        ) : (
          <Link
            key={href}
            href={href}
            aria-current={isCurrent(href) ? "page" : undefined}
            className={cn(
              "flex items-center gap-3 rounded-xl px-3 py-2.5 text-[0.9375rem] font-medium transition-colors",
              isCurrent(href)
                ? "bg-primary-soft text-primary-soft-foreground"
                : "text-foreground hover:bg-surface-muted",
            )}
          >
            <Icon className="size-5" />
            {label}
          </Link>
        ),
      )}
    </nav>
  );
}

/** The same places as a tab bar at the bottom of phones, where thumbs are. */
export function BottomNav() {
  const isCurrent = useIsCurrent();
  return (
    <nav
      aria-label="Main"
      data-bottom-nav=""
      className="fixed inset-x-0 bottom-0 z-30 border-t border-border bg-surface/95 pb-[env(safe-area-inset-bottom)] backdrop-blur lg:hidden"
    >
      <ul className="mx-auto grid max-w-lg grid-cols-5">
        {PLACES.map(({ label, shortLabel, href, icon: Icon, soon }) => {
          const content = (
            <>
              <Icon className="size-[1.375rem]" />
              <span className="max-w-full truncate text-[0.6875rem] font-semibold">{shortLabel ?? label}</span>
            </>
          );
          const shape = "flex h-16 flex-col items-center justify-center gap-1 px-1";
          return (
            <li key={href}>
              {soon ? (
                <span
                  aria-disabled="true"
                  title={`${label}: coming soon`}
                  className={cn(shape, "text-subtle opacity-70")}
                >
                  {content}
                  <span className="sr-only">(coming soon)</span>
                </span>
              ) : (
                <Link
                  href={href}
                  aria-current={isCurrent(href) ? "page" : undefined}
                  className={cn(shape, isCurrent(href) ? "text-primary" : "text-muted hover:text-foreground")}
                >
                  {content}
                </Link>
              )}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
