// A trainer takes the roll of the demo Bayankhongor event on a 360-px phone: first without
// JavaScript (each tap a form post), then with it and no signal (taps queued, the page reloaded from
// the phone's copy, everything sent when the connection comes back). Also the QR page and a
// learner's check-in page.
import { mkdirSync } from "node:fs";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import Database from "better-sqlite3";
import { expectAccessible } from "./axe";
import { signIn } from "./sign-in";

const PHONE = { width: 360, height: 740 };
const SHOTS = process.env.SHOTS_DIR ?? "/tmp/shots-roll";
mkdirSync(SHOTS, { recursive: true });

interface Demo {
  eventId: string;
  sessions: string[];
  learner: string;
  ganzorig: string;
}

/** The demo event next week in Bayankhongor, read from the e2e database the server was seeded with. */
function demoEvent(): Demo {
  const file = (process.env.E2E_DATABASE_URL ?? "file:data/e2e.sqlite").slice("file:".length);
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const event = sqlite
      .prepare("select id from training_event where aimag_code = 'MN-069' and starts_at > ? and status = 'scheduled' order by starts_at limit 1")
      .get(new Date().toISOString()) as { id: string };
    const sessions = (sqlite.prepare("select id from event_session where event_id = ? order by starts_at").all(event.id) as { id: string }[]).map((s) => s.id);
    const user = (email: string) => (sqlite.prepare("select id from users where email = ?").get(email) as { id: string }).id;
    return { eventId: event.id, sessions, learner: user("learner@erdem.mn"), ganzorig: user("ganzorig@erdem.mn") };
  } finally {
    sqlite.close();
  }
}

/** The marks the server stored for a session, by user id. */
function storedMarks(sessionId: string): Record<string, string> {
  const sqlite = new Database((process.env.E2E_DATABASE_URL ?? "file:data/e2e.sqlite").slice("file:".length), { readonly: true, fileMustExist: true });
  try {
    const rows = sqlite.prepare("select user_id, mark from attendance where session_id = ?").all(sessionId) as { user_id: string; mark: string }[];
    return Object.fromEntries(rows.map((r) => [r.user_id, r.mark]));
  } finally {
    sqlite.close();
  }
}

async function phone(browser: Browser, opts: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: PHONE, locale: "mn-MN", ...opts });
  return { context, page: await context.newPage() };
}

const markButton = (page: Page, userId: string, label: string) => page.locator(`#row-${userId}`).getByRole("button", { name: label, exact: true });

test("without JavaScript, each tap is a form post that comes back to the row with the mark shown", async ({ browser }) => {
  const demo = demoEvent();
  const { context, page } = await phone(browser, { javaScriptEnabled: false });
  await signIn(page, "trainer@erdem.mn");
  const path = `/events/${demo.eventId}/sessions/${demo.sessions[0]}`;
  await page.goto(path);
  await expect(page.getByRole("heading", { name: "Ирц бүртгэх" })).toBeVisible();
  await expect(markButton(page, demo.learner, "Ирсэн")).toHaveAttribute("aria-pressed", "false");

  await markButton(page, demo.learner, "Ирсэн").click();
  await page.waitForURL((url) => url.pathname === path && url.hash === `#row-${demo.learner}`);
  await expect(markButton(page, demo.learner, "Ирсэн")).toHaveAttribute("aria-pressed", "true");

  await markButton(page, demo.ganzorig, "Хоцорсон").click();
  await page.waitForURL((url) => url.hash === `#row-${demo.ganzorig}`);
  await expect(markButton(page, demo.ganzorig, "Хоцорсон")).toHaveAttribute("aria-pressed", "true");
  await expect(markButton(page, demo.learner, "Ирсэн")).toHaveAttribute("aria-pressed", "true");
  expect(storedMarks(demo.sessions[0])).toEqual({ [demo.learner]: "present", [demo.ganzorig]: "late" });
  // the buttons are big enough for a thumb and share the row's width
  const box = await markButton(page, demo.learner, "Ирээгүй").boundingBox();
  expect(box?.height).toBeGreaterThanOrEqual(44);
  expect(box?.width).toBeGreaterThan(130);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/roll-call-nojs-360.png`, fullPage: true });
  const html = await page.content();

  // the QR page reloads itself without JavaScript
  await page.goto(`${path}/qr`);
  await expect(page.getByRole("img", { name: "Өөрөө бүртгүүлэх QR код" })).toBeVisible();
  expect(await page.locator('noscript meta[http-equiv="refresh"], meta[http-equiv="refresh"]').count()).toBeGreaterThan(0);
  await context.close();

  // axe runs as a script: it checks the same markup, as served without JavaScript, in a page that may run it
  const checker = await phone(browser);
  await checker.page.route("**/axe-check", (route) => route.fulfill({ contentType: "text/html", body: html.replace(/<script\b[\s\S]*?<\/script>/g, "") }));
  await checker.page.goto("/axe-check");
  await expect(markButton(checker.page, demo.learner, "Ирсэн")).toHaveAttribute("aria-pressed", "true");
  await expectAccessible(checker.page);
  await checker.context.close();
});

test("with no signal, taps are queued, survive a reload and are sent when the connection returns", async ({ browser }) => {
  const demo = demoEvent();
  const { context, page } = await phone(browser);
  await signIn(page, "trainer@erdem.mn");
  const path = `/events/${demo.eventId}/sessions/${demo.sessions[1]}`;
  await page.goto(path);
  const status = page.locator("[data-pending]");
  await expect(status).toContainText("Бүх тэмдэглэгээ илгээгдсэн");
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await expect(page.locator("[data-offline-ready='true']")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/roll-call-online-360.png`, fullPage: true });
  await expectAccessible(page);

  await context.setOffline(true);
  // proof that the copy is the phone's: a roll call never opened here does not load without signal, this one does
  await expect(page.goto(`/events/${demo.eventId}/sessions/${demo.sessions[0]}`)).rejects.toThrow();
  await page.waitForURL(/^chrome-error:/);
  expect((await page.goto(path))?.fromServiceWorker()).toBe(true);
  await expect(status).toContainText("Сүлжээгүй");
  await markButton(page, demo.learner, "Ирсэн").click();
  await markButton(page, demo.ganzorig, "Хоцорсон").click();
  await markButton(page, demo.learner, "Ирээгүй").click();
  await expect(status).toContainText("3 марк илгээгдээгүй");
  await expect(markButton(page, demo.learner, "Ирээгүй")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByText("Хүн нэмэхэд сүлжээ хэрэгтэй.")).toBeVisible();

  // reloaded with no signal: the phone's copy of the page, with the queued marks on it
  const reloaded = await page.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true);
  await expect(status).toContainText("3 марк илгээгдээгүй");
  await expect(markButton(page, demo.learner, "Ирээгүй")).toHaveAttribute("aria-pressed", "true");
  await expect(markButton(page, demo.ganzorig, "Хоцорсон")).toHaveAttribute("aria-pressed", "true");
  await page.screenshot({ path: `${SHOTS}/roll-call-offline-360.png`, fullPage: false });

  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event("online")));
  await expect(status).toContainText("Бүх тэмдэглэгээ илгээгдсэн", { timeout: 20_000 });

  // what the server has now: the later of the two taps for the learner, each mark once
  expect(storedMarks(demo.sessions[1])).toEqual({ [demo.learner]: "absent", [demo.ganzorig]: "late" });
  await page.reload();
  await expect(markButton(page, demo.learner, "Ирээгүй")).toHaveAttribute("aria-pressed", "true");
  await expect(markButton(page, demo.ganzorig, "Хоцорсон")).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("dl")).toContainText("Хоцорсон1");
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${SHOTS}/roll-call-desktop.png`, fullPage: true });
  await context.close();
});

/** Moves a demo session to now (it is next week), so that a learner can check in to it. */
function sessionIsOnNow(sessionId: string) {
  const sqlite = new Database((process.env.E2E_DATABASE_URL ?? "file:data/e2e.sqlite").slice("file:".length), { fileMustExist: true });
  try {
    sqlite.pragma("busy_timeout = 5000");
    const now = Date.now();
    sqlite
      .prepare("update event_session set starts_at = ?, ends_at = ? where id = ?")
      .run(new Date(now - 3600_000).toISOString(), new Date(now + 3 * 3600_000).toISOString(), sessionId);
  } finally {
    sqlite.close();
  }
}

test("the QR page shows a code that checks in a signed-in learner; a stale code is refused", async ({ browser }) => {
  const demo = demoEvent();
  sessionIsOnNow(demo.sessions[0]);
  const trainer = await phone(browser);
  await signIn(trainer.page, "trainer@erdem.mn");
  await trainer.page.goto(`/events/${demo.eventId}/sessions/${demo.sessions[0]}/qr`);
  const readCode = async () => (await trainer.page.locator(".font-mono").innerText()).replace(/^.*:\s*/s, "").trim();
  const code = await readCode();
  const shownAt = Date.now();
  expect(code).toMatch(/^\d+\.[A-Za-z0-9_-]{16}$/);
  await expect(trainer.page.getByText(/Шинэ код \d+ секундийн дараа/)).toBeVisible();
  await expect(trainer.page.getByText("Өөрөө бүртгүүлсэн: 0")).toBeVisible();
  await trainer.page.screenshot({ path: `${SHOTS}/qr-360.png`, fullPage: true });
  await expectAccessible(trainer.page);
  // with JavaScript the picture and the code change every step without reloading the page
  await expect.poll(readCode, { timeout: 15_000 }).not.toBe(code);

  const learner = await phone(browser);
  const url = `/check-in/${demo.sessions[0]}?c=${encodeURIComponent(await readCode())}`;
  await learner.page.goto(url);
  await learner.page.waitForURL(/\/login/);
  await learner.page.getByLabel("Цахим шуудан").fill("tuvshin@erdem.mn");
  await learner.page.getByLabel("Нууц үг").fill("erdem-demo-2026");
  await learner.page.getByRole("main").getByRole("button", { name: "Нэвтрэх" }).click();
  await learner.page.waitForURL((u) => u.pathname.startsWith("/check-in/"));
  await expect(learner.page.getByRole("heading", { name: "Ирцээ бүртгүүлэх" })).toBeVisible();
  await learner.page.screenshot({ path: `${SHOTS}/check-in-360.png`, fullPage: true });
  await expectAccessible(learner.page);
  await learner.page.getByRole("button", { name: "Ирснээ бүртгүүлэх" }).click();
  await expect(learner.page.getByRole("status").filter({ hasText: "ирсэн гэж бүртгэгдлээ" })).toBeVisible();
  await learner.page.screenshot({ path: `${SHOTS}/check-in-done-360.png`, fullPage: true });
  // not registered before: checked in as a walk-in, present
  expect(Object.values(storedMarks(demo.sessions[0])).filter((m) => m === "present")).toHaveLength(2);
  await expect(trainer.page.getByText("Өөрөө бүртгүүлсэн: 1")).toBeVisible({ timeout: 15_000 });

  // a photo of the code passed on: half a minute after it was shown it is refused
  const stale = `/check-in/${demo.sessions[0]}?c=${encodeURIComponent(code)}`;
  await learner.page.waitForTimeout(Math.max(0, 31_000 - (Date.now() - shownAt)));
  await learner.page.goto(stale);
  await expect(learner.page.getByRole("alert")).toContainText("Кодын хугацаа дууссан");
  await learner.page.screenshot({ path: `${SHOTS}/check-in-expired-360.png`, fullPage: true });
  await trainer.context.close();
  await learner.context.close();
});

test("a later mark by a second trainer stands over a phone's offline tap, and the phone says who changed it", async ({ browser }) => {
  const demo = demoEvent();
  const path = `/events/${demo.eventId}/sessions/${demo.sessions[1]}`;
  const { context, page } = await phone(browser);
  await signIn(page, "trainer@erdem.mn");
  await page.goto(path);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await context.setOffline(true);
  await markButton(page, demo.ganzorig, "Ирсэн").click();
  await expect(page.locator("[data-pending]")).toContainText("1 марк илгээгдээгүй");

  // meanwhile an administrator, with signal, marks him excused
  const other = await phone(browser, { javaScriptEnabled: false });
  await signIn(other.page, "admin@erdem.mn");
  await other.page.goto(path);
  await markButton(other.page, demo.ganzorig, "Чөлөөтэй").click();
  await expect(markButton(other.page, demo.ganzorig, "Чөлөөтэй")).toHaveAttribute("aria-pressed", "true");
  await other.context.close();

  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event("online")));
  await expect(page.locator("[data-pending]")).toContainText("Бүх тэмдэглэгээ илгээгдсэн", { timeout: 20_000 });
  await expect(markButton(page, demo.ganzorig, "Чөлөөтэй")).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator(`#row-${demo.ganzorig}`)).toContainText(/өөрчилсөн: түүний тэмдэглэгээ хүчинтэй/);
  expect(storedMarks(demo.sessions[1])[demo.ganzorig]).toBe("excused");
  await page.locator(`#row-${demo.ganzorig}`).screenshot({ path: `${SHOTS}/roll-call-superseded-360.png` });
  await context.close();
});
