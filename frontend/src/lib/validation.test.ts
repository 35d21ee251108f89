import { describe, expect, it } from "vitest";

import { emailProblem, newPasswordProblem } from "./validation";

describe("newPasswordProblem", () => {
  it("wants 8 characters", () => {
    expect(newPasswordProblem("")).toBe("Choose a password.");
    expect(newPasswordProblem("1234567")).toMatch(/at least 8/);
    expect(newPasswordProblem("12345678")).toBeUndefined();
  });

  it("counts the 72-byte limit in UTF-8 bytes, as bcrypt does", () => {
    expect(newPasswordProblem("a".repeat(72))).toBeUndefined();
    expect(newPasswordProblem("a".repeat(73))).toMatch(/too long/);
    // 24 three-byte characters are 72 bytes; one more is over.
    expect(newPasswordProblem("€".repeat(24))).toBeUndefined();
    expect(newPasswordProblem("€".repeat(25))).toMatch(/too long/);
  });
});

describe("emailProblem", () => {
  it("accepts an address and explains a wrong one", () => {
    expect(emailProblem("ada@ucl.ac.uk")).toBeUndefined();
    expect(emailProblem(" ")).toBe("Enter your e-mail address.");
    expect(emailProblem("ada@")).toMatch(/like name@university.edu/);
  });
});
