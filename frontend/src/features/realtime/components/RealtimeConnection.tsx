"use client";

import { useRealtimeConnection } from "../hooks/useRealtimeConnection";

/** Mount once inside the signed-in shell; renders nothing. */
export function RealtimeConnection() {
  useRealtimeConnection();
  return null;
}
