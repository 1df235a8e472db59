import { expect, test } from "@playwright/test";
import { expectAccessible } from "./axe";

const COURSE = "ict-cyber-hygiene";

test("browse the catalogue, open a course and read two lessons in Mongolian, then in English", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Үндсэн цэс" }).getByRole("link", { name: "Сургалтууд" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Сургалтууд" })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 2 }) })).toHaveCount(3);
  await expectAccessible(page);

  await page.getByRole("combobox", { name: "Хэнд зориулсан" }).selectOption("request_registry");
  await page.getByRole("button", { name: "Шүүх" }).click();
  await expect(page.getByRole("heading", { level: 2 })).toHaveCount(1);
  await page.getByRole("combobox", { name: "Хэнд зориулсан" }).selectOption("");
  // the search reads lesson text too: the course named so comes first, the others say which lesson has the word
  await page.getByLabel("Хайх", { exact: true }).fill("КИБЕР");
  await page.getByRole("button", { name: "Шүүх" }).click();
  await expect(page.getByRole("heading", { level: 2 })).toHaveCount(3);
  await expect(page.getByRole("heading", { level: 2 }).first()).toHaveText(/кибер эрүүл ахуй/);
  const byLesson = page.getByRole("listitem").filter({ hasText: "Хичээлд олдсон:" });
  await expect(byLesson).toHaveCount(2);
  await expect(byLesson.first().locator("mark")).toHaveText(/^кибер/i);
  await expectAccessible(page);

  await page.getByRole("link", { name: /кибер эрүүл ахуй/ }).click();
  await expect(page).toHaveURL(`/courses/${COURSE}`);
  await expect(page.getByRole("heading", { level: 2, name: "Хөтөлбөр" })).toBeVisible();
  await expect(page.getByText("12 сар хүчинтэй", { exact: true })).toBeVisible();
  await expect(page.getByText(/Гэрчилгээ 12 сар хүчинтэй/)).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "Эхний хичээлээс эхлэх" }).click();
  const firstTitle = await page.getByRole("heading", { level: 1 }).textContent();
  expect(firstTitle?.length).toBeGreaterThan(3);
  await expect(page.locator(".lesson-body h2").first()).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: /Дараах хичээл/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(firstTitle!);
  await expect(page.getByRole("link", { name: /Өмнөх хичээл/ })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("link", { name: /Previous lesson/ })).toBeVisible();
  const englishTitle = await page.getByRole("heading", { level: 1 }).textContent();
  expect(englishTitle).toMatch(/[A-Za-z]/);
  await page.getByRole("link", { name: /Previous lesson/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/[A-Za-z]/);
  await expect(page.locator("article")).toHaveAttribute("lang", "en");
  await expectAccessible(page);
});

test("a lesson page carries no JavaScript and reads the same with JavaScript off", async ({ page, browser }) => {
  const url = `/courses/${COURSE}/two-factor-authentication`;
  const res = await page.goto(url);
  const html = await res!.text();
  expect(html).not.toContain("<script");
  const withJs = await page.locator("main").innerHTML();

  const noJs = await browser.newContext({ javaScriptEnabled: false, locale: "mn-MN" });
  const p2 = await noJs.newPage();
  await p2.goto(url);
  expect(await p2.locator("main").innerHTML()).toBe(withJs);
  // tabs and practice answers are <details>: they open without JavaScript
  const practice = p2.locator(".practice details").first();
  await practice.locator("summary").click();
  await expect(practice.getByText("Зөв хариулт")).toBeVisible();
  await noJs.close();
});

test("the lesson table of contents links to sections on a wide screen", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/courses/${COURSE}/two-factor-authentication`);
  const toc = page.getByRole("navigation", { name: "Энэ хичээлд" });
  await expect(toc).toBeVisible();
  const first = toc.getByRole("link").first();
  const target = (await first.getAttribute("href"))!;
  await first.click();
  await expect(page).toHaveURL(new RegExp(`${encodeURI(target).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
  await expectAccessible(page);
});
