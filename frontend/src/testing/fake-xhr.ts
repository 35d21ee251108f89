import { vi } from "vitest";

/**
 * An XMLHttpRequest double for uploads with progress: the test drives progress and the
 * answer. Installed with `FakeXhr.install()`; each request lands in `FakeXhr.requests`.
 */
export class FakeXhr {
  static requests: FakeXhr[] = [];

  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: unknown = null;
  withCredentials = false;
  status = 0;
  responseText = "";
  upload: { onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = {
    onprogress: null,
  };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;

  static install() {
    FakeXhr.requests = [];
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
  }

  static latest(): FakeXhr {
    const request = FakeXhr.requests.at(-1);
    if (!request) throw new Error("no XMLHttpRequest was sent");
    return request;
  }

  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
    FakeXhr.requests.push(this);
  }
  abort() {
    this.onabort?.();
  }

  // --- the server's side ---
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total });
  }
  respond(status: number, body?: unknown) {
    this.status = status;
    this.responseText = body === undefined ? "" : JSON.stringify(body);
    this.onload?.();
  }
}
