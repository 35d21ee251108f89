import { api } from "@/lib/api-base";
import type { CoursePage, CourseSearchParams, UniversityPage, UniversitySearchParams } from "@/lib/api-schema";

export const universitiesApi = api.injectEndpoints({
  endpoints: (build) => ({
    searchUniversities: build.query<UniversityPage, UniversitySearchParams>({
      query: (params) => ({ url: "/universities", params }),
      keepUnusedDataFor: 300,
    }),
    /** The universities owning an e-mail domain or a parent of it, most specific first. */
    universitiesOfDomain: build.query<UniversityPage, string>({
      query: (domain) => ({ url: "/universities", params: { domain, limit: 5 } }),
      keepUnusedDataFor: 300,
    }),
    searchCourses: build.query<CoursePage, { universityId: string } & CourseSearchParams>({
      query: ({ universityId, ...params }) => ({
        url: `/universities/${encodeURIComponent(universityId)}/courses`,
        params,
      }),
    }),
  }),
});

export const { useSearchUniversitiesQuery, useUniversitiesOfDomainQuery, useSearchCoursesQuery } = universitiesApi;
