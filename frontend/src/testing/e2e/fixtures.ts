import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import AxeBuilder from "@axe-core/playwright";
import { test as base, type Page } from "@playwright/test";

import { e2eValue } from "./env";
import { Mailbox } from "./mailbox";

const SCREENSHOTS = fileURLToPath(new URL("../../../screenshots", import.meta.url));
export const WIDTHS = [390, 1280] as const;
const STILL = "*, *::before, *::after { transition: none !important; animation: none !important; }";

let shot = 0;

/**
 * Checks the page against WCAG 2.1 A and AA with axe-core (labels, names, contrast, ARIA,
 * landmarks). Serious and critical findings fail the test with a readable list.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const blocking = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = blocking.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`,
  );
  if (report.length > 0) throw new Error(`Accessibility problems on ${screen}:\n  ${report.join("\n  ")}`);
}

/**
 * Saves the page as a phone (390 px) and a desktop (1280 px) sees it, full length, then puts
 * the viewport back. Names are numbered in journey order: `03-register-errors-390.png`.
 */
export async function snapshot(page: Page, name: string, { dark = false } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  shot += 1;
  const original = page.viewportSize();
  // Colours ease between light and dark over 150 ms; a contrast check (or a picture) taken
  // mid-way would judge a colour no student ever sees at rest.
  await page.addStyleTag({ content: STILL });
  if (dark) await page.emulateMedia({ colorScheme: "dark" });
  for (const width of WIDTHS) {
    const height = width < 600 ? 844 : 800;
    await page.setViewportSize({ width, height });
    // Let layout settle (fonts, images, media queries) before the picture.
    await page.waitForLoadState("networkidle");
    await page.evaluate(() => document.fonts.ready);
    // A viewport as tall as the page instead of Playwright's stitched full-page capture:
    // sticky and fixed bars (top bar, phone tab bar) then sit where a student sees them.
    const fullHeight = await page.evaluate(() => {
      window.scrollTo(0, 0);
      return document.documentElement.scrollHeight;
    });
    await page.setViewportSize({ width, height: Math.max(height, fullHeight) });
    await expectAccessible(page, `${name}${dark ? " (dark)" : ""} at ${width} px`);
    await page.screenshot({
      path: join(SCREENSHOTS, `${String(shot).padStart(2, "0")}-${name}${dark ? "-dark" : ""}-${width}.png`),
      animations: "disabled",
      caret: "hide",
    });
  }
  if (dark) await page.emulateMedia({ colorScheme: "light" });
  if (original) await page.setViewportSize(original);
}

export const test = base.extend<{ mailbox: Mailbox; secondBaseURL: string }>({
  baseURL: async ({}, use) => use(e2eValue("baseUrl")),
  /** The other server process (same database, same Redis): a student there is a process away. */
  secondBaseURL: async ({}, use) => use(e2eValue("secondBaseUrl")),
  mailbox: async ({}, use) => use(new Mailbox(e2eValue("mailDir"))),
});

export { expect } from "@playwright/test";
