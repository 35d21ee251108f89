/**
 * The `next` parameter of the log-in page, kept only when it is a path on this site:
 * `/profile?tab=1` yes, `https://evil.example` or `//evil.example` no.
 */
export function safeNextPath(next: string | null | undefined, fallback: string): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  try {
    const url = new URL(next, "http://quad.invalid");
    if (url.origin !== "http://quad.invalid") return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}

/** `/login?next=...` for a path the student was on. */
export function loginPathFor(path: string): string {
  return path && path !== "/" ? `/login?next=${encodeURIComponent(path)}` : "/login";
}
