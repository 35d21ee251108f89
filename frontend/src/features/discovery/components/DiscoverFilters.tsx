"use client";

import { useId, useState } from "react";

import { Button, Card, Field, HashIcon, Input, SearchIcon, XIcon, controlClasses } from "@/components/ui";
import { useMe } from "@/features/profile";
import { CoursePicker, UniversityPicker } from "@/features/universities";
import { cn } from "@/lib/cn";

import { useUniversityByIdQuery, type StudentFilters } from "../api";
import { useUrlText } from "../hooks/useDiscoverFilters";

interface DiscoverFiltersProps {
  filters: StudentFilters;
  update: (changes: Partial<StudentFilters>, history?: "push" | "replace") => void;
}

/**
 * The university's name in the box follows the filter in the URL: picked here, or from a
 * shared link (looked up by id), or cleared by Back.
 */
function useUniversityText(universityId: string) {
  const [text, setText] = useState("");
  const [names, setNames] = useState<string | null>(null);
  const { data: university } = useUniversityByIdQuery(universityId, { skip: !universityId || names === universityId });
  if (universityId && names !== universityId && university?.id === universityId) {
    setNames(universityId);
    setText(university.name);
  }
  if (!universityId && names !== null) {
    setNames(null);
    setText("");
  }
  return { text, setText, picked: (id: string | null) => setNames(id) };
}

/** Name, university, course and interest: any of them, combined. */
export function DiscoverFilters({ filters, update }: DiscoverFiltersProps) {
  const ids = useId();
  const [q, setQ] = useUrlText(filters.q, (text) => update({ q: text }, "replace"));
  const [course, setCourse] = useUrlText(filters.course, (text) => update({ course: text }, "replace"));
  const [interest, setInterest] = useUrlText(filters.interest, (text) => update({ interest: text }, "replace"));
  const university = useUniversityText(filters.university);
  const narrowing = [filters.university, filters.course, filters.interest].filter(Boolean).length;
  // On phones the filters fold away; they unfold when one is set (a quick filter, a shared link).
  const [open, setOpen] = useState(narrowing > 0);
  const [wasNarrowing, setWasNarrowing] = useState(narrowing > 0);
  if (narrowing > 0 !== wasNarrowing) {
    setWasNarrowing(narrowing > 0);
    if (narrowing > 0) setOpen(true);
  }
  const panelId = `${ids}-filters`;

  return (
    <Card className="p-4 sm:p-5">
      <form
        role="search"
        aria-label="Find students"
        onSubmit={(event) => {
          event.preventDefault();
          // Enter searches at once instead of waiting for the pause.
          update({ q: q.trim(), course: course.trim(), interest: interest.trim() });
        }}
      >
        <div className="flex gap-2">
          <div className="relative flex-1">
            <label htmlFor={`${ids}-q`} className="sr-only">
              Name
            </label>
            <SearchIcon className="pointer-events-none absolute inset-y-0 left-3.5 my-auto size-5 text-subtle" />
            <input
              id={`${ids}-q`}
              type="search"
              name="q"
              value={q}
              onChange={(event) => setQ(event.target.value)}
              placeholder="Search names"
              maxLength={100}
              autoComplete="off"
              spellCheck={false}
              className={cn(controlClasses, "h-12 pr-3.5 pl-11 text-base")}
            />
          </div>
          <Button
            variant="secondary"
            className="h-12 px-3 sm:hidden"
            aria-expanded={open}
            aria-controls={panelId}
            onClick={() => setOpen((value) => !value)}
          >
            Filters
            {narrowing ? (
              <span className="rounded-full bg-primary px-1.5 text-xs font-bold text-primary-foreground">
                {narrowing}
              </span>
            ) : null}
          </Button>
        </div>
        <div id={panelId} className={cn("mt-4 gap-4 sm:grid sm:grid-cols-[5fr_4fr_3fr]", open ? "grid" : "hidden")}>
          <Field label="University">
            {(control) => (
              <UniversityPicker
                control={control}
                name="university"
                text={university.text}
                onTextChange={university.setText}
                onPick={(picked) => {
                  university.picked(picked?.id ?? null);
                  if (picked) update({ university: picked.id });
                  else if (filters.university) update({ university: "" }, "replace");
                }}
              />
            )}
          </Field>
          <Field label="Course">
            {(control) => (
              <CoursePicker
                control={control}
                name="course"
                universityId={filters.university || null}
                value={course}
                onChange={setCourse}
              />
            )}
          </Field>
          <Field label="Interest">
            {(control) => (
              <div className="relative">
                <HashIcon className="pointer-events-none absolute inset-y-0 left-3.5 my-auto size-5 text-subtle" />
                <Input
                  {...control}
                  name="interest"
                  value={interest}
                  onChange={(event) => setInterest(event.target.value)}
                  placeholder="e.g. chess"
                  maxLength={40}
                  autoComplete="off"
                  className="pl-11"
                />
              </div>
            )}
          </Field>
        </div>
        {narrowing || filters.q ? (
          <div className="mt-3 flex justify-end">
            <Button
              variant="ghost"
              size="sm"
              icon={<XIcon className="size-4" />}
              onClick={() => update({ university: "", course: "", interest: "", q: "" })}
            >
              Clear filters
            </Button>
          </div>
        ) : null}
      </form>
      <QuickFilters filters={filters} update={update} />
    </Card>
  );
}

/** For a student who does not know where to start: their own university, course, interests. */
function QuickFilters({ filters, update }: DiscoverFiltersProps) {
  const { data: me } = useMe();
  if (!me || filters.university || filters.course || filters.interest || filters.q) return null;
  const chip =
    "inline-flex h-9 items-center rounded-full border border-border-strong bg-surface px-3.5 text-sm font-medium text-foreground hover:border-primary hover:bg-primary-soft hover:text-primary-soft-foreground";
  return (
    <div className="mt-4 flex flex-wrap items-center gap-2">
      <span className="text-sm text-muted">Try:</span>
      <button type="button" className={chip} onClick={() => update({ university: me.university.id })}>
        Students at {me.university.name}
      </button>
      <button
        type="button"
        className={chip}
        onClick={() => update({ university: me.university.id, course: me.course })}
      >
        {me.course} at your university
      </button>
      {me.interests.slice(0, 2).map((interest) => (
        <button key={interest} type="button" className={chip} onClick={() => update({ interest })}>
          Into {interest}
        </button>
      ))}
    </div>
  );
}
