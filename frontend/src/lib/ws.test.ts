import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import {
  CLOSE_PONG_TIMEOUT,
  CLOSE_UNAUTHORIZED,
  RealtimeClient,
  backoffDelay,
  realtimeEventReceived,
  selectRealtimeStatus,
  type RealtimeClientOptions,
  type ServerEvent,
} from "./ws";
import { makeStore } from "./store";

/** A WebSocket double: the test plays the server. */
class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  closedWith: number | null = null;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }

  static latest(): FakeSocket {
    const socket = FakeSocket.all.at(-1);
    if (!socket) throw new Error("no socket opened");
    return socket;
  }

  send(data: string) {
    this.sent.push(JSON.parse(data));
  }

  close(code = 1000) {
    this.closedWith = code;
    this.serverCloses(code);
  }

  // --- the server's side ---
  accept() {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  push(frame: object | string) {
    this.onmessage?.(new MessageEvent("message", { data: typeof frame === "string" ? frame : JSON.stringify(frame) }));
  }
  serverCloses(code: number) {
    this.readyState = 3;
    this.onclose?.({ code } as CloseEvent);
  }
}

function client(overrides: Partial<RealtimeClientOptions> = {}) {
  const events: ServerEvent[] = [];
  const statuses: string[] = [];
  let token = "token-1";
  const options: RealtimeClientOptions = {
    url: "ws://api.test/api/v1/ws",
    getToken: () => token,
    refreshToken: vi.fn(async () => {
      token = "token-2";
      return token;
    }),
    onEvent: (event) => events.push(event),
    onStatus: (status) => statuses.push(status),
    WebSocketImpl: FakeSocket as unknown as RealtimeClientOptions["WebSocketImpl"],
    random: () => 0.5,
    backoff: { initialMs: 1000, maxMs: 8000 },
    pingIntervalMs: 25_000,
    pongTimeoutMs: 5_000,
    ...overrides,
  };
  return { realtime: new RealtimeClient(options), events, statuses, options };
}

function connectReady(realtime: RealtimeClient) {
  realtime.start();
  const socket = FakeSocket.latest();
  socket.accept();
  socket.push({ type: "ready", user_id: "u1" });
  return socket;
}

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("backoffDelay", () => {
  it("grows exponentially up to the cap, scaled by the jitter", () => {
    const policy = { initialMs: 500, maxMs: 30_000 };
    expect([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, policy, () => 0.999999))).toEqual([
      499, 999, 1999, 3999,
    ]);
    expect(backoffDelay(20, policy, () => 0.999999)).toBe(29_999);
  });

  it("spreads clients over the whole window (full jitter)", () => {
    const policy = { initialMs: 1000, maxMs: 30_000 };
    expect(backoffDelay(2, policy, () => 0)).toBe(0);
    expect(backoffDelay(2, policy, () => 0.25)).toBe(1000);
    expect(backoffDelay(2, policy, () => 0.75)).toBe(3000);
  });
});

describe("RealtimeClient", () => {
  it("authenticates with the first frame and is open on ready", () => {
    const { realtime, statuses } = client();
    realtime.start();
    const socket = FakeSocket.latest();
    expect(socket.url).toBe("ws://api.test/api/v1/ws");
    expect(socket.sent).toEqual([]);

    socket.accept();
    expect(socket.sent).toEqual([{ type: "auth", token: "token-1" }]);
    expect(realtime.currentStatus).toBe("connecting");

    socket.push({ type: "ready", user_id: "u1" });
    expect(realtime.currentStatus).toBe("open");
    expect(statuses).toEqual(["connecting", "open"]);
  });

  it("hands every server event to onEvent, but not protocol frames or garbage", () => {
    const { realtime, events } = client();
    const socket = connectReady(realtime);

    socket.push({ type: "message.new", message: { id: "m1", seq: 1 } });
    socket.push({ type: "pong" });
    socket.push("not json");
    socket.push({ no: "type" });
    socket.push({ type: "presence", user_id: "u2", online: true });

    expect(events).toEqual([
      { type: "message.new", message: { id: "m1", seq: 1 } },
      { type: "presence", user_id: "u2", online: true },
    ]);
  });

  it("pings on an interval and reconnects when no answer comes", () => {
    const { realtime } = client();
    const socket = connectReady(realtime);

    vi.advanceTimersByTime(25_000);
    expect(socket.sent.at(-1)).toEqual({ type: "ping" });
    socket.push({ type: "pong" });
    vi.advanceTimersByTime(5_000);
    expect(socket.closedWith).toBeNull();

    vi.advanceTimersByTime(20_000); // next ping, then silence
    expect(socket.sent.filter((f) => (f as { type: string }).type === "ping")).toHaveLength(2);
    vi.advanceTimersByTime(5_000);
    expect(socket.closedWith).toBe(CLOSE_PONG_TIMEOUT);
    expect(realtime.currentStatus).toBe("waiting");

    vi.advanceTimersByTime(500); // attempt 0: 0.5 × 1000 ms
    expect(FakeSocket.all).toHaveLength(2);
  });

  it("reconnects with exponential backoff and jitter, and resets after a success", () => {
    const random = vi.fn(() => 0.5);
    const { realtime } = client({ random });
    realtime.start();

    const delays: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const before = FakeSocket.all.length;
      FakeSocket.latest().serverCloses(1006);
      let waited = 0;
      while (FakeSocket.all.length === before) {
        vi.advanceTimersByTime(100);
        waited += 100;
      }
      delays.push(waited);
    }
    // 0.5 × min(8000, 1000·2^n)
    expect(delays).toEqual([500, 1000, 2000, 4000, 4000]);
    expect(random).toHaveBeenCalledTimes(5);

    const socket = FakeSocket.latest();
    socket.accept();
    socket.push({ type: "ready", user_id: "u1" });
    socket.serverCloses(1012);
    vi.advanceTimersByTime(499);
    expect(FakeSocket.all.at(-1)).toBe(socket);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all.at(-1)).not.toBe(socket);
  });

  it("refreshes the token when the server refuses it (4001), then reconnects with the new one", async () => {
    const { realtime, options } = client();
    const socket = connectReady(realtime);

    socket.serverCloses(CLOSE_UNAUTHORIZED);
    await vi.advanceTimersByTimeAsync(0);
    expect(options.refreshToken).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(500);

    const next = FakeSocket.latest();
    expect(next).not.toBe(socket);
    next.accept();
    expect(next.sent[0]).toEqual({ type: "auth", token: "token-2" });
  });

  it("gives up when the session is over (refresh refused)", async () => {
    const { realtime } = client({ refreshToken: vi.fn(async () => null) });
    const socket = connectReady(realtime);

    socket.serverCloses(CLOSE_UNAUTHORIZED);
    await vi.advanceTimersByTimeAsync(60_000);

    expect(realtime.currentStatus).toBe("unauthorized");
    expect(FakeSocket.all).toHaveLength(1);
  });

  it("sends frames only on an authenticated connection", () => {
    const { realtime } = client();
    realtime.start();
    const socket = FakeSocket.latest();
    socket.accept();
    expect(realtime.send({ type: "typing", conversation_id: "c1" })).toBe(false);

    socket.push({ type: "ready", user_id: "u1" });
    expect(realtime.send({ type: "typing", conversation_id: "c1" })).toBe(true);
    expect(socket.sent.at(-1)).toEqual({ type: "typing", conversation_id: "c1" });
  });

  it("stays closed after stop()", () => {
    const { realtime } = client();
    const socket = connectReady(realtime);

    realtime.stop();
    vi.advanceTimersByTime(120_000);

    expect(socket.closedWith).toBe(1000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(realtime.currentStatus).toBe("idle");
  });

  it("connects at once when asked while waiting (back online)", () => {
    const { realtime } = client({ random: () => 0.99 });
    realtime.start();
    FakeSocket.latest().serverCloses(1006);
    expect(FakeSocket.all).toHaveLength(1);

    realtime.retryNow();
    expect(FakeSocket.all).toHaveLength(2);
  });
});

describe("server events in the store", () => {
  it("arrive as realtime/eventReceived actions, and the status is client state", () => {
    const store = makeStore();
    const { realtime } = client({
      onEvent: (event) => store.dispatch(realtimeEventReceived(event)),
      onStatus: (status) => store.dispatch({ type: "realtime/realtimeStatusChanged", payload: status }),
    });
    const dispatched: unknown[] = [];
    const original = store.dispatch;
    vi.spyOn(store, "dispatch").mockImplementation((action) => {
      dispatched.push(action);
      return original(action);
    });

    const socket = connectReady(realtime);
    socket.push({ type: "notification.new", notification: { id: "n1" } });

    expect(selectRealtimeStatus(store.getState())).toBe("open");
    expect(dispatched).toContainEqual(realtimeEventReceived({ type: "notification.new", notification: { id: "n1" } }));
  });
});
