import { describe, expect, it } from "vitest";

import { loginPathFor, safeNextPath } from "./safe-next";

describe("safeNextPath", () => {
  it.each([
    ["/profile", "/profile"],
    ["/profile?tab=photo#top", "/profile?tab=photo#top"],
    ["/a/../profile", "/profile"],
  ])("keeps the path %s on this site", (next, expected) => {
    expect(safeNextPath(next, "/home")).toBe(expected);
  });

  it.each([null, "", "https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "profile"])(
    "refuses %s and falls back",
    (next) => {
      expect(safeNextPath(next, "/home")).toBe("/home");
    },
  );
});

describe("loginPathFor", () => {
  it("carries where the student was going", () => {
    expect(loginPathFor("/profile?tab=1")).toBe("/login?next=%2Fprofile%3Ftab%3D1");
    expect(loginPathFor("/")).toBe("/login");
  });
});
