import { vi } from "vitest";

/**
 * A stand-in for the API at the fetch boundary: routes answer by method and path, and every
 * call is recorded (with the bearer token it carried) so tests can assert on traffic.
 */
export interface RecordedCall {
  method: string;
  path: string;
  search: URLSearchParams;
  authorization: string | null;
  body: unknown;
}

type Reply = { status: number; body?: unknown } | Promise<{ status: number; body?: unknown }>;
type Handler = (call: RecordedCall) => Reply;

export function json(status: number, body?: unknown) {
  return { status, body };
}

export class FakeApi {
  readonly calls: RecordedCall[] = [];
  private readonly routes = new Map<string, Handler>();

  /** `on("POST /auth/refresh", ...)`; paths are relative to /api/v1. */
  on(route: string, handler: Handler | { status: number; body?: unknown }): this {
    this.routes.set(route, typeof handler === "function" ? handler : () => handler);
    return this;
  }

  callsTo(route: string): RecordedCall[] {
    const [method, path] = route.split(" ");
    return this.calls.filter((call) => call.method === method && call.path === path);
  }

  readonly fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(new URL(String(input), "http://api.test"), init);
    const url = new URL(request.url);
    const path = url.pathname.replace(/^\/api\/v1/, "");
    const text = request.method === "GET" || request.method === "HEAD" ? "" : await request.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (form data): keep the text
    }
    const call: RecordedCall = {
      method: request.method,
      path,
      search: url.searchParams,
      authorization: request.headers.get("Authorization"),
      body,
    };
    this.calls.push(call);
    const handler = this.routes.get(`${request.method} ${path}`);
    if (!handler)
      return new Response(JSON.stringify({ error: { code: "not_found", message: "No route in FakeApi." } }), {
        status: 404,
      });
    const reply = await handler(call);
    const hasBody = reply.body !== undefined && reply.status !== 204;
    return new Response(hasBody ? JSON.stringify(reply.body) : null, {
      status: reply.status,
      headers: hasBody ? { "Content-Type": "application/json" } : {},
    });
  });

  install(): this {
    vi.stubGlobal("fetch", this.fetch);
    return this;
  }
}

/** A promise with its resolve handle, to hold an answer back until the test says so. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
