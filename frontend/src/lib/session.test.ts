import { describe, expect, it } from "vitest";

import {
  loggedOut,
  restoreFailed,
  restoreStarted,
  sessionEnded,
  sessionSlice,
  signedIn,
  tokenRefreshed,
} from "./session";

const reduce = (...actions: Parameters<typeof sessionSlice.reducer>[1][]) =>
  actions.reduce((state, action) => sessionSlice.reducer(state, action), sessionSlice.getInitialState());

describe("session state", () => {
  it("starts by restoring, and a refresh that finds no session is a plain sign-out", () => {
    expect(reduce().status).toBe("restoring");
    expect(reduce(sessionEnded())).toEqual({ status: "signed_out", accessToken: null, endedBecause: null });
  });

  it("calls the end of a running session 'expired', so log-in can say so", () => {
    expect(reduce(signedIn("a"), tokenRefreshed("b"), sessionEnded())).toEqual({
      status: "signed_out",
      accessToken: null,
      endedBecause: "expired",
    });
  });

  it("remembers a deliberate log-out, until the next sign-in", () => {
    expect(reduce(signedIn("a"), loggedOut()).endedBecause).toBe("logged_out");
    expect(reduce(signedIn("a"), loggedOut(), signedIn("b")).endedBecause).toBeNull();
  });

  it("is unreachable only when a restore could not ask", () => {
    expect(reduce(restoreStarted(), restoreFailed()).status).toBe("unreachable");
    expect(reduce(signedIn("a"), restoreStarted(), restoreFailed()).status).toBe("signed_in");
  });
});
