import { describe, expect, it } from "vitest";

import { errorEnvelope } from "@/testing/builders";

import { describeApiError } from "./errors";

describe("describeApiError", () => {
  it("maps a 422 envelope's details onto fields", () => {
    const problem = describeApiError({
      status: 422,
      data: errorEnvelope("validation_error", "Some fields are not valid.", [
        { field: "email", message: "Value is not a valid email address." },
        { field: "password", message: "String should have at least 8 characters" },
      ]),
    });

    expect(problem).toEqual({
      status: 422,
      code: "validation_error",
      message: "Some fields are not valid.",
      fields: {
        email: "Value is not a valid email address.",
        password: "String should have at least 8 characters",
      },
    });
  });

  it("files nested fields under their top-level field, first message first", () => {
    const problem = describeApiError({
      status: 422,
      data: errorEnvelope("validation_error", "Some fields are not valid.", [
        { field: "interests.3", message: "String should have at most 40 characters" },
        { field: "interests.7", message: "Another one" },
        { field: "body", message: "Field required" },
      ]),
    });

    expect(problem.fields).toEqual({ interests: "String should have at most 40 characters" });
  });

  it("keeps the code and message of other errors, with no fields", () => {
    expect(
      describeApiError({
        status: 409,
        data: errorEnvelope("email_taken", "An account with this e-mail already exists."),
      }),
    ).toEqual({
      status: 409,
      code: "email_taken",
      message: "An account with this e-mail already exists.",
      fields: {},
    });
  });

  it("explains a network failure in words a student understands", () => {
    const problem = describeApiError({ status: "FETCH_ERROR", error: "TypeError: Failed to fetch" });
    expect(problem.code).toBe("network");
    expect(problem.status).toBeNull();
    expect(problem.message).toMatch(/can't reach Quad/);
  });

  it("handles a proxy's HTML error page", () => {
    const problem = describeApiError({
      status: "PARSING_ERROR",
      originalStatus: 502,
      data: "<html>Bad gateway</html>",
      error: "SyntaxError",
    });
    expect(problem).toMatchObject({ status: 502, code: "unavailable" });
  });

  it("never throws on something unexpected", () => {
    expect(describeApiError(new Error("boom"))).toMatchObject({ code: "unknown", fields: {} });
    expect(describeApiError(undefined)).toMatchObject({ code: "unknown" });
  });
});
