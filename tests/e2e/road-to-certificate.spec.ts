// The learner's road to a certificate on a 360-px phone: My learning and the course page say what
// is still missing (lessons N of M, the exam, the in-person attendance), the course page folds its
// modules with progress per module, and once earned the certificate — PDF, verification page,
// digital credential — is one tap away on My learning, the course page and home, with its expiry
// and renewal in the right tense. Uses the 2023 campaign's Dornod learners of the demo data.
// With SHOTS_DIR set, screenshots of each page at 360 and 1280 px go there.
import { readFileSync } from "node:fs";
import { type Browser, expect, type Page, test } from "@playwright/test";
import Database from "better-sqlite3";
import { parse } from "yaml";
import { expectAccessible } from "./axe";

const PHONE = { width: 360, height: 740 };
const COURSE = "e-mongolia-service-operators";
const TITLE = "Сумын оператор, Хурдан цэгийн албан хаагчдад зориулсан E-Mongolia үйлчилгээ";
const lessons: string[] = parse(readFileSync(`content/courses/${COURSE}/course.yaml`, "utf8")).modules.flatMap((m: any) => m.lessons);
const dbFile = () => (process.env.E2E_DATABASE_URL ?? "file:data/e2e.sqlite").slice("file:".length);

function run(sql: string, ...params: unknown[]) {
  const sqlite = new Database(dbFile(), { fileMustExist: true, timeout: 5000 });
  try {
    return sqlite.prepare(sql).run(...params);
  } finally {
    sqlite.close();
  }
}

function one<T>(sql: string, ...params: unknown[]): T {
  const sqlite = new Database(dbFile(), { readonly: true, fileMustExist: true });
  try {
    return sqlite.prepare(sql).get(...params) as T;
  } finally {
    sqlite.close();
  }
}

async function onPhone(browser: Browser, email: string) {
  const context = await browser.newContext({ viewport: PHONE, locale: "mn-MN" });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Цахим шуудан").fill(email);
  await page.getByLabel("Нууц үг").fill("erdem-demo-2026");
  await page.getByRole("main").getByRole("button", { name: "Нэвтрэх" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
  return { context, page };
}

/** Everything fits the phone's width: nothing to scroll sideways to. */
async function fitsThePhone(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
}

async function shot(page: Page, name: string) {
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
    await page.screenshot({ path: `${dir}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize(PHONE);
}

/** The card of this course on My learning. */
const myCard = (page: Page) => page.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 2, name: TITLE }) });

test("on a phone, My learning and the course page say what is still missing", async ({ browser }) => {
  // attended the 2023 training, has not started the online part
  const { context, page } = await onPhone(browser, "dornod.3@erdem.mn");
  for (const l of lessons.slice(0, 2)) {
    const res = await page.request.post(`/courses/${COURSE}/${l}`, {
      form: { intent: "done" },
      headers: { Origin: new URL(page.url()).origin },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(302);
  }

  await page.goto("/my");
  const card = myCard(page);
  await expect(card.getByText("Гэрчилгээ авахад үлдсэн алхам")).toBeVisible();
  await expect(card.getByText(`Хичээл: 2/${lessons.length} дууссан, ${lessons.length - 2} үлдсэн`)).toBeVisible();
  await expect(card.getByText("Төгсөлтийн шалгалтад тэнцээгүй байна")).toBeVisible();
  // the attendance counted already
  await expect(card.getByText(/ирц бүртгэгдээгүй/)).toHaveCount(0);
  await expect(card.getByRole("link", { name: /^Үргэлжлүүлэх:/ })).toBeVisible();
  await fitsThePhone(page);
  await expectAccessible(page);
  await shot(page, "my-in-progress");

  await page.goto(`/courses/${COURSE}`);
  const progress = page.getByRole("region", { name: "Явц" });
  await expect(progress.getByText(`Хичээл: 2/${lessons.length} дууссан, ${lessons.length - 2} үлдсэн`)).toBeVisible();
  await expect(progress.getByText("Төгсөлтийн шалгалтад тэнцээгүй байна")).toBeVisible();
  // the objectives come before the outline
  const objectives = page.getByRole("heading", { level: 2, name: "Сургалтын зорилго" });
  const outline = page.getByRole("heading", { level: 2, name: "Хөтөлбөр" });
  expect((await objectives.boundingBox())!.y).toBeLessThan((await outline.boundingBox())!.y);
  // the module the learner is in is open, with its progress in words; the others are folded
  const modules = page.locator("details:has(h3)");
  await expect(modules).toHaveCount(4);
  await expect(modules.nth(0)).toHaveAttribute("open", "");
  await expect(modules.nth(0).locator("summary")).toContainText("2/3 хичээл дууссан");
  await expect(modules.nth(1)).not.toHaveAttribute("open", "");
  await expect(modules.nth(1).locator("summary")).toContainText("0/3 хичээл дууссан");
  await expect(modules.nth(1).getByRole("link").first()).toBeHidden();
  await modules.nth(1).locator("summary").click();
  await expect(modules.nth(1).getByRole("link").first()).toBeVisible();
  await modules.nth(1).locator("summary").click();
  await fitsThePhone(page);
  await expectAccessible(page);
  await shot(page, "course-in-progress");
  await context.close();

  // did the lessons and the exam, missed the training: the attendance is all that is missing
  const missed = await onPhone(browser, "dornod.5@erdem.mn");
  await missed.page.goto("/my");
  const missedCard = myCard(missed.page);
  await expect(missedCard.getByText("Танхимын сургалтад биечлэн суусан ирц бүртгэгдээгүй байна.")).toBeVisible();
  await expect(missedCard.getByText(/^Хичээл:/)).toHaveCount(0);
  await expect(missedCard.getByText("Төгсөлтийн шалгалтад тэнцээгүй байна")).toHaveCount(0);
  await missedCard.getByRole("link", { name: "Танхимын сургалтын хуваарь" }).click();
  await expect(missed.page).toHaveURL(`/courses/${COURSE}#sessions-title`);
  await expect(missed.page.getByRole("heading", { level: 2, name: "Танхимын сургалт" })).toBeVisible();
  await fitsThePhone(missed.page);
  await expectAccessible(missed.page);
  await missed.context.close();
});

test("on a phone, the certificate is one tap from My learning, the course page and home, with its expiry and renewal", async ({ browser, baseURL }) => {
  const { context, page } = await onPhone(browser, "dornod.1@erdem.mn");
  const cert = one<{ id: string; code: string; issued_at: string; expires_at: string }>(
    "select c.id, c.code, c.issued_at, c.expires_at from certificate c join users u on u.id = c.user_id where u.email = ? and c.course_slug = ?",
    "dornod.1@erdem.mn",
    COURSE,
  );
  try {
    await page.goto("/my");
    const card = myCard(page);
    await expect(card.getByText("Таны гэрчилгээ")).toBeVisible();
    await expect(card.getByText("Гэрчилгээ авахад үлдсэн алхам")).toHaveCount(0);
    await expect(card.getByText("Дууссан огноо")).toBeVisible();
    await expect(card.getByText("Хүчинтэй хугацаа")).toBeVisible();
    await expect(card.getByRole("link", { name: "Гэрчилгээ (PDF)" })).toHaveAttribute("href", `/certificates/${cert.id}/pdf`);
    await expect(card.getByRole("link", { name: "Цахим гэрчилгээ" })).toHaveAttribute("href", `/verify/${cert.code}/credential`);
    await expect(card.getByText(/бидэн рүү утасдалгүйгээр/)).toBeVisible();
    const pdf = await page.request.get(`/certificates/${cert.id}/pdf`);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    await fitsThePhone(page);
    await expectAccessible(page);
    await shot(page, "my-completed");
    await card.getByRole("link", { name: "Баталгаажуулах хуудас" }).click();
    await expect(page.getByRole("status")).toContainText("Энэ гэрчилгээ хүчинтэй.");

    await page.goto(`/courses/${COURSE}`);
    const progress = page.getByRole("region", { name: "Явц" });
    await expect(progress.getByRole("link", { name: "Гэрчилгээ (PDF)" })).toHaveAttribute("href", `/certificates/${cert.id}/pdf`);
    await expect(progress.getByRole("link", { name: "Баталгаажуулах хуудас" })).toHaveAttribute("href", `/verify/${cert.code}`);
    await expect(progress.getByText("Хүчинтэй хугацаа")).toBeVisible();
    // every lesson read: every module folded, each saying so
    await expect(page.locator("details[open]:has(h3)")).toHaveCount(0);
    await expect(page.locator("details:has(h3) summary").first()).toContainText("3/3 хичээл дууссан");
    await fitsThePhone(page);
    await expectAccessible(page);
    await shot(page, "course-completed");

    await page.goto("/");
    const certificates = page.getByRole("region", { name: "Гэрчилгээ" });
    await expect(certificates.getByText(TITLE)).toBeVisible();
    await expect(certificates.getByRole("link", { name: "Гэрчилгээ (PDF)" })).toHaveAttribute("href", `/certificates/${cert.id}/pdf`);
    await expect(certificates.getByRole("link", { name: "Бүх гэрчилгээ" })).toBeVisible();
    await fitsThePhone(page);
    await expectAccessible(page);

    // a month before it expires: renewal due, on home, My learning and the course page
    const day = 86_400_000;
    run(
      "update certificate set issued_at = ?, expires_at = ? where id = ?",
      new Date(Date.now() - 700 * day).toISOString(),
      new Date(Date.now() + 30 * day).toISOString(),
      cert.id,
    );
    await page.goto("/");
    await expect(certificates.getByText("Одоо сунгах боломжтой")).toBeVisible();
    await expect(certificates.getByRole("link", { name: "Шалгалт өгч сунгах" })).toHaveAttribute("href", `/courses/${COURSE}/quizzes/final-exam`);
    await fitsThePhone(page);
    await expectAccessible(page);
    await shot(page, "home-renewal-due");
    await page.goto("/my");
    await expect(myCard(page).getByText("Одоо сунгах боломжтой")).toBeVisible();
    await page.goto(`/courses/${COURSE}`);
    await expect(page.getByRole("region", { name: "Явц" }).getByText("Одоо сунгах боломжтой")).toBeVisible();

    // expired: said in the past tense
    run("update certificate set expires_at = ? where id = ?", new Date(Date.now() - 5 * day).toISOString(), cert.id);
    await page.goto(`/courses/${COURSE}`);
    await expect(progress.getByText("Хугацаа дууссан огноо")).toBeVisible();
    await expect(progress.getByText("Хүчинтэй хугацаа")).toHaveCount(0);
    await expect(progress.getByText(/Энэ гэрчилгээний хугацаа дууссан/)).toBeVisible();
    await fitsThePhone(page);
    await expectAccessible(page);
    await shot(page, "course-expired");
    await page.goto("/");
    await expect(certificates.getByText("Хугацаа дууссан огноо")).toBeVisible();
    await shot(page, "home-expired");

    // the course page of a certified learner from its template is the page a full render gives them (decision 028)
    const cookies = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const served = await page.request.get(`${baseURL}/courses/${COURSE}`);
    const again = await page.request.get(`${baseURL}/courses/${COURSE}`);
    const full = await page.request.get(`${baseURL}/courses/${COURSE}`, { headers: { Cookie: `${cookies}; e2e=full` } });
    expect(again.headers()["x-page-cache"]).toBe("hit");
    expect(full.headers()["x-page-cache"]).toBeUndefined();
    const [a, b, c] = await Promise.all([served.text(), again.text(), full.text()]);
    expect(b).toBe(c);
    expect(a).toBe(c);
    expect(c).toContain(`/verify/${cert.code}`);
  } finally {
    run("update certificate set issued_at = ?, expires_at = ? where id = ?", cert.issued_at, cert.expires_at, cert.id);
    await context.close();
  }
});
