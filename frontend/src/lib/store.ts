import { combineSlices, configureStore, createListenerMiddleware } from "@reduxjs/toolkit";

import { api } from "./api-base";
import { sessionSlice } from "./session";
import { realtimeSlice } from "./ws";

/**
 * Slices a feature adds for its own client state (drafts, UI) inject themselves with
 * `slice.injectInto(rootReducer)` and declare their key here by module augmentation,
 * so this file never imports a feature.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LazyLoadedSlices {}

export const rootReducer = combineSlices(api, sessionSlice, realtimeSlice).withLazyLoadedSlices<LazyLoadedSlices>();

export type RootState = ReturnType<typeof rootReducer>;

export function makeStore(preloadedState?: Partial<RootState>) {
  // Features that react to other actions (the chat engine to a fetch landing) add themselves
  // with `dispatch(addListener(...))`, which returns their unsubscribe.
  const listeners = createListenerMiddleware();
  return configureStore({
    reducer: rootReducer,
    preloadedState,
    // The development-only state checks warn when they take long; on a busy 2-core test machine
    // the default 32 ms is the machine, not the state.
    middleware: (getDefaultMiddleware) =>
      getDefaultMiddleware({
        serializableCheck: { warnAfter: 200 },
        immutableCheck: { warnAfter: 200 },
      })
        .prepend(listeners.middleware)
        .concat(api.middleware),
  });
}

export type AppStore = ReturnType<typeof makeStore>;
export type AppDispatch = AppStore["dispatch"];
