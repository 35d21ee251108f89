import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { buildMessageNotification, buildRequestNotification, buildStudent, page } from "@/testing/builders";
import { FakeApi, json } from "@/testing/fake-api";
import { navigation } from "@/testing/navigation";
import { renderWithApp } from "@/testing/render";

import { NotificationsScreen } from "./NotificationsScreen";

vi.mock("next/navigation", () => import("@/testing/navigation"));

const noah = buildStudent({ first_name: "Noah", last_name: "Okafor" });
const grace = buildStudent({ first_name: "Grace", last_name: "Hopper" });
const chatId = "40000000-0000-4000-8000-000000000009";

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
const daysAgo = (days: number) => {
  const day = new Date();
  day.setDate(day.getDate() - days);
  day.setHours(12, 0, 0, 0);
  return day.toISOString();
};

/** A browser's Notification API, with the permission the test gives it. */
function stubBrowserNotifications(permission: NotificationPermission, answer: NotificationPermission = permission) {
  const requestPermission = vi.fn(async () => {
    Browser.permission = answer;
    return answer;
  });
  class Browser {
    static permission = permission;
    static requestPermission = requestPermission;
  }
  vi.stubGlobal("Notification", Browser);
  return requestPermission;
}

beforeEach(() => {
  navigation.reset();
  navigation.pathname = "/notifications";
  localStorage.clear();
  stubBrowserNotifications("default");
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("NotificationsScreen", () => {
  it("lists everything by day, newest first, with who did what", async () => {
    const today = buildMessageNotification(grace, chatId, 3, { updated_at: hoursAgo(0) });
    const yesterday = buildRequestNotification(noah, "friend_request_accepted", { updated_at: daysAgo(1), read: true });
    const older = buildRequestNotification(noah, "friend_request", { updated_at: daysAgo(9), read: true });
    new FakeApi()
      .on("GET /notifications", json(200, page([today, yesterday, older])))
      .on("GET /notifications/unread-count", json(200, { count: 1 }))
      .install();
    renderWithApp(<NotificationsScreen />, { accessToken: "t" });

    const todays = await screen.findByRole("region", { name: "Today" });
    expect(within(todays).getByRole("button", { name: /3 new messages from Grace Hopper/ })).toBeInTheDocument();
    expect(within(todays).getByRole("img", { name: "Unread" })).toBeInTheDocument();
    const yesterdays = screen.getByRole("region", { name: "Yesterday" });
    expect(within(yesterdays).getByRole("button", { name: /Noah Okafor accepted your friend request/ })).toBeVisible();
    expect(within(yesterdays).queryByRole("img", { name: "Unread" })).toBeNull();
    const regions = screen.getAllByRole("region").map((region) => region.getAttribute("aria-label"));
    expect(regions).toHaveLength(4); // today, yesterday, the older day, and the settings
    expect(await screen.findByText("1 unread")).toBeInTheDocument();
  });

  it("shows the unread ones only, when asked", async () => {
    const fake = new FakeApi()
      .on("GET /notifications", (call) =>
        json(
          200,
          page(
            call.search.get("unread_only") === "true"
              ? [buildRequestNotification(noah)]
              : [
                  buildRequestNotification(noah),
                  buildRequestNotification(grace, "friend_request_accepted", { read: true }),
                ],
          ),
        ),
      )
      .on("GET /notifications/unread-count", json(200, { count: 1 }))
      .install();
    const { user } = renderWithApp(<NotificationsScreen />, { accessToken: "t" });
    await screen.findByRole("button", { name: /Grace Hopper accepted/ });

    await user.click(screen.getByRole("button", { name: "Unread only" }));

    expect(screen.getByRole("button", { name: "Unread only" })).toHaveAttribute("aria-pressed", "true");
    await waitFor(() => expect(screen.queryByRole("button", { name: /Grace Hopper accepted/ })).toBeNull());
    expect(screen.getByRole("button", { name: /Noah Okafor sent you a friend request/ })).toBeInTheDocument();
    expect(fake.calls.some((call) => call.path === "/notifications" && call.search.get("unread_only") === "true")).toBe(
      true,
    );
  });

  it("pages back through older notifications", async () => {
    const fake = new FakeApi()
      .on("GET /notifications", (call) =>
        call.search.get("cursor") === "older"
          ? json(200, page([buildRequestNotification(grace, "friend_request", { updated_at: daysAgo(30) })]))
          : json(200, page([buildRequestNotification(noah)], "older")),
      )
      .on("GET /notifications/unread-count", json(200, { count: 2 }))
      .install();
    const { user } = renderWithApp(<NotificationsScreen />, { accessToken: "t" });

    await user.click(await screen.findByRole("button", { name: "Show older notifications" }));

    expect(await screen.findByRole("button", { name: /Grace Hopper sent you a friend request/ })).toBeInTheDocument();
    expect(fake.callsTo("GET /notifications").map((call) => call.search.get("limit"))).toEqual(["20", "20"]);
  });

  it("says so when there is nothing yet", async () => {
    new FakeApi()
      .on("GET /notifications", json(200, page([])))
      .on("GET /notifications/unread-count", json(200, { count: 0 }))
      .install();
    renderWithApp(<NotificationsScreen />, { accessToken: "t" });

    expect(await screen.findByText("No notifications yet")).toBeInTheDocument();
    expect(screen.getByText("You are all caught up.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Mark all read" })).toBeDisabled();
  });

  it("switches browser notifications on after the browser allows them, and off again", async () => {
    const requestPermission = stubBrowserNotifications("default", "granted");
    new FakeApi()
      .on("GET /notifications", json(200, page([])))
      .on("GET /notifications/unread-count", json(200, { count: 0 }))
      .install();
    const { user } = renderWithApp(<NotificationsScreen />, { accessToken: "t" });

    const toggle = screen.getByRole("switch", { name: "Browser notifications" });
    expect(toggle).toHaveAttribute("aria-checked", "false");
    await user.click(toggle);

    expect(requestPermission).toHaveBeenCalledOnce();
    await waitFor(() => expect(toggle).toHaveAttribute("aria-checked", "true"));
    expect(localStorage.getItem("quad.browserNotifications")).toBe("on");
    await user.click(toggle);
    await waitFor(() => expect(toggle).toHaveAttribute("aria-checked", "false"));
    expect(localStorage.getItem("quad.browserNotifications")).toBe("off");
  });

  it("explains how to allow them when the browser blocks Quad", async () => {
    stubBrowserNotifications("denied");
    new FakeApi()
      .on("GET /notifications", json(200, page([])))
      .on("GET /notifications/unread-count", json(200, { count: 0 }))
      .install();
    renderWithApp(<NotificationsScreen />, { accessToken: "t" });

    const toggle = screen.getByRole("switch", { name: "Browser notifications" });
    expect(toggle).toBeDisabled();
    expect(toggle).toHaveAccessibleDescription(/allow them in the site's settings/);
  });
});
