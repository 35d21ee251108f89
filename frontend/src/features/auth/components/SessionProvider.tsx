"use client";

import type { ReactNode } from "react";

import { useSessionSync } from "../hooks/useSessionSync";

/** Restores the session once per tab and keeps tabs in step; wraps the whole app. */
export function SessionProvider({ children }: { children: ReactNode }) {
  useSessionSync();
  return <>{children}</>;
}
