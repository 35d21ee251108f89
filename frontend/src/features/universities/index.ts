export { universitiesApi, useSearchCoursesQuery, useSearchUniversitiesQuery } from "./api";
export { CoursePicker } from "./components/CoursePicker";
export { UniversityPicker, type PickedUniversity } from "./components/UniversityPicker";
export { StudyFields, type StudyForm } from "./components/StudyFields";
