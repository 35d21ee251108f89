export {
  universitiesApi,
  useSearchCoursesQuery,
  useSearchUniversitiesQuery,
  useUniversitiesOfDomainQuery,
} from "./api";
export { CoursePicker } from "./components/CoursePicker";
export { UniversityPicker, type PickedUniversity } from "./components/UniversityPicker";
export { StudyFields, type StudyForm } from "./components/StudyFields";
export { UniversityOffer } from "./components/UniversityOffer";
export { emailDomain, useUniversityOfEmail } from "./hooks/useUniversityOfEmail";
