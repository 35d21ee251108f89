import { describe, expect, it, vi } from "vitest";

import { buildTokens, buildUserMe, errorEnvelope } from "@/testing/builders";
import { FakeApi, deferred, json } from "@/testing/fake-api";

import { REFRESH_LOCK_NAME, api, restoreSession } from "./api-base";
import { selectAccessToken, selectSessionEndedBecause, selectSessionStatus, signedIn } from "./session";
import { makeStore } from "./store";

// Endpoints of the kind features define, to drive the base query.
const testApi = api.injectEndpoints({
  endpoints: (build) => ({
    me: build.query<unknown, void>({ query: () => "/users/me" }),
    resend: build.mutation<void, void>({ query: () => ({ url: "/auth/verify-email/resend", method: "POST" }) }),
    login: build.mutation<unknown, { email: string; password: string }>({
      query: (body) => ({ url: "/auth/login", method: "POST", body }),
      extraOptions: { skipReauth: true },
    }),
  }),
});

const expired = json(401, errorEnvelope("invalid_token", "Your session has expired."));

/** /users/me answers only to `valid`; every other token is expired. */
function meAcceptsOnly(fake: FakeApi, valid: string) {
  return fake.on("GET /users/me", (call) =>
    call.authorization === `Bearer ${valid}` ? json(200, buildUserMe()) : expired,
  );
}

function signedInStore(token = "old-token") {
  const store = makeStore();
  store.dispatch(signedIn(token));
  return store;
}

describe("the base query's token refresh", () => {
  it("sends the access token as a bearer token", async () => {
    const fake = meAcceptsOnly(new FakeApi(), "old-token").install();
    const store = signedInStore();

    const result = await store.dispatch(testApi.endpoints.me.initiate());

    expect(result.isSuccess).toBe(true);
    expect(fake.callsTo("GET /users/me")[0]?.authorization).toBe("Bearer old-token");
  });

  it("refreshes once for concurrent 401s and retries each request with the new token", async () => {
    const refreshAnswer = deferred<{ status: number; body?: unknown }>();
    const fake = meAcceptsOnly(new FakeApi(), "new-token")
      .on("POST /auth/verify-email/resend", (call) => (call.authorization === "Bearer new-token" ? json(202) : expired))
      .on("POST /auth/refresh", () => refreshAnswer.promise)
      .install();
    const store = signedInStore();

    const pending = Promise.all([
      store.dispatch(testApi.endpoints.me.initiate()),
      store.dispatch(testApi.endpoints.resend.initiate()),
      store.dispatch(testApi.endpoints.me.initiate(undefined, { forceRefetch: true })),
    ]);
    await vi.waitFor(() => expect(fake.callsTo("POST /auth/refresh")).toHaveLength(1));
    refreshAnswer.resolve(json(200, buildTokens("new-token")));
    const [me, resend] = await pending;

    expect(me.isSuccess).toBe(true);
    expect("data" in resend).toBe(true);
    expect(fake.callsTo("POST /auth/refresh")).toHaveLength(1);
    expect(selectAccessToken(store.getState())).toBe("new-token");
    const retried = fake.calls.filter((c) => c.path !== "/auth/refresh" && c.authorization === "Bearer new-token");
    expect(retried.length).toBeGreaterThanOrEqual(2);
  });

  it("sends the refresh with no body, relying on the httpOnly cookie", async () => {
    const fake = meAcceptsOnly(new FakeApi(), "new-token")
      .on("POST /auth/refresh", json(200, buildTokens("new-token")))
      .install();
    const store = signedInStore();

    await store.dispatch(testApi.endpoints.me.initiate());

    const [refresh] = fake.callsTo("POST /auth/refresh");
    expect(refresh?.body).toBeUndefined();
    const init = fake.fetch.mock.calls.find(([input]) => String(input).endsWith("/auth/refresh"))?.[1];
    expect(init?.credentials).toBe("include");
  });

  it("retries with the token another request already refreshed, without refreshing again", async () => {
    const fake = meAcceptsOnly(new FakeApi(), "new-token")
      .on("POST /auth/refresh", json(200, buildTokens("newer-token")))
      .install();
    const store = signedInStore();
    // The request leaves with the old token; by the time its 401 is back, a new one is in.
    fake.fetch.mockImplementationOnce(async () => {
      store.dispatch(signedIn("new-token"));
      return new Response(JSON.stringify(expired.body), { status: 401 });
    });

    const result = await store.dispatch(testApi.endpoints.me.initiate());

    expect(result.isSuccess).toBe(true);
    expect(fake.callsTo("POST /auth/refresh")).toHaveLength(0);
  });

  it("ends the session when the refresh itself is refused, and returns the first 401", async () => {
    const fake = meAcceptsOnly(new FakeApi(), "never")
      .on("POST /auth/refresh", json(401, errorEnvelope("refresh_token_reused", "This session was ended.")))
      .install();
    const store = signedInStore();

    const result = await store.dispatch(testApi.endpoints.me.initiate());

    expect(result.error).toMatchObject({ status: 401 });
    expect(fake.callsTo("GET /users/me")).toHaveLength(1);
    expect(selectSessionStatus(store.getState())).toBe("signed_out");
    expect(selectSessionEndedBecause(store.getState())).toBe("expired");
    expect(selectAccessToken(store.getState())).toBeNull();
  });

  it("keeps the session when the refresh fails for another reason (server down)", async () => {
    meAcceptsOnly(new FakeApi(), "never").on("POST /auth/refresh", json(503)).install();
    const store = signedInStore();

    await store.dispatch(testApi.endpoints.me.initiate());

    expect(selectSessionStatus(store.getState())).toBe("signed_in");
    expect(selectAccessToken(store.getState())).toBe("old-token");
  });

  it("never refreshes on the account calls' own 401 (a wrong password)", async () => {
    const fake = new FakeApi()
      .on("POST /auth/login", json(401, errorEnvelope("invalid_credentials", "That e-mail and password do not match.")))
      .install();
    const store = signedInStore();

    const result = await store.dispatch(testApi.endpoints.login.initiate({ email: "a@b.c", password: "nope" }));

    expect("error" in result && result.error).toMatchObject({ status: 401 });
    expect(fake.callsTo("POST /auth/refresh")).toHaveLength(0);
  });

  it("holds the Web Lock while refreshing, so two tabs never present the same cookie", async () => {
    const order: string[] = [];
    const request = vi.fn(async (name: string, task: () => Promise<unknown>) => {
      order.push(`lock ${name}`);
      const result = await task();
      order.push("unlock");
      return result;
    });
    vi.stubGlobal("navigator", { ...navigator, locks: { request } });
    const fake = meAcceptsOnly(new FakeApi(), "new-token")
      .on("POST /auth/refresh", () => {
        order.push("refresh");
        return json(200, buildTokens("new-token"));
      })
      .install();
    const store = signedInStore();

    await store.dispatch(testApi.endpoints.me.initiate());

    expect(order).toEqual([`lock ${REFRESH_LOCK_NAME}`, "refresh", "unlock"]);
    expect(fake.callsTo("POST /auth/refresh")).toHaveLength(1);
  });
});

describe("restoring the session when a tab opens", () => {
  it("signs in with the token the refresh cookie buys", async () => {
    new FakeApi().on("POST /auth/refresh", json(200, buildTokens("restored"))).install();
    const store = makeStore();

    await restoreSession(store.dispatch);

    expect(selectSessionStatus(store.getState())).toBe("signed_in");
    expect(selectAccessToken(store.getState())).toBe("restored");
  });

  it("is signed out, not 'expired', when there is no session", async () => {
    new FakeApi()
      .on("POST /auth/refresh", json(401, errorEnvelope("invalid_refresh_token", "Log in again.")))
      .install();
    const store = makeStore();

    await restoreSession(store.dispatch);

    expect(selectSessionStatus(store.getState())).toBe("signed_out");
    expect(selectSessionEndedBecause(store.getState())).toBeNull();
  });

  it("says the server is unreachable instead of guessing", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))),
    );
    const store = makeStore();

    await restoreSession(store.dispatch);

    expect(selectSessionStatus(store.getState())).toBe("unreachable");
  });
});
