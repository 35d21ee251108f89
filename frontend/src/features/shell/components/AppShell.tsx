"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

import { Logo } from "@/components/ui";
import { HOME_PATH, VerifyEmailBanner } from "@/features/auth";
import { CHATS_PATH, ChatProvider, useConversationOpen } from "@/features/chat";
import { NotificationBell, useNotificationEvents } from "@/features/notifications";
import { cn } from "@/lib/cn";

import { AvatarMenu } from "./AvatarMenu";
import { BottomNav, SideNav } from "./SideNav";

/**
 * The frame of every signed-in page: top bar, reminders, places, and the page itself. Chats
 * fill the window instead of scrolling it (their panes scroll inside), as chat apps do. On a
 * phone, an open conversation has the whole height: the tab bar steps aside for its composer.
 */
export function AppShell({ children }: { children: ReactNode }) {
  const fill = usePathname() === CHATS_PATH;
  const tabBar = !useConversationOpen();
  const notificationEvents = useNotificationEvents();
  return (
    <ChatProvider onEvent={notificationEvents.onEvent} onStatus={notificationEvents.onStatus}>
      <div className={fill ? "flex h-dvh flex-col" : "min-h-dvh"}>
        <a
          href="#main"
          className="sr-only z-50 rounded-lg bg-primary px-4 py-2 font-semibold text-primary-foreground focus:not-sr-only focus:fixed focus:top-3 focus:left-3"
        >
          Skip to content
        </a>
        <header className="sticky top-0 z-30 border-b border-border bg-surface/90 backdrop-blur">
          <div className="mx-auto flex h-16 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6">
            <Link href={HOME_PATH} aria-label="Quad home" className="rounded-lg">
              <Logo />
            </Link>
            <div className="flex items-center gap-2">
              <NotificationBell />
              <AvatarMenu />
            </div>
          </div>
        </header>
        <VerifyEmailBanner />
        <div className={cn("mx-auto flex w-full max-w-6xl", fill && "min-h-0 flex-1")}>
          <SideNav />
          <main
            id="main"
            tabIndex={-1}
            className={cn(
              "min-w-0 flex-1 focus:outline-none",
              fill
                ? cn(
                    "flex min-h-0 flex-col lg:px-6 lg:py-6",
                    tabBar ? "pb-[calc(4rem+env(safe-area-inset-bottom))]" : "pb-[env(safe-area-inset-bottom)]",
                  )
                : "px-4 pt-6 pb-28 sm:px-6 lg:pt-8 lg:pb-12",
            )}
          >
            {children}
          </main>
        </div>
        {tabBar ? <BottomNav /> : null}
      </div>
    </ChatProvider>
  );
}
