import { api } from "@/lib/api-base";
import type { LoginRequest, PasswordResetConfirm, RegisterRequest, RegisterResponse, Tokens } from "@/lib/api-schema";
import { signedIn } from "@/lib/session";
import { profileApi } from "@/features/profile";

import { announceSession } from "./hooks/useSessionSync";

// Account calls answer 401 for their own reasons (wrong password, expired link): the base
// query must not take those for an expired access token.
const account = { skipReauth: true } as const;

export const authApi = api.injectEndpoints({
  endpoints: (build) => ({
    register: build.mutation<RegisterResponse, RegisterRequest>({
      query: (body) => ({ url: "/auth/register", method: "POST", body }),
      extraOptions: account,
      async onQueryStarted(_, { dispatch, queryFulfilled }) {
        const result = await queryFulfilled.catch(() => null); // the form shows the error
        if (!result) return;
        const { data } = result;
        dispatch(api.util.resetApiState());
        dispatch(profileApi.util.upsertQueryData("getMe", undefined, data.user));
        dispatch(signedIn(data.tokens.access_token));
        announceSession("logged_in");
      },
    }),
    login: build.mutation<Tokens, LoginRequest>({
      query: (body) => ({ url: "/auth/login", method: "POST", body }),
      extraOptions: account,
      async onQueryStarted(_, { dispatch, queryFulfilled }) {
        const result = await queryFulfilled.catch(() => null); // the form shows the error
        if (!result) return;
        const { data } = result;
        // Nothing cached from an earlier account may show through.
        dispatch(api.util.resetApiState());
        dispatch(signedIn(data.access_token));
        announceSession("logged_in");
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
