/**
 * The one door to the API: RTK Query's base query with the session's bearer token, one
 * shared refresh when the token has expired, and a retry of the request that hit the 401.
 */
import type { Dispatch } from "@reduxjs/toolkit";
import {
  createApi,
  fetchBaseQuery,
  type BaseQueryFn,
  type FetchArgs,
  type FetchBaseQueryError,
} from "@reduxjs/toolkit/query/react";

import type { Tokens } from "./api-schema";
import { API_BASE_URL } from "./config";
import { restoreFailed, restoreStarted, sessionEnded, tokenRefreshed, type SessionState } from "./session";

interface SessionRoot {
  session: SessionState;
}

interface StoreAccess {
  getState(): unknown;
  dispatch: Dispatch;
}

const tokenOf = (state: unknown) => (state as SessionRoot).session.accessToken;

const rawBaseQuery = fetchBaseQuery({
  baseUrl: API_BASE_URL,
  credentials: "include",
  prepareHeaders(headers, { getState }) {
    const token = tokenOf(getState());
    if (token && !headers.has("Authorization")) headers.set("Authorization", `Bearer ${token}`);
    return headers;
  },
});

// ---------------------------------------------------------------------------------------
// Refresh: one at a time in this tab (concurrent callers share the promise) and across tabs
// (Web Locks), because two tabs presenting the same refresh cookie look like token theft to
// the server and end the session.

export type RefreshOutcome = { ok: true; accessToken: string } | { ok: false; reason: "ended" | "unreachable" };

export const REFRESH_LOCK_NAME = "quad:session-refresh";

let pendingRefresh: Promise<RefreshOutcome> | null = null;

function runExclusively<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === "undefined" ? undefined : navigator.locks;
  // The lock is held until the task's promise settles.
  return locks ? (locks.request(REFRESH_LOCK_NAME, task) as Promise<T>) : task();
}

async function requestNewTokens(): Promise<RefreshOutcome> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE_URL}/auth/refresh`, {
      method: "POST",
      credentials: "include",
    });
  } catch {
    return { ok: false, reason: "unreachable" };
  }
  if (response.ok) {
    const tokens = (await response.json()) as Tokens;
    return { ok: true, accessToken: tokens.access_token };
  }
  // 401 is the server's word that this session is over; anything else (5xx, 429) says
  // nothing about the session, so it is kept.
  return { ok: false, reason: response.status === 401 ? "ended" : "unreachable" };
}

/** Trades the refresh cookie for a new access token, once for all concurrent callers. */
export function refreshSession(dispatch: Dispatch): Promise<RefreshOutcome> {
  pendingRefresh ??= runExclusively(requestNewTokens)
    .then((outcome) => {
      if (outcome.ok) dispatch(tokenRefreshed(outcome.accessToken));
      else if (outcome.reason === "ended") dispatch(sessionEnded());
      return outcome;
    })
    .finally(() => {
      pendingRefresh = null;
    });
  return pendingRefresh;
}

/** On page load: is there a session behind the cookie? Settles the session status. */
export async function restoreSession(dispatch: Dispatch): Promise<void> {
  dispatch(restoreStarted());
  const outcome = await refreshSession(dispatch);
  if (!outcome.ok && outcome.reason === "unreachable") dispatch(restoreFailed());
}

// ---------------------------------------------------------------------------------------

export interface RequestOptions {
  /** Account calls answer 401 for their own reasons (wrong password): never refresh on those. */
  skipReauth?: boolean;
}

/**
 * Sends `send(token)`; on a 401 it retries once with a newer token: the one another caller
 * already obtained, or one from a shared refresh. A dead refresh ends the session (the route
 * guard then sends the student to log in) and the original 401 is returned.
 */
async function withReauth<R extends { error?: unknown }>(
  store: StoreAccess,
  send: () => Promise<R>,
  isUnauthorized: (result: R) => boolean,
): Promise<R> {
  const sentWith = tokenOf(store.getState());
  const result = await send();
  if (!isUnauthorized(result) || sentWith === null) return result;
  const current = tokenOf(store.getState());
  if (current !== null && current !== sentWith) return send();
  const outcome = await refreshSession(store.dispatch);
  return outcome.ok ? send() : result;
}

export const baseQuery: BaseQueryFn<string | FetchArgs, unknown, FetchBaseQueryError, RequestOptions> = (
  args,
  api,
  extraOptions,
) => {
  const send = async () => rawBaseQuery(args, api, extraOptions ?? {});
  if (extraOptions?.skipReauth) return send();
  return withReauth(api, send, (result) => result.error?.status === 401);
};

// ---------------------------------------------------------------------------------------
// Uploads with progress. fetch() cannot report upload progress, so this one path uses
// XMLHttpRequest, with the same token handling as every other request.

export interface UploadRequest {
  method: "PUT" | "POST";
  /** Relative to the API base, e.g. `/users/me/avatar`. */
  path: string;
  body: FormData;
  /** Called with 0..1 as the body goes out. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export type UploadResult<T> = { data: T; error?: undefined } | { error: FetchBaseQueryError };

function sendUpload<T>(request: UploadRequest, token: string | null): Promise<UploadResult<T>> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open(request.method, `${API_BASE_URL}${request.path}`);
    xhr.withCredentials = true;
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) request.onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      let data: unknown = null;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        resolve({
          error: { status: "PARSING_ERROR", originalStatus: xhr.status, data: xhr.responseText, error: "Not JSON" },
        });
        return;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        request.onProgress?.(1);
        resolve({ data: data as T });
      } else {
        resolve({ error: { status: xhr.status, data } });
      }
    };
    xhr.onerror = () => resolve({ error: { status: "FETCH_ERROR", error: "Network error" } });
    xhr.onabort = () => resolve({ error: { status: "CUSTOM_ERROR", error: "aborted" } });
    request.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(request.body);
  });
}

export function uploadWithProgress<T>(store: StoreAccess, request: UploadRequest): Promise<UploadResult<T>> {
  return withReauth(
    store,
    () => sendUpload<T>(request, tokenOf(store.getState())),
    (result) => result.error?.status === 401,
  );
}

// ---------------------------------------------------------------------------------------

/** The one RTK Query API; each feature injects its endpoints from its own api.ts. */
export const api = createApi({
  reducerPath: "api",
  baseQuery,
  tagTypes: ["Me"],
  endpoints: () => ({}),
});
