"use client";

import { useEffect } from "react";

import { refreshSession } from "@/lib/api-base";
import { realtimeUrl } from "@/lib/config";
import { useAppDispatch, useAppSelector, useAppStore } from "@/lib/hooks";
import { selectAccessToken, selectSessionStatus } from "@/lib/session";
import { RealtimeClient, realtimeEventReceived, realtimeStatusChanged } from "@/lib/ws";

/**
 * Holds the one WebSocket while the student is signed in: events go to the store as
 * `realtime/eventReceived`, where features patch their RTK Query caches.
 */
export function useRealtimeConnection(): void {
  const dispatch = useAppDispatch();
  const store = useAppStore();
  const status = useAppSelector(selectSessionStatus);

  useEffect(() => {
    if (status !== "signed_in") return;
    const client = new RealtimeClient({
      url: realtimeUrl(),
      getToken: () => selectAccessToken(store.getState()),
      refreshToken: async () => {
        const outcome = await refreshSession(dispatch);
        return outcome.ok ? outcome.accessToken : null;
      },
      onEvent: (event) => dispatch(realtimeEventReceived(event)),
      onStatus: (next) => dispatch(realtimeStatusChanged(next)),
    });
    client.start();
    const online = () => client.retryNow();
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("online", online);
      client.stop();
    };
  }, [status, dispatch, store]);
}
