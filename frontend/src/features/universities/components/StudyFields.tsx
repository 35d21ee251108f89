"use client";

import { Field } from "@/components/ui";
import type { FieldBinding } from "@/lib/forms";

import { CoursePicker } from "./CoursePicker";
import { UniversityPicker } from "./UniversityPicker";

/** The slice of a form that holds where and what a student studies. */
export interface StudyForm {
  values: { university_id: string; university_name: string };
  field: (name: "university_id" | "course") => FieldBinding<string>;
  setValue: (name: "university_id" | "university_name", value: string) => void;
}

interface StudyFieldsProps {
  form: StudyForm;
  /** Shown under the course box; by default only once a university is picked. */
  courseHint?: string;
}

/**
 * University (search as you type) and course (what classmates there already use), as
 * registration and the profile editor both ask for them. Picking another university
 * keeps the typed course, and the course suggestions follow the new university.
 */
export function StudyFields({ form, courseHint }: StudyFieldsProps) {
  const university = form.field("university_id");
  const course = form.field("course");
  const universityId = form.values.university_id || null;
  return (
    <>
      <Field label="University" error={university.error}>
        {(control) => (
          <UniversityPicker
            control={control}
            name="university_id"
            text={form.values.university_name}
            onTextChange={(text) => form.setValue("university_name", text)}
            onPick={(picked) => form.setValue("university_id", picked?.id ?? "")}
            onBlur={university.onBlur}
          />
        )}
      </Field>
      <Field
        label="Course"
        error={course.error}
        hint={courseHint ?? (universityId ? "Pick what classmates use, or type your own." : undefined)}
      >
        {(control) => (
          <CoursePicker
            control={control}
            name="course"
            universityId={universityId}
            value={course.value}
            onChange={course.onChange}
            onBlur={course.onBlur}
          />
        )}
      </Field>
    </>
  );
}
