import { api } from "@/lib/api-base";
import type { PasswordChange, ProfileUpdate, UserMe } from "@/lib/api-schema";

export const profileApi = api.injectEndpoints({
  endpoints: (build) => ({
    getMe: build.query<UserMe, void>({
      query: () => "/users/me",
      providesTags: ["Me"],
    }),
    updateMe: build.mutation<UserMe, ProfileUpdate>({
      query: (body) => ({ url: "/users/me", method: "PATCH", body }),
      // The answer is the whole profile: put it in the cache instead of fetching it again.
      async onQueryStarted(_, { dispatch, queryFulfilled }) {
        const result = await queryFulfilled.catch(() => null); // the form shows the error
        if (result) dispatch(profileApi.util.upsertQueryData("getMe", undefined, result.data));
      },
    }),
    removeAvatar: build.mutation<void, void>({
      query: () => ({ url: "/users/me/avatar", method: "DELETE" }),
      async onQueryStarted(_, { dispatch, queryFulfilled }) {
        // Optimistic: the initials show at once, and come back to the photo if it fails.
        const patch = dispatch(
          profileApi.util.updateQueryData("getMe", undefined, (me) => {
            me.avatar_url = null;
          }),
        );
        try {
          await queryFulfilled;
        } catch {
          patch.undo();
        }
      },
    }),
    changePassword: build.mutation<void, PasswordChange>({
      query: (body) => ({ url: "/users/me/password", method: "POST", body }),
    }),
  }),
});

export const { useGetMeQuery, useUpdateMeMutation, useRemoveAvatarMutation, useChangePasswordMutation } = profileApi;
