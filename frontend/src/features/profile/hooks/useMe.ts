"use client";

import { useAppSelector } from "@/lib/hooks";
import { selectSessionStatus } from "@/lib/session";

import { useGetMeQuery } from "../api";

/** The signed-in student's own profile; nothing is asked while signed out. */
export function useMe() {
  const status = useAppSelector(selectSessionStatus);
  return useGetMeQuery(undefined, { skip: status !== "signed_in" });
}
