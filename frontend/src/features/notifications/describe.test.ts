import { describe, expect, it } from "vitest";

import { buildMessageNotification, buildRequestNotification, buildStudent } from "@/testing/builders";

import { dayLabel, notificationPath, notificationText } from "./describe";

const noah = buildStudent({ first_name: "Noah", last_name: "Okafor" });
const chatId = "40000000-0000-4000-8000-000000000001";

describe("notificationText", () => {
  it("says who did what", () => {
    expect(notificationText(buildRequestNotification(noah))).toBe("Noah Okafor sent you a friend request");
    expect(notificationText(buildRequestNotification(noah, "friend_request_accepted"))).toBe(
      "Noah Okafor accepted your friend request",
    );
  });

  it("counts a chat's new messages, and names the group when known", () => {
    expect(notificationText(buildMessageNotification(noah, chatId, 1))).toBe("A new message from Noah Okafor");
    expect(notificationText(buildMessageNotification(noah, chatId, 3))).toBe("3 new messages from Noah Okafor");
    expect(notificationText(buildMessageNotification(noah, chatId, 3), "Physics study")).toBe(
      "Noah Okafor: 3 new messages in Physics study",
    );
  });
});

describe("notificationPath", () => {
  it("leads to the requests to answer, the new friend, or the chat", () => {
    expect(notificationPath(buildRequestNotification(noah))).toBe("/friends/requests");
    expect(notificationPath(buildRequestNotification(noah, "friend_request_accepted"))).toBe(`/student?id=${noah.id}`);
    expect(notificationPath(buildMessageNotification(noah, chatId))).toBe(`/chats?c=${chatId}`);
  });
});

describe("dayLabel", () => {
  const now = new Date(2026, 11, 3, 9, 30);

  it("says Today and Yesterday by the calendar, not by 24 hours", () => {
    expect(dayLabel(new Date(2026, 11, 3, 0, 5).toISOString(), now)).toBe("Today");
    expect(dayLabel(new Date(2026, 11, 2, 23, 55).toISOString(), now)).toBe("Yesterday");
  });

  it("gives older days their date, with the year only when it is another", () => {
    expect(dayLabel(new Date(2026, 10, 30, 12).toISOString(), now)).toBe("Monday, November 30");
    expect(dayLabel(new Date(2025, 11, 24, 12).toISOString(), now)).toBe("Wednesday, December 24, 2025");
  });
});
