import { render, type RenderOptions } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactElement, ReactNode } from "react";
import { Provider } from "react-redux";

import { ToastProvider } from "@/components/ui";
import { signedIn } from "@/lib/session";
import { makeStore, type AppStore } from "@/lib/store";

interface Options extends Omit<RenderOptions, "wrapper"> {
  store?: AppStore;
  /** Start signed in with this access token. */
  accessToken?: string;
  /** Start signed out (the session restore already answered "no"). */
  signedOut?: boolean;
}

/** Renders with the app's real store and toasts, as the app does; returns a user to act. */
export function renderWithApp(
  ui: ReactElement,
  { store = makeStore(), accessToken, signedOut, ...options }: Options = {},
) {
  if (accessToken) store.dispatch(signedIn(accessToken));
  if (signedOut) store.dispatch({ type: "session/sessionEnded" });
  const Wrapper = ({ children }: { children: ReactNode }) => (
    <Provider store={store}>
      <ToastProvider>{children}</ToastProvider>
    </Provider>
  );
  return { store, user: userEvent.setup(), ...render(ui, { wrapper: Wrapper, ...options }) };
}
