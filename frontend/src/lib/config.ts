/**
 * Where the API lives. In production the API serves this app, so it is the same origin
 * (`/api/v1`); for `npm run dev` set NEXT_PUBLIC_API_URL=http://localhost:8000.
 */
const apiOrigin = (process.env.NEXT_PUBLIC_API_URL ?? "").replace(/\/+$/, "");

export const API_BASE_URL = `${apiOrigin}/api/v1`;

/** The WebSocket endpoint, resolved against the page's origin when the API is same-origin. */
export function realtimeUrl(location: Pick<Location, "protocol" | "host"> = window.location): string {
  const base = apiOrigin || `${location.protocol}//${location.host}`;
  return `${base.replace(/^http/, "ws")}/api/v1/ws`;
}
