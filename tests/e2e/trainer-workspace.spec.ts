// The trainer's journey: the demo trainer (listed in the cyber-hygiene course, and a trainer of the
// service operators' events) opens their workspace from the menu, previews the exam with its answer
// key, in one language and both side by side, and opens its statistics; without JavaScript too. An
// administrator assigns and removes a course's trainer. A learner is refused the key. SHOTS_DIR
// keeps each page at 360 and 1280 px for looking at.
import { mkdirSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { expectAccessible } from "./axe";

const SHOTS = process.env.SHOTS_DIR ?? "/tmp";
const COURSE = "ict-cyber-hygiene";
const COURSE_TITLE = "Төрийн албан хаагчийн МХТ-ийн ур чадвар ба кибер эрүүл ахуй";
const EXAM_TITLE = "Эцсийн шалгалт: МХТ-ийн ур чадвар ба кибер эрүүл ахуй";
const KEY = `/courses/${COURSE}/preview/quizzes/final-exam`;

async function signIn(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Цахим шуудан").fill(email);
  await page.getByLabel("Нууц үг").fill("erdem-demo-2026");
  await page.getByRole("main").getByRole("button", { name: "Нэвтрэх" }).click();
  await page.waitForURL((url) => url.pathname === "/");
}

async function shoot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 360, height: 740 });
  // nothing wider than the phone: no sideways scrolling
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.screenshot({ path: `${SHOTS}/trainer-workspace-${name}-360.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${SHOTS}/trainer-workspace-${name}-1280.png`, fullPage: true });
}

test("a trainer opens their workspace, previews the exam with its key, side by side, and opens its statistics", async ({ page, browser }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "trainer@erdem.mn");
  await page.getByRole("navigation", { name: "Үндсэн цэс" }).getByRole("link", { name: "Сургагч багш" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Сургагч багшийн ажлын талбар" })).toBeVisible();
  // the listed course (every aimag) and the course of their events (their events' aimags)
  await expect(page.getByRole("heading", { level: 2, name: COURSE_TITLE })).toBeVisible();
  await expect(page.getByText("Бүх аймгийн суралцагч")).toBeVisible();
  await expect(page.getByText(/Суралцагч: \S/).first()).toBeVisible();
  await expectAccessible(page);
  await shoot(page, "home");

  await page.getByRole("link", { name: `Урьдчилан харах: ${COURSE_TITLE}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Урьдчилан харах: ${COURSE_TITLE}` })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Хичээлүүд" })).toBeVisible();
  await expectAccessible(page);
  await shoot(page, "outline");

  await page.getByRole("link", { name: `Зөв хариутай харах: ${EXAM_TITLE}` }).click();
  await expect(page).toHaveURL(new RegExp(`${KEY}$`));
  await expect(page.getByRole("heading", { level: 1, name: EXAM_TITLE })).toBeVisible();
  await expect(page.getByRole("note")).toContainText("зөв хариултууд харагдаж байна");
  await expect(page.getByText("Зөв", { exact: true }).first()).toBeVisible();
  await expect(page.getByText("Тайлбар", { exact: true }).first()).toBeVisible();
  await expectAccessible(page);
  await shoot(page, "key");

  await page.getByRole("link", { name: "Хоёр хэлээр зэрэгцүүлж харах" }).click();
  await expect(page).toHaveURL(/both=1/);
  await expect(page.locator('[lang="en"]').filter({ hasText: "Final exam: ICT skills and cyber hygiene" })).toBeVisible();
  expect(await page.locator('li [lang="en"]').count()).toBeGreaterThan(5);
  expect(await page.locator('li [lang="mn"]').count()).toBe(await page.locator('li [lang="en"]').count());
  await expectAccessible(page);
  await shoot(page, "key-both");

  await page.getByRole("link", { name: "Статистик" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Шалгалтын статистик" })).toBeVisible();

  // the key page without JavaScript: server-rendered, the language switch a plain link
  const noJs = await browser.newContext({ javaScriptEnabled: false, locale: "mn-MN", storageState: await page.context().storageState() });
  const plain = await noJs.newPage();
  await plain.goto(KEY);
  await plain.getByRole("link", { name: "Хоёр хэлээр зэрэгцүүлж харах" }).click();
  await expect(plain.locator('[lang="en"]').first()).toBeVisible();
  await noJs.close();
});

test("an administrator assigns a course's trainer, with a message for a wrong address, and removes them", async ({ page }) => {
  await signIn(page, "admin@erdem.mn");
  await page.goto("/admin/courses/internal-operations-system/trainers");
  await expect(page.getByRole("heading", { level: 1, name: "Сургалтын сургагч багш нар" })).toBeVisible();
  await page.getByLabel("Сургагч багшийн цахим шуудан").fill("khulan@erdem.mn");
  await page.getByRole("button", { name: "Сургагч багш нэмэх" }).click();
  await expect(page.getByText("Энэ хэрэглэгч «Сургагч багш» эрхгүй.", { exact: false })).toBeVisible();
  await expect(page.getByLabel("Сургагч багшийн цахим шуудан")).toHaveValue("khulan@erdem.mn");
  await page.getByLabel("Сургагч багшийн цахим шуудан").fill("trainer@erdem.mn");
  await page.getByRole("button", { name: "Сургагч багш нэмэх" }).click();
  await expect(page.getByRole("status")).toHaveText("Сургагч багш нэмэгдлээ.");
  await expect(page.getByRole("button", { name: /сургалтаас хасах$/ })).toHaveCount(1);
  await expectAccessible(page);
  await shoot(page, "admin-assign");
  await page.getByRole("button", { name: /сургалтаас хасах$/ }).click();
  await expect(page.getByRole("status")).toHaveText("Сургагч багшийг хаслаа.");
});

test("a learner is refused the key", async ({ page }) => {
  await signIn(page, "khulan@erdem.mn");
  for (const url of [KEY, `/courses/${COURSE}/preview`, "/trainer"]) {
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Хандах эрхгүй");
    expect(await page.content()).not.toContain("Тайлбар");
  }
});
