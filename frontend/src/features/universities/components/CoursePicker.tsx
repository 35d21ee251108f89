"use client";

import { BookIcon, Combobox, type ControlProps } from "@/components/ui";
import type { Course } from "@/lib/api-schema";
import { useDebouncedValue } from "@/lib/hooks";

import { useSearchCoursesQuery } from "../api";

interface CoursePickerProps {
  control: ControlProps;
  name: string;
  universityId: string | null;
  value: string;
  onChange: (course: string) => void;
  onBlur?: () => void;
}

/** The course, free text, with what classmates at the same university already study. */
export function CoursePicker({ control, name, universityId, value, onChange, onBlur }: CoursePickerProps) {
  const query = useDebouncedValue(value.trim(), 200);
  const { data, isFetching } = useSearchCoursesQuery(
    { universityId: universityId ?? "", q: query || undefined, limit: 8 },
    { skip: !universityId },
  );
  const options: Course[] = (data?.items ?? []).filter(
    (course) => course.name.toLocaleLowerCase() !== value.trim().toLocaleLowerCase(),
  );

  return (
    <Combobox
      control={control}
      name={name}
      inputValue={value}
      onInputChange={onChange}
      onSelect={(course) => onChange(course.name)}
      onBlur={onBlur}
      options={options}
      optionKey={(c) => c.name}
      optionLabel={(c) => `${c.name}, ${c.student_count} ${c.student_count === 1 ? "student" : "students"}`}
      renderOption={(c) => (
        <span className="flex items-center justify-between gap-3">
          <span className="font-medium">{c.name}</span>
          <span className="text-xs whitespace-nowrap opacity-75">
            {c.student_count} {c.student_count === 1 ? "student" : "students"}
          </span>
        </span>
      )}
      loading={isFetching && Boolean(universityId)}
      placeholder="e.g. Computer Science"
      icon={<BookIcon className="size-5" />}
      autoComplete="off"
    />
  );
}
