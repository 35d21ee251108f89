import { registerStudentCaches, type StudentChange } from "@/features/friends";
import { api } from "@/lib/api-base";
import type { SuggestionPage, University, UserPage, UserPublic } from "@/lib/api-schema";

/** What Discover searches by; empty means "any". `university` is a university's id. */
export interface StudentFilters {
  university: string;
  course: string;
  interest: string;
  q: string;
}

const SEARCH_PAGE_SIZE = 20;

const studentTags = (students: readonly UserPublic[]) =>
  students.map((student) => ({ type: "Student" as const, id: student.id }));

const discoveryBase = api.enhanceEndpoints({ addTagTypes: ["Student", "StudentProfile"] });

export const discoveryApi = discoveryBase.injectEndpoints({
  endpoints: (build) => ({
    /** Students matching the filters: alphabetical, or closest names first with `q`. */
    searchStudents: build.infiniteQuery<UserPage, StudentFilters, string | null>({
      infiniteQueryOptions: {
        initialPageParam: null,
        getNextPageParam: (last) => last.next_cursor ?? undefined,
      },
      query: ({ queryArg: { university, course, interest, q }, pageParam }) => ({
        url: "/users/search",
        params: {
          limit: SEARCH_PAGE_SIZE,
          ...(university ? { university_id: university } : {}),
          ...(course ? { course } : {}),
          ...(interest ? { interest } : {}),
          ...(q ? { q } : {}),
          ...(pageParam ? { cursor: pageParam } : {}),
        },
      }),
      providesTags: (result) => studentTags(result?.pages.flatMap((page) => page.items) ?? []),
    }),

    /** Up to 20 students Quad suggests, best first, each with the reasons why. */
    suggestions: build.query<SuggestionPage, void>({
      query: () => ({ url: "/users/suggestions", params: { limit: 20 } }),
      providesTags: (result) => studentTags(result?.items.map((suggestion) => suggestion.user) ?? []),
    }),

    /**
     * A student's profile. 404 `user_blocked` when you blocked them (unblocking shows them
     * again); 404 `user_not_found` when there is no such student or they blocked you.
     */
    student: build.query<UserPublic, string>({
      query: (id) => `/users/${encodeURIComponent(id)}`,
      providesTags: (_result, _error, id) => [
        { type: "Student", id },
        { type: "StudentProfile", id },
      ],
    }),

    /** The university a shared Discover link filters by, to show its name in the box. */
    universityById: build.query<University, string>({
      query: (id) => `/universities/${encodeURIComponent(id)}`,
      keepUnusedDataFor: 600,
    }),
  }),
});

export const { useSearchStudentsInfiniteQuery, useSuggestionsQuery, useStudentQuery, useUniversityByIdQuery } =
  discoveryApi;

// ---------------------------------------------------------------------------------------
// A friendship changes (a request, an answer, a block) in the friends feature: every copy of
// the student in these caches follows at once, and is put back if the server refuses.

function apply<T>(items: T[], studentOf: (item: T) => UserPublic, userId: string, change: StudentChange): T[] {
  if ("hidden" in change) return items.filter((item) => studentOf(item).id !== userId);
  for (const item of items) {
    const student = studentOf(item);
    if (student.id === userId) {
      student.friendship_status = change.status;
      student.friend_request_id = change.friendRequestId;
    }
  }
  return items;
}

registerStudentCaches("discovery", {
  patch({ dispatch, getState }, userId, change) {
    const cached = discoveryApi.util.selectInvalidatedBy(getState() as never, [{ type: "Student", id: userId }]);
    return cached.flatMap(({ endpointName, originalArgs }) => {
      switch (endpointName) {
        case "searchStudents":
          return dispatch(
            discoveryApi.util.updateQueryData("searchStudents", originalArgs as StudentFilters, (draft) => {
              for (const page of draft.pages) page.items = apply(page.items, (s) => s, userId, change);
            }),
          );
        case "suggestions":
          return dispatch(
            discoveryApi.util.updateQueryData("suggestions", undefined, (draft) => {
              draft.items = apply(draft.items, (suggestion) => suggestion.user, userId, change);
            }),
          );
        case "student":
          // A blocked student's profile stays until it is fetched again (and answers 404).
          if ("hidden" in change) return [];
          return dispatch(
            discoveryApi.util.updateQueryData("student", userId, (draft) => {
              draft.friendship_status = change.status;
              draft.friend_request_id = change.friendRequestId;
            }),
          );
        default:
          return [];
      }
    });
  },
  refresh({ dispatch }, userId) {
    dispatch(discoveryApi.util.invalidateTags([{ type: "StudentProfile", id: userId }]));
  },
});
