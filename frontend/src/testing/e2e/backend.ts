import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";

export interface BackendOptions {
  /** The `quad` executable of the backend's virtual environment. */
  executable: string;
  port: number;
  databaseUrl: string;
  dataDir: string;
  smtpPort: number;
  webDistDir: string;
  logFile: string;
  /** The backplane the processes share; without it, events stay in their process. */
  redisUrl?: string;
}

export interface RunningBackend {
  url: string;
  stop(): Promise<void>;
}

const POSTGRES = ["-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-d", "postgres"];

export function createDatabase(name: string): void {
  const result = spawnSync("psql", [...POSTGRES, "-c", `CREATE DATABASE "${name}"`], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`Could not create database ${name}: ${result.stderr || result.error}`);
}

export function dropDatabase(name: string): void {
  spawnSync("psql", [...POSTGRES, "-c", `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`], { encoding: "utf8" });
}

async function waitUntilReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The backend exited with code ${child.exitCode}; see its log.`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The backend was not ready within ${timeoutMs} ms; see its log.`);
}

/**
 * Starts the real API (which migrates its fresh database and serves the built web app) in a
 * process group of its own, so stopping it stops every process it started.
 */
export async function startBackend(options: BackendOptions): Promise<RunningBackend> {
  if (!existsSync(options.executable)) {
    throw new Error(`No backend at ${options.executable}: create its venv first (cd backend && uv sync).`);
  }
  const url = `http://127.0.0.1:${options.port}`;
  const log = createWriteStream(options.logFile);
  const child = spawn(options.executable, ["serve"], {
    detached: true, // setsid: its own process group
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? "/tmp",
      LANG: "C.UTF-8",
      NODE_ENV: "test",
      DATABASE_URL: options.databaseUrl,
      HOST: "127.0.0.1",
      PORT: String(options.port),
      DATA_DIR: options.dataDir,
      FRONTEND_URL: url,
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: String(options.smtpPort),
      SMTP_TLS: "none",
      MAIL_FROM: "Quad <no-reply@quad.localhost>",
      BCRYPT_ROUNDS: "4",
      WEB_DIST_DIR: options.webDistDir,
      LOG_FORMAT: "text",
      LOG_LEVEL: "INFO",
      ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    },
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);

  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return;
    }
    const timedOut = await Promise.race([
      exited.then(() => false),
      new Promise<boolean>((r) => setTimeout(() => r(true), 10_000)),
    ]);
    if (timedOut) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  };

  try {
    await waitUntilReady(url, child, 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
