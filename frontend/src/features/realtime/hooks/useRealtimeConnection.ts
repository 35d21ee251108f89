"use client";

import { useEffect, useRef } from "react";

import { refreshSession } from "@/lib/api-base";
import { realtimeUrl } from "@/lib/config";
import { useAppDispatch, useAppSelector, useAppStore } from "@/lib/hooks";
import { selectAccessToken, selectSessionStatus } from "@/lib/session";
import {
  RealtimeClient,
  realtimeEventReceived,
  realtimeStatusChanged,
  type RealtimeStatus,
  type ServerEvent,
} from "@/lib/ws";

/** What a feature that speaks over the socket (the chat) hooks into. */
export interface RealtimeHandlers {
  onEvent?: (event: ServerEvent) => void;
  onStatus?: (status: RealtimeStatus) => void;
  /** The client while the student is signed in (to send frames), null once it is stopped. */
  onClient?: (client: RealtimeClient | null) => void;
}

/**
 * Holds the one WebSocket while the student is signed in: events go to the store as
 * `realtime/eventReceived`, and to the handlers, where features patch their RTK Query caches.
 */
export function useRealtimeConnection(handlers: RealtimeHandlers = {}): void {
  const dispatch = useAppDispatch();
  const store = useAppStore();
  const status = useAppSelector(selectSessionStatus);
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });

  useEffect(() => {
    if (status !== "signed_in") return;
    const client = new RealtimeClient({
      url: realtimeUrl(),
      getToken: () => selectAccessToken(store.getState()),
      refreshToken: async () => {
        const outcome = await refreshSession(dispatch);
        return outcome.ok ? outcome.accessToken : null;
      },
      onEvent: (event) => {
        dispatch(realtimeEventReceived(event));
        latest.current.onEvent?.(event);
      },
      onStatus: (next) => {
        dispatch(realtimeStatusChanged(next));
        latest.current.onStatus?.(next);
      },
    });
    latest.current.onClient?.(client);
    client.start();
    const online = () => client.retryNow();
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("online", online);
      client.stop();
      latest.current.onClient?.(null);
    };
  }, [status, dispatch, store]);
}
