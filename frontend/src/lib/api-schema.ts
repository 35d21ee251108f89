/**
 * Names for the server's shapes, taken from the generated OpenAPI types (never written by
 * hand): `npm run gen:api` refreshes them from the backend.
 */
import type { components, paths } from "./generated/api-types";

type Schemas = components["schemas"];

export type UserMe = Schemas["UserMe"];
/** What anyone may see of a student, with how the caller stands with them (UserMe adds the private fields). */
export type UserPublic = Schemas["UserPublic"];
export type FriendshipStatus = UserPublic["friendship_status"];
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
export type UserPage = Schemas["Page_UserPublic_"];
export type FriendRequest = Schemas["FriendRequestOut"];
export type FriendRequestPage = Schemas["Page_FriendRequestOut_"];
/** Pending friend requests to you (`incoming`) and from you (`outgoing`). */
export type FriendRequestCounts = Schemas["FriendRequestCounts"];
export type Suggestion = Schemas["SuggestionOut"];
export type SuggestionPage = Schemas["Page_SuggestionOut_"];
export type Block = Schemas["BlockOut"];
export type BlockPage = Schemas["Page_BlockOut_"];

export type UniversitySearchParams = NonNullable<paths["/api/v1/universities"]["get"]["parameters"]["query"]>;
export type CourseSearchParams = NonNullable<
  paths["/api/v1/universities/{university_id}/courses"]["get"]["parameters"]["query"]
>;
export type FriendRequestDirection = NonNullable<
  NonNullable<paths["/api/v1/friend-requests"]["get"]["parameters"]["query"]>["direction"]
>;
