import type { Course, Tokens, University, UserMe } from "@/lib/api-schema";

/** Test data shaped by the generated API types: override only what a test is about. */

let sequence = 0;
const next = () => (sequence += 1);

export function buildUniversity(overrides: Partial<University> = {}): University {
  const n = next();
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    name: `University ${n}`,
    country: "United Kingdom",
    domains: [`u${n}.ac.uk`],
    ...overrides,
  };
}

export function buildUserMe(overrides: Partial<UserMe> = {}): UserMe {
  const n = next();
  const university = buildUniversity({ name: "University College London", domains: ["ucl.ac.uk"] });
  return {
    id: `10000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    first_name: "Ada",
    last_name: "Lovelace",
    email: `ada${n}@ucl.ac.uk`,
    email_verified: false,
    verified_student: false,
    university: { id: university.id, name: university.name, country: university.country },
    course: "Mathematics",
    bio: "",
    interests: [],
    avatar_url: null,
    friendship_status: "self",
    created_at: "2026-09-01T10:00:00.000000Z",
    ...overrides,
  };
}

export function buildCourse(overrides: Partial<Course> = {}): Course {
  return { name: "Computer Science", student_count: 12, ...overrides };
}

export function buildTokens(accessToken = `access-${next()}`): Tokens {
  return { access_token: accessToken, refresh_token: `refresh-${next()}`, token_type: "bearer", expires_in: 900 };
}

export function errorEnvelope(code: string, message: string, details?: Array<{ field: string; message: string }>) {
  return { error: { code, message, ...(details ? { details } : {}) } };
}
