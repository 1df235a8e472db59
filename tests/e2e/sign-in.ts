// What the journeys share: signing in through the form as a demo account, and screenshots at a
// phone's and a desktop's width (SHOTS_DIR, /tmp by default) to look at after a run.
import { mkdirSync } from "node:fs";
import { expect, type Page } from "@playwright/test";

/** Every demo account's password (db/seed.ts). */
export const DEMO_PASSWORD = "erdem-demo-2026";

/** Signs in through the log-in form and waits until the app has moved on from it. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Цахим шуудан").fill(email);
  await page.getByLabel("Нууц үг").fill(password);
  await page.getByRole("main").getByRole("button", { name: "Нэвтрэх" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
}

export const SHOTS = process.env.SHOTS_DIR ?? "/tmp";

/**
 * A screenshot function for one journey: `<prefix>-<name>-360.png` and `-1280.png`, full page.
 * `phoneFits` also checks that nothing is wider than the phone (no sideways scrolling).
 */
export function shooter(prefix: string, { phoneFits = false }: { phoneFits?: boolean } = {}) {
  return async (page: Page, name: string) => {
    mkdirSync(SHOTS, { recursive: true });
    await page.setViewportSize({ width: 360, height: 740 });
    if (phoneFits) expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: `${SHOTS}/${prefix}-${name}-360.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: `${SHOTS}/${prefix}-${name}-1280.png`, fullPage: true });
  };
}
