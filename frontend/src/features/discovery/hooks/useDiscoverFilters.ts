"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";

import { useDebouncedValue } from "@/lib/hooks";

import type { StudentFilters } from "../api";

const KEYS = ["university", "course", "interest", "q"] as const;

export function filtersFrom(params: URLSearchParams): StudentFilters {
  const value = (key: (typeof KEYS)[number]) => (params.get(key) ?? "").trim();
  return { university: value("university"), course: value("course"), interest: value("interest"), q: value("q") };
}

export function queryOf(filters: StudentFilters): string {
  const params = new URLSearchParams();
  for (const key of KEYS) if (filters[key]) params.set(key, filters[key]);
  return params.toString();
}

export const anyFilter = (filters: StudentFilters) => KEYS.some((key) => filters[key] !== "");

/**
 * Discover's filters live in the URL (`/discover?course=Physics&q=ada`), so a search can be
 * shared, survives a reload, and Back returns to it from a profile. A pick (a university, a
 * quick filter, clearing) is a step in history; typing replaces the current step.
 */
export function useDiscoverFilters() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filters = useMemo(() => filtersFrom(params), [params]);

  const update = useCallback(
    (changes: Partial<StudentFilters>, history: "push" | "replace" = "push") => {
      const query = queryOf({ ...filtersFrom(params), ...changes });
      const url = query ? `${pathname}?${query}` : pathname;
      if (history === "push") router.push(url, { scroll: false });
      else router.replace(url, { scroll: false });
    },
    [params, pathname, router],
  );

  return { filters, update, active: anyFilter(filters) };
}

/**
 * A text filter typed freely and written to the URL once typing pauses. When the URL changes
 * by itself (Back, "Clear filters"), the box follows it.
 */
export function useUrlText(urlValue: string, commit: (text: string) => void, delayMs = 350) {
  const [draft, setDraft] = useState(urlValue);
  const [seen, setSeen] = useState(urlValue);
  if (urlValue !== seen) {
    setSeen(urlValue);
    // Our own commit comes back trimmed: keep the space the student is typing.
    if (urlValue !== draft.trim()) setDraft(urlValue);
  }
  const settled = useDebouncedValue(draft, delayMs);
  useEffect(() => {
    // Only what the student typed and then paused on; not a value the URL just gave us.
    if (settled === draft && settled.trim() !== urlValue) commit(settled.trim());
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs when typing settles
  }, [settled]);
  return [draft, setDraft] as const;
}
