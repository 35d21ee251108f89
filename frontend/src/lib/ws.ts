/**
 * The one WebSocket client of the app, speaking the contract's real-time protocol:
 * authenticate with the first frame, keep the line alive with pings, reconnect with
 * exponential backoff and full jitter (so a server restart is not met by every student at
 * the same instant), and hand every server event to the store.
 */
import { createAction, createSlice, type PayloadAction } from "@reduxjs/toolkit";

/** A frame the server pushes (`message.new`, `presence`, ...). Features narrow on `type`. */
export interface ServerEvent {
  type: string;
  [key: string]: unknown;
}

/** Frames the client sends besides auth and ping (`message.send`, `typing`, `read`). */
export interface ClientFrame {
  type: string;
  [key: string]: unknown;
}

export type RealtimeStatus = "idle" | "connecting" | "open" | "waiting" | "unauthorized";

/** Close code the server uses for a bad or revoked token. */
export const CLOSE_UNAUTHORIZED = 4001;
/** Close code this client uses when the server stopped answering pings. */
export const CLOSE_PONG_TIMEOUT = 4000;

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000 };

/** Full jitter: a random wait in [0, min(max, initial·2^attempt)). */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

type WebSocketLike = Pick<WebSocket, "send" | "close" | "readyState"> & {
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
};

export interface RealtimeClientOptions {
  url: string;
  /** The current access token, or null when signed out. */
  getToken: () => string | null;
  /** Called when the server refuses the token (4001): a fresh token, or null to give up. */
  refreshToken: () => Promise<string | null>;
  onEvent: (event: ServerEvent) => void;
  onStatus?: (status: RealtimeStatus) => void;
  WebSocketImpl?: new (url: string) => WebSocketLike;
  random?: () => number;
  backoff?: BackoffPolicy;
  pingIntervalMs?: number;
  /** How long to wait for any frame after a ping before treating the line as dead. */
  pongTimeoutMs?: number;
}

export class RealtimeClient {
  private socket: WebSocketLike | null = null;
  private status: RealtimeStatus = "idle";
  private attempt = 0;
  private running = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private pongTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly options: Required<Omit<RealtimeClientOptions, "onStatus">> & Pick<RealtimeClientOptions, "onStatus">;

  constructor(options: RealtimeClientOptions) {
    this.options = {
      WebSocketImpl: globalThis.WebSocket as unknown as new (url: string) => WebSocketLike,
      random: Math.random,
      backoff: DEFAULT_BACKOFF,
      pingIntervalMs: 25_000,
      pongTimeoutMs: 10_000,
      ...options,
    };
  }

  get currentStatus(): RealtimeStatus {
    return this.status;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    this.connect();
  }

  stop(): void {
    this.running = false;
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close(1000);
    }
    this.setStatus("idle");
  }

  /** Connect now instead of waiting out the backoff (the browser came back online). */
  retryNow(): void {
    if (!this.running || this.status !== "waiting") return;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.connect();
  }

  /** Sends a frame on an authenticated connection; false when there is none (yet). */
  send(frame: ClientFrame): boolean {
    if (this.status !== "open" || !this.socket) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  private setStatus(status: RealtimeStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.options.onStatus?.(status);
  }

  private connect(): void {
    const token = this.options.getToken();
    if (!token) {
      this.setStatus("unauthorized");
      this.running = false;
      return;
    }
    this.setStatus("connecting");
    const socket = new this.options.WebSocketImpl(this.options.url);
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify({ type: "auth", token }));
    socket.onmessage = (event) => this.receive(event.data);
    socket.onerror = () => {
      // A close event always follows; reconnecting is decided there.
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.clearTimers();
      void this.afterClose(event.code);
    };
  }

  private receive(raw: unknown): void {
    if (typeof raw !== "string") return;
    let frame: ServerEvent;
    try {
      frame = JSON.parse(raw) as ServerEvent;
    } catch {
      return;
    }
    if (typeof frame?.type !== "string") return;
    // Any frame proves the line is alive.
    if (this.pongTimer) {
      clearTimeout(this.pongTimer);
      this.pongTimer = null;
    }
    if (frame.type === "ready") {
      this.attempt = 0;
      this.setStatus("open");
      this.startPinging();
      return;
    }
    if (frame.type === "pong") return;
    this.options.onEvent(frame);
  }

  private startPinging(): void {
    this.pingTimer = setInterval(() => {
      if (!this.socket || this.status !== "open") return;
      this.socket.send(JSON.stringify({ type: "ping" }));
      this.pongTimer ??= setTimeout(() => {
        // No answer: the connection is half-dead (laptop lid, lost Wi-Fi). Start over.
        this.socket?.close(CLOSE_PONG_TIMEOUT);
      }, this.options.pongTimeoutMs);
    }, this.options.pingIntervalMs);
  }

  private async afterClose(code: number): Promise<void> {
    if (!this.running) return;
    if (code === CLOSE_UNAUTHORIZED) {
      // The token expired or the session ended. One refresh decides which.
      const token = await this.options.refreshToken();
      if (!this.running) return;
      if (!token) {
        this.running = false;
        this.setStatus("unauthorized");
        return;
      }
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = backoffDelay(this.attempt, this.options.backoff, this.options.random);
    this.attempt += 1;
    this.setStatus("waiting");
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.running) this.connect();
    }, delay);
  }

  private clearTimers(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.pongTimer) clearTimeout(this.pongTimer);
    this.reconnectTimer = this.pingTimer = this.pongTimer = null;
  }
}

// ---------------------------------------------------------------------------------------
// The store's side: the connection status (client state) and one action carrying every
// server event. Features react to `realtimeEventReceived` by patching their RTK Query cache.

export const realtimeEventReceived = createAction<ServerEvent>("realtime/eventReceived");

export const realtimeSlice = createSlice({
  name: "realtime",
  initialState: { status: "idle" as RealtimeStatus },
  reducers: {
    realtimeStatusChanged(state, action: PayloadAction<RealtimeStatus>) {
      state.status = action.payload;
    },
  },
  selectors: {
    selectRealtimeStatus: (state) => state.status,
  },
});

export const { realtimeStatusChanged } = realtimeSlice.actions;
export const { selectRealtimeStatus } = realtimeSlice.selectors;
