import { act } from "@testing-library/react";

/**
 * A WebSocket at the browser boundary that opens, says `ready` for `ReadySocket.userId`,
 * records the frames the app sends, and lets a test push the server's frames:
 *   ReadySocket.userId = me.id; vi.stubGlobal("WebSocket", ReadySocket);
 */
export class ReadySocket {
  static latest: ReadySocket | null = null;
  static userId = "";
  readyState = 0;
  sent: Array<Record<string, unknown>> = [];
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  constructor() {
    ReadySocket.latest = this;
    setTimeout(() =>
      act(() => {
        this.readyState = 1;
        this.onopen?.(new Event("open"));
        this.push({ type: "ready", user_id: ReadySocket.userId });
      }),
    );
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {}
  push(frame: object) {
    act(() => this.onmessage?.(new MessageEvent("message", { data: JSON.stringify(frame) })));
  }
}
