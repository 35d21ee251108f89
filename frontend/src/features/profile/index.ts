export { profileApi, useGetMeQuery } from "./api";
export { InterestTags } from "./components/InterestTags";
export { ProfileCard } from "./components/ProfileCard";
export { ProfileScreen } from "./components/ProfileScreen";
export { VerifiedStudentBadge } from "./components/VerifiedStudentBadge";
export { useMe } from "./hooks/useMe";
