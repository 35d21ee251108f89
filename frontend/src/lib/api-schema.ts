/**
 * Names for the server's shapes, taken from the generated OpenAPI types (never written by
 * hand): `npm run gen:api` refreshes them from the backend.
 */
import type { components, paths } from "./generated/api-types";

type Schemas = components["schemas"];

export type UserMe = Schemas["UserMe"];
/** What anyone may see of a student (the server's UserPublic; UserMe adds the private fields). */
export type UserPublic = Omit<UserMe, "email" | "email_verified" | "created_at">;
export type UniversitySummary = Schemas["UniversitySummary"];
export type University = Schemas["UniversityOut"];
export type Course = Schemas["CourseOut"];
export type Tokens = Schemas["Tokens"];
export type RegisterRequest = Schemas["RegisterIn"];
export type RegisterResponse = Schemas["RegisterOut"];
export type LoginRequest = Schemas["LoginIn"];
export type ProfileUpdate = Schemas["ProfileUpdate"];
export type PasswordChange = Schemas["PasswordChange"];
export type PasswordResetConfirm = Schemas["PasswordResetConfirmIn"];
export type ErrorEnvelope = Schemas["ErrorEnvelope"];
export type UniversityPage = Schemas["Page_UniversityOut_"];
export type CoursePage = Schemas["Page_CourseOut_"];

export type UniversitySearchParams = NonNullable<paths["/api/v1/universities"]["get"]["parameters"]["query"]>;
export type CourseSearchParams = NonNullable<
  paths["/api/v1/universities/{university_id}/courses"]["get"]["parameters"]["query"]
>;
