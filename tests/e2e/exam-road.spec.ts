// The exam on the road to a certificate: on a 360 px phone a learner passes and reaches the
// certificate in one tap from the result; the exam by keyboard alone, focus on each new question;
// flags and the question overview; warnings before the time runs out; the page without JavaScript;
// an unknown certificate code.
import { readFileSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { expectAccessible } from "./axe";
import { answerCorrectly, enrolAndFinishLessons, examOf, registerLearner } from "./exam-answers";

const COURSE = "internal-operations-system";
const EXAM = `/courses/${COURSE}/quizzes/final-exam`;
const { questions, total, lessons } = examOf(COURSE);
const PHONE = { width: 360, height: 740 };

const noSidewaysScroll = async (page: Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth), page.url()).toBeLessThanOrEqual(await page.evaluate(() => window.innerWidth));

/** The id of the focused element, or its tag when it has none. */
const focused = (page: Page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName || "");

test("on a phone: pass the exam, then the certificate is one tap from the result", async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ viewport: PHONE, locale: "mn-MN" });
  const page = await context.newPage();
  await registerLearner(page, "Должин", "Сараа");
  await enrolAndFinishLessons(page, COURSE, lessons);

  await page.goto(EXAM);
  await expectAccessible(page);
  await noSidewaysScroll(page);
  await page.getByRole("button", { name: "Шалгалт эхлүүлэх" }).click();
  await expect(page.getByRole("heading", { name: `1/${total}-р асуулт`, exact: false })).toBeVisible();
  await expectAccessible(page);
  await noSidewaysScroll(page);

  for (let n = 1; n <= total; n++) {
    await answerCorrectly(page.locator("fieldset").first(), questions);
    if (n === 2) await page.getByRole("checkbox", { name: /Дахин харахаар тэмдэглэх/ }).check();
    if (n < total) {
      await page.getByRole("button", { name: /Дараах асуулт/ }).click();
      await expect(page.getByRole("heading", { level: 2, name: new RegExp(`^${n + 1}/${total}-р асуулт`) })).toBeFocused();
    }
  }
  // the overview: question 2 answered and flagged; the last one is the current question
  const overview = page.getByRole("region", { name: "Асуултын тойм" });
  await expect(overview.getByRole("button", { name: "2-р асуулт: Хариулсан, Тэмдэглэсэн" })).toBeVisible();
  await expect(overview.getByRole("button", { name: new RegExp(`^${total}-р асуулт: .*одоогийн асуулт`) })).toHaveAttribute("aria-current", "step");
  await expect(page.getByText("1 асуултыг дахин харахаар тэмдэглэсэн.")).toBeVisible();
  await expectAccessible(page);
  await noSidewaysScroll(page);
  await page.screenshot({ path: "/tmp/road-exam-shots/exam-last-360.png", fullPage: true });

  await page.getByRole("button", { name: "Шалгалтаа илгээх" }).click();
  await expect(page.getByText("Та тэнцлээ!")).toBeVisible();
  const ready = page.getByRole("region", { name: "Таны гэрчилгээ бэлэн боллоо" });
  await expect(ready).toBeVisible();
  await expect(ready).toContainText(/EMA-\d{4}-\d{6}/);
  await expect(ready).toContainText("Цахим гэрчилгээ бол гарын үсгээр баталгаажсан файл");
  await expectAccessible(page);
  await noSidewaysScroll(page);
  await page.screenshot({ path: "/tmp/road-exam-shots/result-360.png", fullPage: true });

  // one tap: the PDF
  const [download] = await Promise.all([page.waitForEvent("download"), ready.getByRole("link", { name: "Гэрчилгээ (PDF)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^EMA-\d{4}-\d{6}\.pdf$/);
  expect(
    readFileSync(await download.path())
      .subarray(0, 5)
      .toString(),
  ).toBe("%PDF-");
  // one tap: the certificates page
  await expect(ready.getByRole("link", { name: "Миний бүх гэрчилгээ" })).toHaveAttribute("href", "/certificates");
  // one tap: the verification page, which anyone may open
  await ready.getByRole("link", { name: "Баталгаажуулах хуудас" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Энэ гэрчилгээ хүчинтэй." })).toBeVisible();
  await expect(page.getByText("Должин Сараа")).toBeVisible();
  await context.close();
});

test("by keyboard alone: Tab, Enter and Space take the exam, and focus lands on each new question", async ({ page }) => {
  test.setTimeout(180_000);
  await registerLearner(page);
  await enrolAndFinishLessons(page, COURSE, lessons);
  await page.goto(EXAM);

  /** Presses Tab until the focused element matches, as a keyboard user would. */
  const tabTo = async (selector: string, text?: string) => {
    for (let i = 0; i < 120; i++) {
      await page.keyboard.press("Tab");
      const hit = await page.evaluate(
        ([sel, txt]) => {
          const el = document.activeElement;
          return Boolean(el?.matches(sel) && (!txt || (el.textContent ?? "").includes(txt)));
        },
        [selector, text ?? ""] as const,
      );
      if (hit) return;
    }
    throw new Error(`Tab never reached ${selector} ${text ?? ""}`);
  };

  await tabTo("button", "Шалгалт эхлүүлэх");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(`^1/${total}-р асуулт`) })).toBeVisible();

  for (let n = 1; n < total; n++) {
    // from the question's heading, the next Tab goes into the question
    if (n > 1) {
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest("fieldset")))).toBe(true);
    }
    if (n === 1) {
      // Space ticks the flag box
      await tabTo('input[type="checkbox"][name^="flag."]');
      await page.keyboard.press("Space");
      await expect(page.getByRole("checkbox", { name: /Дахин харахаар тэмдэглэх/ })).toBeChecked();
    }
    await tabTo('button[value^="goto:"]', "Дараах асуулт");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`\\?q=${n + 1}$`));
    await expect.poll(() => focused(page)).toBe(`question-${n + 1}`);
  }

  // the overview, by keyboard: back to the flagged first question, and focus is on it
  await tabTo('button[aria-label^="1-р асуулт"]');
  expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toContain("Тэмдэглэсэн");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\?q=1$/);
  await expect.poll(() => focused(page)).toBe("question-1");
  // Space answers: the first option of the question gets focus with Tab and is chosen with Space
  await page.keyboard.press("Tab");
  const kind = await page.evaluate(() => (document.activeElement as HTMLInputElement).type);
  if (kind === "radio" || kind === "checkbox") {
    await page.keyboard.press("Space");
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked)).toBe(true);
  } else if (kind === "text") await page.keyboard.type("1");
  await expectAccessible(page);

  // to the last question through the overview, then submit with Enter
  await tabTo(`button[aria-label^="${total}-р асуулт"]`);
  await page.keyboard.press("Enter");
  await expect.poll(() => focused(page)).toBe(`question-${total}`);
  await tabTo('button[value="submit"]');
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Дүн" })).toBeVisible();
  await expectAccessible(page);
});

test("a timed exam warns before the time runs out: politely at 5 minutes, assertively at 1", async ({ page }) => {
  test.setTimeout(120_000);
  await registerLearner(page);
  await enrolAndFinishLessons(page, COURSE, []);
  await page.clock.install();
  await page.goto(EXAM);
  // with JavaScript the start page may promise that answers save as they are given
  await expect(page.getByText("Мөн хариулт бүр өгмөгц автоматаар хадгалагдана.")).toBeVisible();
  await page.getByRole("button", { name: "Шалгалт эхлүүлэх" }).click();
  const polite = page.locator('[aria-live="polite"]').filter({ hasText: /минут/ });
  const assertive = page.locator('[aria-live="assertive"]');
  await expect(page.getByRole("timer")).toBeVisible();
  await expect(assertive).toHaveText("");
  await page.clock.fastForward("25:30");
  await expect(polite).toHaveText("5 минутаас бага хугацаа үлдлээ. Хариултаа шалгаад илгээнэ үү.");
  await expectAccessible(page);
  await page.screenshot({ path: "/tmp/road-exam-shots/warning-5-1280.png" });
  await page.clock.fastForward("04:00");
  await expect(assertive).toHaveText(/^1 минутаас бага хугацаа үлдлээ!/);
  await expect(page.locator('[aria-live="polite"]').filter({ hasText: "5 минутаас" })).toHaveCount(0);
  await page.screenshot({ path: "/tmp/road-exam-shots/warning-1-1280.png" });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false, viewport: PHONE });

  test("the start page promises no autosave, the deadline reads cleanly, flags and the overview work with plain forms", async ({ page }) => {
    test.setTimeout(120_000);
    await registerLearner(page, "Батаа", "Сүх", { javaScript: false });
    await enrolAndFinishLessons(page, COURSE, []);
    await page.goto(EXAM);
    const note = page.getByText(/минутын хугацаа гүйж эхэлнэ/);
    await expect(note).toContainText("Асуулт хооронд шилжих, хариултаа хадгалах бүрд хариулт хадгалагдана");
    await expect(note).not.toContainText("автоматаар хадгалагдана");
    await page.screenshot({ path: "/tmp/road-exam-shots/start-nojs-360.png", fullPage: true });
    await page.getByRole("button", { name: "Шалгалт эхлүүлэх" }).click();
    // "Дуусах хугацаа: 14:35", with no countdown and nothing left hanging after it
    await expect(page.getByText(/^Дуусах хугацаа: \d\d:\d\d$/)).toBeVisible();
    await expect(page.getByRole("timer")).toHaveCount(0);
    // flag question 1 and jump to question 4 through the overview: the flag is kept
    await page.getByRole("checkbox", { name: /Дахин харахаар тэмдэглэх/ }).check();
    await page
      .getByRole("region", { name: "Асуултын тойм" })
      .getByRole("button", { name: /^4-р асуулт/ })
      .click();
    await expect(page).toHaveURL(/\?q=4$/);
    await expect(page.getByRole("heading", { level: 2, name: new RegExp(`^4/${total}-р асуулт`) })).toBeVisible();
    await expect(page.getByRole("button", { name: "1-р асуулт: Хариулаагүй, Тэмдэглэсэн" })).toBeVisible();
    // (axe needs JavaScript in the page: it runs on these pages in the tests above)
    await noSidewaysScroll(page);
    await page.screenshot({ path: "/tmp/road-exam-shots/attempt-nojs-360.png", fullPage: true });
    await page.getByRole("button", { name: "1-р асуулт: Хариулаагүй, Тэмдэглэсэн" }).click();
    await expect(page.getByRole("checkbox", { name: /Дахин харахаар тэмдэглэх/ })).toBeChecked();
    // unticking clears the flag when the learner moves on
    await page.getByRole("checkbox", { name: /Дахин харахаар тэмдэглэх/ }).uncheck();
    await page.getByRole("button", { name: /Дараах асуулт/ }).click();
    await expect(page.getByRole("button", { name: "1-р асуулт: Хариулаагүй" })).toBeVisible();
  });
});

test("an unknown certificate code: a page saying so, with the search, and JSON for JSON clients", async ({ page }) => {
  const res = await page.goto("/verify/UNKNOWN");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ийм гэрчилгээ олдсонгүй");
  await expect(page.getByLabel("Гэрчилгээний дугаар")).toBeVisible();
  await expect(page.getByRole("button", { name: "Хайх" })).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: "/tmp/road-exam-shots/verify-unknown-1280.png", fullPage: true });
  // the search from there works like the one on /verify
  await page.getByLabel("Гэрчилгээний дугаар").fill("EMA-2020-999999");
  await page.getByLabel("Эзэмшигчийн овог").fill("Дорж");
  await page.getByRole("button", { name: "Хайх" }).click();
  await expect(page.getByRole("alert")).toHaveText("Гэрчилгээ олдсонгүй.");
  await expect(page.getByLabel("Гэрчилгээний дугаар")).toHaveValue("EMA-2020-999999");
  for (const code of ["UNKNOWN", "a".repeat(32)]) {
    const json = await page.request.get(`/verify/${code}`, { headers: { Accept: "application/json" } });
    expect(json.status()).toBe(404);
    expect(json.headers()["content-type"]).toMatch(/^application\/json/);
    expect(await json.json()).toMatchObject({ error: "not_found" });
  }
});
