"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode, Ref } from "react";

import { cn } from "@/lib/cn";

import { countLabel, useIncomingRequestCount } from "../hooks/useRequestCounts";
import { BLOCKED_PATH, FRIENDS_PATH, REQUESTS_PATH } from "../paths";

/** Friends, Requests (with how many wait for you) and Blocked, as tabs between three pages. */
function FriendsTabs() {
  const pathname = usePathname();
  const incoming = useIncomingRequestCount();
  const tabs = [
    { href: FRIENDS_PATH, label: "Friends" },
    { href: REQUESTS_PATH, label: "Requests", count: incoming > 0 ? countLabel(incoming) : null },
    { href: BLOCKED_PATH, label: "Blocked" },
  ];
  return (
    <nav aria-label="Friends pages" className="mt-5 border-b border-border">
      <ul className="-mb-px flex gap-1 overflow-x-auto">
        {tabs.map(({ href, label, count }) => {
          const current = pathname === href;
          return (
            <li key={href}>
              <Link
                href={href}
                aria-label={count ? `${label}, ${count} waiting for you` : undefined}
                aria-current={current ? "page" : undefined}
                className={cn(
                  "flex h-11 items-center gap-2 rounded-t-lg border-b-2 px-3 text-[0.9375rem] font-semibold whitespace-nowrap",
                  current
                    ? "border-primary text-foreground"
                    : "border-transparent text-muted hover:border-border-strong hover:text-foreground",
                )}
              >
                {label}
                {count ? (
                  <span
                    aria-hidden="true"
                    className="rounded-full bg-primary px-1.5 py-px text-xs font-bold text-primary-foreground tabular-nums"
                  >
                    {count}
                  </span>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

interface FriendsPageProps {
  title: string;
  description: ReactNode;
  children: ReactNode;
  /** The page's heading, to take the focus when the row that had it goes away. */
  headingRef?: Ref<HTMLHeadingElement>;
}

/** The frame of the three friends pages: their title, what they are for, and the tabs. */
export function FriendsPage({ title, description, children, headingRef }: FriendsPageProps) {
  return (
    <div className="mx-auto max-w-3xl">
      <h1
        ref={headingRef}
        tabIndex={-1}
        className="text-2xl font-bold tracking-tight text-foreground focus:outline-none sm:text-3xl"
      >
        {title}
      </h1>
      <p className="mt-1 text-[0.9375rem] text-muted">{description}</p>
      <FriendsTabs />
      <div className="mt-6">{children}</div>
    </div>
  );
}
