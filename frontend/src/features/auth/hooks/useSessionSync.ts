"use client";

import { useEffect } from "react";

import { api, restoreSession } from "@/lib/api-base";
import { useAppDispatch, useAppStore } from "@/lib/hooks";
import { loggedOut, selectSessionStatus } from "@/lib/session";

const CHANNEL = "quad:session";
type SessionMessage = "logged_in" | "logged_out";

let channel: BroadcastChannel | null = null;
function sessionChannel(): BroadcastChannel | null {
  if (typeof BroadcastChannel === "undefined") return null;
  channel ??= new BroadcastChannel(CHANNEL);
  return channel;
}

/** Tells the other tabs of this browser that the student logged in or out. */
export function announceSession(message: SessionMessage): void {
  sessionChannel()?.postMessage(message);
}

/**
 * Once per tab: asks the server whether the refresh cookie still holds a session, and keeps
 * this tab in step with the others (log out in one, every tab goes to the log-in page).
 */
export function useSessionSync(): void {
  const dispatch = useAppDispatch();
  const store = useAppStore();

  useEffect(() => {
    void restoreSession(dispatch);
  }, [dispatch]);

  useEffect(() => {
    const bus = sessionChannel();
    if (!bus) return;
    const onMessage = (event: MessageEvent<SessionMessage>) => {
      const status = selectSessionStatus(store.getState());
      if (event.data === "logged_out" && status === "signed_in") {
        dispatch(loggedOut());
        dispatch(api.util.resetApiState());
      } else if (event.data === "logged_in" && status !== "signed_in") {
        void restoreSession(dispatch);
      }
    };
    bus.addEventListener("message", onMessage);
    return () => bus.removeEventListener("message", onMessage);
  }, [dispatch, store]);
}
