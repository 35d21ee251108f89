/** What global setup hands to the test workers (through the environment). */
export const E2E_ENV = {
  baseUrl: "QUAD_E2E_BASE_URL",
  /** A second server process on the same database and Redis, for journeys across processes. */
  secondBaseUrl: "QUAD_E2E_SECOND_BASE_URL",
  mailDir: "QUAD_E2E_MAIL_DIR",
} as const;

export function e2eValue(name: keyof typeof E2E_ENV): string {
  const value = process.env[E2E_ENV[name]];
  if (!value) throw new Error(`${E2E_ENV[name]} is not set: run the suite with \`npm run e2e\`.`);
  return value;
}
