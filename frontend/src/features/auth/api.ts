import { api } from "@/lib/api-base";
import type {
  LoginRequest,
  PasswordResetConfirm,
  RegisterRequest,
  RegisterResponse,
  Tokens,
  UserMe,
} from "@/lib/api-schema";
import { signedIn } from "@/lib/session";
import type { AppDispatch } from "@/lib/store";
import { profileApi } from "@/features/profile";

import { announceSession } from "./hooks/useSessionSync";

// Account calls answer 401 for their own reasons (wrong password, expired link): the base
// query must not take those for an expired access token.
const account = { skipReauth: true } as const;

/** A new session replaces whatever an earlier account left in the cache, in every tab. */
function beginSession(dispatch: AppDispatch, accessToken: string, me?: UserMe): void {
  dispatch(api.util.resetApiState());
  if (me) dispatch(profileApi.util.upsertQueryData("getMe", undefined, me));
  dispatch(signedIn(accessToken));
  announceSession("logged_in");
}

export const authApi = api.injectEndpoints({
  endpoints: (build) => ({
    register: build.mutation<RegisterResponse, RegisterRequest>({
      query: (body) => ({ url: "/auth/register", method: "POST", body }),
      extraOptions: account,
      async onQueryStarted(_, { dispatch, queryFulfilled }) {
        const result = await queryFulfilled.catch(() => null); // the form shows the error
        if (result) beginSession(dispatch, result.data.tokens.access_token, result.data.user);
      },
    }),
    login: build.mutation<Tokens, LoginRequest>({
      query: (body) => ({ url: "/auth/login", method: "POST", body }),
      extraOptions: account,
      async onQueryStarted(_, { dispatch, queryFulfilled }) {
        const result = await queryFulfilled.catch(() => null); // the form shows the error
        if (result) beginSession(dispatch, result.data.access_token);
      },
    }),
    logout: build.mutation<void, void>({
      // No body: the server reads the refresh cookie, ends the session and clears the cookie.
      query: () => ({ url: "/auth/logout", method: "POST" }),
      extraOptions: account,
    }),
    verifyEmail: build.mutation<void, { token: string }>({
      query: (body) => ({ url: "/auth/verify-email", method: "POST", body }),
      extraOptions: account,
      invalidatesTags: ["Me"],
    }),
    resendVerification: build.mutation<void, void>({
      query: () => ({ url: "/auth/verify-email/resend", method: "POST" }),
    }),
    requestPasswordReset: build.mutation<void, { email: string }>({
      query: (body) => ({ url: "/auth/password-reset", method: "POST", body }),
      extraOptions: account,
    }),
    confirmPasswordReset: build.mutation<void, PasswordResetConfirm>({
      query: (body) => ({ url: "/auth/password-reset/confirm", method: "POST", body }),
      extraOptions: account,
    }),
  }),
});

export const {
  useRegisterMutation,
  useLoginMutation,
  useLogoutMutation,
  useVerifyEmailMutation,
  useResendVerificationMutation,
  useRequestPasswordResetMutation,
  useConfirmPasswordResetMutation,
} = authApi;
