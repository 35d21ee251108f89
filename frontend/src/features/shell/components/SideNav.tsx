"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import { useUnreadChatCount } from "@/features/chat";
import { countLabel, useIncomingRequestCount } from "@/features/friends";
import { useUnreadNotificationCount } from "@/features/notifications";
import { cn } from "@/lib/cn";

import { PLACES, type Place } from "./navigation";

function useIsCurrent() {
  const pathname = usePathname();
  return (href: string) => pathname === href || pathname.startsWith(`${href}/`);
}

/** What waits for the student in each place: the badge's text, and how it is read aloud. */
function usePlaceCounts(): Record<NonNullable<Place["count"]>, { label: string; spoken: string } | null> {
  const incoming = useIncomingRequestCount();
  const label = countLabel(incoming);
  const unread = useUnreadChatCount();
  const unreadLabel = countLabel(unread);
  const notifications = useUnreadNotificationCount();
  const notificationsLabel = countLabel(notifications);
  return {
    incomingFriendRequests:
      incoming > 0 ? { label, spoken: `${label} new ${incoming === 1 ? "request" : "requests"}` } : null,
    unreadChats:
      unread > 0 ? { label: unreadLabel, spoken: `${unreadLabel} unread ${unread === 1 ? "chat" : "chats"}` } : null,
    unreadNotifications:
      notifications > 0 ? { label: notificationsLabel, spoken: `${notificationsLabel} unread` } : null,
  };
}

/** The number, for the eye; the link's name (aria-label) says it in words after the place's name. */
function CountBadge({ label, className }: { label: string; className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        "min-w-5 rounded-full bg-coral-500 px-1.5 py-px text-center text-[0.6875rem] leading-4 font-bold text-[#1a0b05] tabular-nums",
        className,
      )}
    >
      {label}
    </span>
  );
}

/** The places of the app, down the side on wide screens. */
export function SideNav() {
  const isCurrent = useIsCurrent();
  const counts = usePlaceCounts();
  return (
    <nav
      aria-label="Main"
      className="sticky top-16 hidden h-[calc(100dvh-4rem)] w-60 shrink-0 flex-col gap-1 px-3 py-6 lg:flex"
    >
      {PLACES.map(({ label, href, icon: Icon, count }) => {
        const waiting = count ? counts[count] : null;
        return (
          <Link
            key={href}
            href={href}
            aria-label={waiting ? `${label}, ${waiting.spoken}` : undefined}
            aria-current={isCurrent(href) ? "page" : undefined}
            className={cn(
              "flex items-center gap-3 rounded-xl px-3 py-2.5 text-[0.9375rem] font-medium transition-colors",
              isCurrent(href)
                ? "bg-primary-soft text-primary-soft-foreground"
                : "text-foreground hover:bg-surface-muted",
            )}
          >
            <Icon className="size-5" />
            <span className="flex-1">{label}</span>
            {waiting ? <CountBadge label={waiting.label} /> : null}
          </Link>
        );
      })}
    </nav>
  );
}

/** The same places as a tab bar at the bottom of phones, where thumbs are. */
export function BottomNav() {
  const isCurrent = useIsCurrent();
  const counts = usePlaceCounts();
  return (
    <nav
      aria-label="Main"
      data-bottom-nav=""
      className="fixed inset-x-0 bottom-0 z-30 border-t border-border bg-surface/95 pb-[env(safe-area-inset-bottom)] backdrop-blur lg:hidden"
    >
      <ul className="mx-auto grid max-w-lg grid-cols-5">
        {PLACES.map(({ label, shortLabel, href, icon: Icon, count }) => {
          const waiting = count ? counts[count] : null;
          return (
            <li key={href}>
              <Link
                href={href}
                aria-label={waiting ? `${label}, ${waiting.spoken}` : undefined}
                aria-current={isCurrent(href) ? "page" : undefined}
                className={cn(
                  "flex h-16 flex-col items-center justify-center gap-1 px-1",
                  isCurrent(href) ? "text-primary" : "text-muted hover:text-foreground",
                )}
              >
                <span className="relative">
                  <Icon className="size-[1.375rem]" />
                  {waiting ? <CountBadge label={waiting.label} className="absolute -top-1.5 left-3.5" /> : null}
                </span>
                <span className="max-w-full truncate text-[0.6875rem] font-semibold">{shortLabel ?? label}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
