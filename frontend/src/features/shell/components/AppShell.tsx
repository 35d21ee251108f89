"use client";

import Link from "next/link";
import type { ReactNode } from "react";

import { Logo } from "@/components/ui";
import { REALTIME_ENABLED } from "@/lib/config";
import { HOME_PATH, VerifyEmailBanner } from "@/features/auth";
import { RealtimeConnection } from "@/features/realtime";

import { AvatarMenu } from "./AvatarMenu";
import { BottomNav, SideNav } from "./SideNav";

/** The frame of every signed-in page: top bar, reminders, places, and the page itself. */
export function AppShell({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-dvh">
      <a
        href="#main"
        className="sr-only z-50 rounded-lg bg-primary px-4 py-2 font-semibold text-primary-foreground focus:not-sr-only focus:fixed focus:top-3 focus:left-3"
      >
        Skip to content
      </a>
      {REALTIME_ENABLED ? <RealtimeConnection /> : null}
      <header className="sticky top-0 z-30 border-b border-border bg-surface/90 backdrop-blur">
        <div className="mx-auto flex h-16 max-w-6xl items-center justify-between gap-4 px-4 sm:px-6">
          <Link href={HOME_PATH} aria-label="Quad home" className="rounded-lg">
            <Logo />
          </Link>
          <AvatarMenu />
        </div>
      </header>
      <VerifyEmailBanner />
      <div className="mx-auto flex max-w-6xl">
        <SideNav />
        <main
          id="main"
          tabIndex={-1}
          className="min-w-0 flex-1 px-4 pt-6 pb-28 focus:outline-none sm:px-6 lg:pt-8 lg:pb-12"
        >
          {children}
        </main>
      </div>
      <BottomNav />
    </div>
  );
}
