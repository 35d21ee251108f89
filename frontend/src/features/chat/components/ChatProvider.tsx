"use client";

import { createContext, useContext, useEffect, useState, type ReactNode } from "react";

import { useRealtimeConnection, type RealtimeHandlers } from "@/features/realtime";
import { useAppStore } from "@/lib/hooks";

import { ChatEngine } from "../engine";

const ChatEngineContext = createContext<ChatEngine | null>(null);

/**
 * Mount once inside the signed-in shell: holds the WebSocket and the chat engine that turns
 * its events into cache updates and sends messages until they are acknowledged. Other
 * features hear the same socket through `onEvent` and `onStatus` (after the chat).
 */
export function ChatProvider({
  children,
  onEvent,
  onStatus,
}: { children: ReactNode } & Pick<RealtimeHandlers, "onEvent" | "onStatus">) {
  const store = useAppStore();
  const [engine] = useState(() => new ChatEngine(store));
  useRealtimeConnection({
    onEvent: (event) => {
      engine.handle(event);
      onEvent?.(event);
    },
    onStatus: (status) => {
      engine.connectionChanged(status);
      onStatus?.(status);
    },
    onClient: (client) => engine.attach(client),
  });
  useEffect(() => {
    engine.start();
    return () => engine.dispose();
  }, [engine]);
  return <ChatEngineContext.Provider value={engine}>{children}</ChatEngineContext.Provider>;
}

/** The chat engine of this tab (null outside the signed-in shell). */
export function useChatEngine(): ChatEngine | null {
  return useContext(ChatEngineContext);
}
