/**
 * Opt-in system notifications (the browser's Notification API) while Quad's tab is hidden.
 * The choice is this browser's, kept in localStorage; the permission is the browser's own.
 */
const KEY = "quad.browserNotifications";

export type BrowserAlertsState = "unsupported" | "denied" | "off" | "on";

const supported = () => typeof window !== "undefined" && "Notification" in window;

export function browserAlertsState(): BrowserAlertsState {
  if (!supported()) return "unsupported";
  if (Notification.permission === "denied") return "denied";
  return Notification.permission === "granted" && localStorage.getItem(KEY) === "on" ? "on" : "off";
}

/** Switches them on (asking the browser first) or off; returns the state that results. */
export async function setBrowserAlerts(on: boolean): Promise<BrowserAlertsState> {
  if (!supported()) return "unsupported";
  if (!on) {
    localStorage.setItem(KEY, "off");
    return browserAlertsState();
  }
  const permission =
    Notification.permission === "default" ? await Notification.requestPermission() : Notification.permission;
  localStorage.setItem(KEY, permission === "granted" ? "on" : "off");
  return browserAlertsState();
}

/** Shows one, if switched on and the tab is hidden; a click brings the tab back at `path`. */
export function showBrowserAlert(title: string, options: { tag: string; icon?: string | null; onClick: () => void }) {
  if (browserAlertsState() !== "on" || document.visibilityState !== "hidden") return;
  const alert = new Notification(title, { tag: options.tag, icon: options.icon ?? "/icon.svg" });
  alert.onclick = () => {
    window.focus();
    options.onClick();
    alert.close();
  };
}
