export { discoveryApi } from "./api";
export { DiscoverScreen } from "./components/DiscoverScreen";
export { StudentProfileFromLink, StudentProfileScreen } from "./components/StudentProfileScreen";
