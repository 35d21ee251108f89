import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { createDatabase, dropDatabase, startBackend, type RunningBackend } from "./backend";
import { E2E_ENV } from "./env";
import { startMailCatcher } from "./mail-catcher";
import { freePort } from "./ports";

const FRONTEND = fileURLToPath(new URL("../../..", import.meta.url));
const OUT = join(FRONTEND, "out");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "testing") newest = Math.max(newest, newestSource(path));
    } else {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

/** The suite tests the static export the API serves; build it when missing or older than src/. */
function ensureFreshBuild(): void {
  const index = join(OUT, "index.html");
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource(join(FRONTEND, "src"))) return;
  console.log("[e2e] building the web app (out/ is missing or older than src/)");
  execFileSync("npx", ["next", "build"], {
    cwd: FRONTEND,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
}

/**
 * A world of its own for the suite: a fresh PostgreSQL database, an SMTP catcher, and two
 * processes of the real backend sharing it and Redis, each serving the freshly built web app.
 * Journeys use the first; one across processes puts its second student on the other.
 * Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  ensureFreshBuild();

  const scratch = mkdtempSync(join(tmpdir(), "quad-e2e-"));
  const logDir = join(FRONTEND, "e2e-logs");
  mkdirSync(logDir, { recursive: true });
  rmSync(join(FRONTEND, "screenshots"), { recursive: true, force: true });

  const database = `quad_e2e_${Date.now()}_${process.pid}`;
  createDatabase(database);

  const [smtpPort, apiPort, secondApiPort] = [await freePort(), await freePort(), await freePort()];
  const mailDir = join(scratch, "mail");
  const mail = await startMailCatcher(smtpPort, mailDir);

  const serve = (port: number, name: string) =>
    startBackend({
      executable: process.env.QUAD_BIN ?? join(FRONTEND, "..", "backend", ".venv", "bin", "quad"),
      port,
      databaseUrl: `postgresql+asyncpg://postgres@127.0.0.1:5432/${database}`,
      dataDir: join(scratch, "data"),
      smtpPort,
      webDistDir: OUT,
      logFile: join(logDir, `${name}.log`),
      redisUrl: process.env.QUAD_E2E_REDIS_URL ?? "redis://127.0.0.1:6379/0",
    });
  const backends: RunningBackend[] = [];
  try {
    // One after the other: the first migrates the fresh database.
    backends.push(await serve(apiPort, "backend"));
    backends.push(await serve(secondApiPort, "backend-2"));
  } catch (error) {
    for (const running of backends) await running.stop();
    await mail.stop();
    dropDatabase(database);
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  const [backend, second] = backends as [RunningBackend, RunningBackend];

  process.env[E2E_ENV.baseUrl] = backend.url;
  process.env[E2E_ENV.secondBaseUrl] = second.url;
  process.env[E2E_ENV.mailDir] = mailDir;
  console.log(
    `[e2e] backend at ${backend.url} and ${second.url} (one database, one Redis), database ${database}, ` +
      "logs e2e-logs/backend.log and backend-2.log",
  );

  return async () => {
    for (const running of backends) await running.stop();
    await mail.stop();
    dropDatabase(database);
    rmSync(scratch, { recursive: true, force: true });
  };
}
