"use client";

import { useCallback, useState } from "react";

import { api } from "@/lib/api-base";
import { useAppDispatch } from "@/lib/hooks";
import { loggedOut } from "@/lib/session";

import { useLogoutMutation } from "../api";
import { announceSession } from "./useSessionSync";

/**
 * Ends the session on the server and forgets everything cached here. Even if the server
 * cannot be reached, this tab forgets the student: logging out must always work.
 */
export function useLogout() {
  const dispatch = useAppDispatch();
  const [logout] = useLogoutMutation();
  const [pending, setPending] = useState(false);

  const run = useCallback(async () => {
    setPending(true);
    try {
      await logout().unwrap();
    } catch {
      // The cookie may outlive this on the server; the session still ends here.
    } finally {
      dispatch(loggedOut());
      dispatch(api.util.resetApiState());
      announceSession("logged_out");
      setPending(false);
    }
  }, [dispatch, logout]);

  return { logout: run, pending };
}
