#!/usr/bin/env node
// Generates src/lib/generated/api-types.ts from the backend's OpenAPI document.
//   npm run gen:api -- [path/to/openapi.json]     (or OPENAPI_JSON=path)
//   npm run check:api -- [path/to/openapi.json]   exits 1 when the committed file is stale
// The Makefile writes the document with `quad openapi -o frontend/.openapi.json` first.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "src/lib/generated/api-types.ts");
const args = process.argv.slice(2);
const check = args.includes("--check");
const source = resolve(
  args.find((a) => !a.startsWith("--")) ?? process.env.OPENAPI_JSON ?? join(root, ".openapi.json"),
);

if (!existsSync(source)) {
  console.error(`No OpenAPI document at ${source}.`);
  console.error("Write one with: cd backend && uv run quad openapi -o ../frontend/.openapi.json");
  process.exit(2);
}

function generate(output) {
  execFileSync(
    process.execPath,
    [
      join(root, "node_modules/openapi-typescript/bin/cli.js"),
      source,
      "--output",
      output,
      "--alphabetize",
      "--default-non-nullable=false",
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
}

if (!check) {
  generate(target);
  console.log(`Wrote ${target}`);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), "quad-api-types-"));
try {
  const fresh = join(dir, "api-types.ts");
  generate(fresh);
  const current = existsSync(target) ? readFileSync(target, "utf8") : "";
  if (readFileSync(fresh, "utf8") !== current) {
    console.error("src/lib/generated/api-types.ts is stale: run `npm run gen:api` and commit it.");
    process.exit(1);
  }
  console.log("API types are up to date.");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
