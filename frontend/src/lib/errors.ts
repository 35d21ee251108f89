import type { ErrorEnvelope } from "./api-schema";

/** An API failure as a screen needs it: what to say, and which fields to mark. */
export interface ApiProblem {
  /** HTTP status, or null when the server was not reached. */
  status: number | null;
  /** The contract's stable code (`email_taken`), or `network` / `unknown`. */
  code: string;
  message: string;
  /** Field name (the API's, top level: `interests.3` counts for `interests`) → message. */
  fields: Record<string, string>;
}

const NETWORK_MESSAGE = "We can't reach Quad right now. Check your connection and try again.";
const UNKNOWN_MESSAGE = "Something went wrong on our side. Please try again.";

function isEnvelope(value: unknown): value is ErrorEnvelope {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === "object" && error !== null && "code" in error && "message" in error;
}

function fieldsOf(details: ErrorEnvelope["error"]["details"]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const detail of details ?? []) {
    const field = typeof detail.field === "string" ? detail.field.split(".")[0] : undefined;
    const message = typeof detail.message === "string" ? detail.message : undefined;
    if (field && field !== "body" && message && !(field in fields)) fields[field] = message;
  }
  return fields;
}

/**
 * Reads any error thrown by an RTK Query call (`.unwrap()`), an upload, or code, and
 * returns what to tell the student. 422 details become per-field messages.
 */
export function describeApiError(error: unknown): ApiProblem {
  if (typeof error === "object" && error !== null && "status" in error) {
    const { status, data } = error as { status: unknown; data?: unknown; originalStatus?: number };
    if (status === "FETCH_ERROR" || status === "TIMEOUT_ERROR") {
      return { status: null, code: "network", message: NETWORK_MESSAGE, fields: {} };
    }
    const httpStatus =
      typeof status === "number" ? status : ((error as { originalStatus?: number }).originalStatus ?? null);
    if (isEnvelope(data)) {
      return {
        status: httpStatus,
        code: data.error.code,
        message: data.error.message,
        fields: fieldsOf(data.error.details),
      };
    }
    if (httpStatus === 502 || httpStatus === 503 || httpStatus === 504) {
      return {
        status: httpStatus,
        code: "unavailable",
        message: "Quad is briefly unavailable. Try again in a moment.",
        fields: {},
      };
    }
    return { status: httpStatus, code: "unknown", message: UNKNOWN_MESSAGE, fields: {} };
  }
  return { status: null, code: "unknown", message: UNKNOWN_MESSAGE, fields: {} };
}
