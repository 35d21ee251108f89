/** Checks the browser can make before asking the server (which checks again). */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const PASSWORD_MIN_CHARS = 8;
export const PASSWORD_MAX_BYTES = 72;

export function emailProblem(value: string): string | undefined {
  if (!value.trim()) return "Enter your e-mail address.";
  if (!EMAIL.test(value.trim())) return "Enter an e-mail address like name@university.edu.";
  return undefined;
}

/** bcrypt reads 72 bytes of UTF-8, so that is the limit, not a number of characters. */
export function newPasswordProblem(value: string): string | undefined {
  if (!value) return "Choose a password.";
  if ([...value].length < PASSWORD_MIN_CHARS) return `Use at least ${PASSWORD_MIN_CHARS} characters.`;
  if (new TextEncoder().encode(value).length > PASSWORD_MAX_BYTES) {
    return "That password is too long: keep it under 72 bytes (about 70 letters).";
  }
  return undefined;
}

export function requiredProblem(value: string, message: string): string | undefined {
  return value.trim() ? undefined : message;
}
