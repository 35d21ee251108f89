export { profileApi, useGetMeQuery } from "./api";
export { InterestTags } from "./components/InterestTags";
export { ProfileScreen } from "./components/ProfileScreen";
export { VerifiedStudentBadge } from "./components/VerifiedStudentBadge";
export { useMe } from "./hooks/useMe";
