"use client";

import { setupListeners } from "@reduxjs/toolkit/query";
import { useEffect, useState, type ReactNode } from "react";
import { Provider } from "react-redux";

import { makeStore } from "./store";

/** One store per browser tab, made on first render. */
export function StoreProvider({ children }: { children: ReactNode }) {
  const [store] = useState(makeStore);
  // Focus and reconnect events, for queries that refetch on them (the friend request badge).
  useEffect(() => setupListeners(store.dispatch), [store]);
  return <Provider store={store}>{children}</Provider>;
}
