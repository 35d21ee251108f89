import type { ThunkDispatch, UnknownAction } from "@reduxjs/toolkit";

import type { FriendshipStatus } from "@/lib/api-schema";

/**
 * Other features keep copies of students in their caches (search results, suggestions,
 * profiles). A change of friendship made here must show in every copy at once, and be taken
 * back if the server refuses it, without this feature importing theirs: each registers how
 * to patch and refresh its own caches, and the friend mutations call them all.
 */

/**
 * A student's new standing with you and the pending request between you (its id, or null
 * when there is none, or none known yet), or `hidden`: blocked, so gone from lists of people.
 */
export type StudentChange = { status: FriendshipStatus; friendRequestId: string | null } | { hidden: true };

export interface CacheAccess {
  // As RTK Query's lifecycle hands it over: each feature's thunks type their own slice of state.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  dispatch: ThunkDispatch<any, unknown, UnknownAction>;
  getState: () => unknown;
}

export interface StudentCaches {
  /** Applies the change to every copy of the student this feature caches; returns the undos. */
  patch(store: CacheAccess, userId: string, change: StudentChange): Array<{ undo(): void }>;
  /** The server has spoken about this student: refetch what depends on them (their profile). */
  refresh(store: CacheAccess, userId: string): void;
}

// By feature name, so registering again (a module reloaded in development) replaces.
const registered = new Map<string, StudentCaches>();

export function registerStudentCaches(feature: string, caches: StudentCaches): void {
  registered.set(feature, caches);
}

/** Patches every registered cache; the returned function undoes it all, newest first. */
export function patchStudentEverywhere(store: CacheAccess, userId: string, change: StudentChange): () => void {
  const undos = [...registered.values()].flatMap((caches) => caches.patch(store, userId, change));
  return () => {
    for (const patch of undos.reverse()) patch.undo();
  };
}

export function refreshStudentEverywhere(store: CacheAccess, userId: string): void {
  for (const caches of registered.values()) caches.refresh(store, userId);
}
