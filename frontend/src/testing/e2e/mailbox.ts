import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import type { CaughtMail } from "./mail-catcher";

function readAll(dir: string): CaughtMail[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(dir, name), "utf8")) as CaughtMail);
}

/** The mailbox the SMTP catcher fills, read from a test. */
export class Mailbox {
  constructor(private readonly dir: string) {}

  /** Waits for the newest mail to `to` whose subject contains `subject`, sent after `since`. */
  async waitFor(to: string, subject: string, since: number, timeoutMs = 15_000): Promise<CaughtMail> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = readAll(this.dir)
        .filter(
          (mail) => mail.to.includes(to.toLowerCase()) && mail.subject.includes(subject) && mail.receivedAt >= since,
        )
        .pop();
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    throw new Error(`No mail "${subject}" to ${to} within ${timeoutMs} ms`);
  }
}

/** The first link in a mail's text that goes to `path` on the web app. */
export function linkIn(mail: CaughtMail, path: string): string {
  const match = mail.text.match(new RegExp(`https?://\\S+${path.replace(/[/?]/g, "\\$&")}\\?token=[^\\s<>"]+`));
  if (!match) throw new Error(`No ${path} link in mail "${mail.subject}":\n${mail.text}`);
  return match[0];
}
