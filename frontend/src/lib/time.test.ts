import { describe, expect, it } from "vitest";

import { timeAgo } from "./time";

describe("timeAgo", () => {
  const now = new Date("2026-11-25T12:00:00Z");

  it("says how long ago, in the largest whole unit", () => {
    expect(timeAgo("2026-11-25T11:59:30Z", now)).toBe("just now");
    expect(timeAgo("2026-11-25T11:55:00Z", now)).toBe("5 minutes ago");
    expect(timeAgo("2026-11-25T09:00:00Z", now)).toBe("3 hours ago");
    expect(timeAgo("2026-11-24T12:00:00Z", now)).toBe("yesterday");
    expect(timeAgo("2026-11-04T12:00:00Z", now)).toBe("3 weeks ago");
  });
});
