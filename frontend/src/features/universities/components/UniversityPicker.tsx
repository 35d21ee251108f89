"use client";

import { Combobox, GraduationCapIcon, type ControlProps } from "@/components/ui";
import type { University, UniversitySummary } from "@/lib/api-schema";
import { useDebouncedValue } from "@/lib/hooks";

import { useSearchUniversitiesQuery } from "../api";

export type PickedUniversity = Pick<UniversitySummary, "id" | "name" | "country">;

interface UniversityPickerProps {
  control: ControlProps;
  name: string;
  /** The text in the box (the picked university's name once one is picked). */
  text: string;
  onTextChange: (text: string) => void;
  /** A university from the list, or null when the text no longer names one. */
  onPick: (university: PickedUniversity | null) => void;
  onBlur?: () => void;
}

/**
 * Search-as-you-type over the world's universities: names, initials ("ucl"), short names
 * ("oxford"), domains, accents optional, typo tolerant; the likeliest match first.
 */
export function UniversityPicker({ control, name, text, onTextChange, onPick, onBlur }: UniversityPickerProps) {
  const query = useDebouncedValue(text.trim(), 200);
  const { data, isFetching, isError } = useSearchUniversitiesQuery({ q: query, limit: 8 }, { skip: query.length < 2 });
  const options: University[] = query.length >= 2 ? (data?.items ?? []) : [];

  return (
    <Combobox
      control={control}
      name={name}
      inputValue={text}
      onInputChange={(value) => {
        onTextChange(value);
        onPick(null);
      }}
      onSelect={(university) => {
        onTextChange(university.name);
        onPick({ id: university.id, name: university.name, country: university.country });
      }}
      onBlur={onBlur}
      options={options}
      optionKey={(u) => u.id}
      optionLabel={(u) => `${u.name}, ${u.country}`}
      renderOption={(u) => (
        <span className="flex flex-col">
          <span className="font-medium">{u.name}</span>
          <span className="text-xs opacity-75">
            {u.country}
            {u.domains[0] ? ` · ${u.domains[0]}` : ""}
          </span>
        </span>
      )}
      loading={isFetching}
      emptyMessage={
        isError
          ? "We couldn't search universities just now. Keep typing to try again."
          : "No university matches that. Try its name, its initials or your e-mail's domain."
      }
      placeholder="Start typing your university"
      icon={<GraduationCapIcon className="size-5" />}
    />
  );
}
