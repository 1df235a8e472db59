import { expect, test } from "@playwright/test";
import { expectAccessible } from "./axe";
import { signIn, shooter } from "./sign-in";

const STATS = "/courses/e-mongolia-service-operators/quizzes/final-exam/stats";
const shoot = shooter("exam-statistics", { phoneFits: true });

test("a trainer reads the exam's statistics and downloads them, with and without JavaScript", async ({ page, browser }) => {
  await signIn(page, "trainer@erdem.mn");
  await page.goto(STATS);
  await expect(page.getByRole("heading", { level: 1, name: "Шалгалтын статистик" })).toBeVisible();
  for (const term of ["Оролдлого", "Суралцагч", "Тэнцсэн хувь", "Медиан оноо"]) await expect(page.getByRole("term").filter({ hasText: term })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Асуулт тус бүрээр" })).toBeVisible();
  await expect(page.getByText("Ялгах чадвар D = p дээд − p доод", { exact: false })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Оролдлогууд" })).toBeVisible();
  await expectAccessible(page);
  await shoot(page, "trainer");

  const csv = await page.request.get(`${STATS}/export?table=questions&format=csv`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect((await csv.text()).split("\r\n")[0]).toContain("Хөнгөвчлөл (p)");
  const xlsx = await page.request.get(`${STATS}/export?table=attempts&format=xlsx`);
  expect(xlsx.status()).toBe(200);
  expect((await xlsx.body()).subarray(0, 2).toString()).toBe("PK");

  // the same page without JavaScript: everything is server-rendered HTML and CSS
  const noJs = await browser.newContext({ javaScriptEnabled: false, locale: "mn-MN", storageState: await page.context().storageState() });
  const plain = await noJs.newPage();
  await plain.goto(STATS);
  await expect(plain.getByRole("heading", { level: 2, name: "Онооны тархалт" }).or(plain.getByText("Дүгнэгдсэн оролдлого алга."))).toBeVisible();
  await expect(plain.getByRole("heading", { level: 2, name: "Асуулт тус бүрээр" })).toBeVisible();
  await noJs.close();
});

test("a learner is refused", async ({ page }) => {
  await signIn(page, "khulan@erdem.mn");
  const res = await page.goto(STATS);
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Хандах эрхгүй");
});
