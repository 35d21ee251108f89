import { createSlice, type PayloadAction } from "@reduxjs/toolkit";

/**
 * Who is signed in, as far as this tab knows. The access token lives here, in memory only;
 * the refresh token is an httpOnly cookie that script never sees.
 *
 * - `restoring`: the tab just opened and is asking `/auth/refresh` whether a session exists.
 * - `unreachable`: that question got no answer (offline, server down); retry is offered.
 */
export type SessionStatus = "restoring" | "unreachable" | "signed_in" | "signed_out";

export interface SessionState {
  status: SessionStatus;
  accessToken: string | null;
  /** Why the last session ended, so the log-in page can say so. */
  endedBecause: "logged_out" | "expired" | null;
}

const initialState: SessionState = { status: "restoring", accessToken: null, endedBecause: null };

export const sessionSlice = createSlice({
  name: "session",
  initialState,
  reducers: {
    signedIn(state, action: PayloadAction<string>) {
      state.status = "signed_in";
      state.accessToken = action.payload;
      state.endedBecause = null;
    },
    tokenRefreshed(state, action: PayloadAction<string>) {
      state.status = "signed_in";
      state.accessToken = action.payload;
    },
    /** The refresh cookie is gone or dead: a session that was running has expired. */
    sessionEnded(state) {
      state.endedBecause = state.status === "signed_in" ? "expired" : state.endedBecause;
      state.status = "signed_out";
      state.accessToken = null;
    },
    loggedOut(state) {
      state.status = "signed_out";
      state.accessToken = null;
      state.endedBecause = "logged_out";
    },
    restoreStarted(state) {
      if (state.status !== "signed_in") state.status = "restoring";
    },
    restoreFailed(state) {
      if (state.status === "restoring") state.status = "unreachable";
    },
  },
  selectors: {
    selectSessionStatus: (state) => state.status,
    selectAccessToken: (state) => state.accessToken,
    selectSessionEndedBecause: (state) => state.endedBecause,
  },
});

export const { signedIn, tokenRefreshed, sessionEnded, loggedOut, restoreStarted, restoreFailed } =
  sessionSlice.actions;
export const { selectSessionStatus, selectAccessToken, selectSessionEndedBecause } = sessionSlice.selectors;
