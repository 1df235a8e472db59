// Answering a course's final exam in the browser the way a learner does, by reading: the test knows
// the answers from the course's YAML, the page only ever shows text and this attempt's keys.
import { readFileSync } from "node:fs";
import { expect, type Locator, type Page } from "@playwright/test";
import { parse } from "yaml";

export function examOf(courseSlug: string) {
  const exam = parse(readFileSync(`content/courses/${courseSlug}/quizzes/final-exam.yaml`, "utf8"));
  const course = parse(readFileSync(`content/courses/${courseSlug}/course.yaml`, "utf8"));
  return {
    questions: exam.pools.flatMap((p: any) => p.questions) as any[],
    total: exam.pools.reduce((n: number, p: any) => n + p.draw, 0) as number,
    lessons: course.modules.flatMap((m: any) => m.lessons) as string[],
  };
}

export const plain = (s: string) =>
  s
    .replace(/[*_`>#]/g, "")
    .replace(/\s+/g, " ")
    .trim();

/** Registers a new learner in Dornogovi (Mongolian form); returns the e-mail address. */
export async function registerLearner(page: Page, surname = "Батаа", given = "Сүх", { javaScript = true } = {}) {
  const email = `road-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}@example.mn`;
  await page.goto("/register");
  await page.getByLabel("Овог").fill(surname);
  await page.getByLabel("Нэр", { exact: true }).fill(given);
  await page.getByLabel("Цахим шуудан").fill(email);
  await page.getByLabel("Албан тушаал").fill("Мэргэжилтэн");
  await page.getByLabel("Аймаг, нийслэл").selectOption({ label: "Дорноговь" });
  // without JavaScript the aimag's sums come with a second step (which never sends the password back)
  if (!javaScript) await page.getByRole("button", { name: "Сумдыг харуулах" }).click();
  await page.getByLabel("Сум, дүүрэг").selectOption({ label: "Сайншанд" });
  await page.getByLabel("Байгууллага").selectOption({ label: "Дорноговь аймгийн Засаг даргын Тамгын газар" });
  await page.getByLabel("Нууц үг").fill("Суралцагч 2026 он");
  await page.getByRole("button", { name: "Бүртгүүлэх" }).click();
  await expect(page.getByRole("status")).toHaveText("Тавтай морил! Таны бүртгэл үүслээ.");
  return email;
}

/** Enrols through the course page's form and marks every lesson done through the lesson form endpoint. */
export async function enrolAndFinishLessons(page: Page, courseSlug: string, lessons: string[]) {
  const origin = new URL(page.url()).origin;
  const enrol = await page.request.post(`/courses/${courseSlug}`, { form: { intent: "enrol" }, headers: { Origin: origin }, maxRedirects: 0 });
  expect(enrol.status()).toBe(302);
  for (const l of lessons) {
    const res = await page.request.post(`/courses/${courseSlug}/${l}`, { form: { intent: "done" }, headers: { Origin: origin }, maxRedirects: 0 });
    expect(res.status()).toBe(302);
  }
}

function choice(fieldset: Locator, markdown: string) {
  return fieldset
    .locator("label")
    .filter({ hasText: plain(markdown).slice(0, 40) })
    .first()
    .locator("input");
}

/** Answers the question in this group (its fieldset) correctly. */
export async function answerCorrectly(fieldset: Locator, questions: any[]) {
  const text = plain((await fieldset.locator(".lesson-body").first().innerText()) ?? "");
  const q = questions.find((x) => text.includes(plain(x.text.mn).slice(0, 40)));
  expect(q, `question not found for: ${text.slice(0, 80)}`).toBeTruthy();
  switch (q.type) {
    case "single":
      await choice(fieldset, q.options.find((o: any) => o.correct).text.mn).check();
      break;
    case "multiple":
      for (const o of q.options) if (o.correct) await choice(fieldset, o.text.mn).check();
      break;
    case "true_false":
      await fieldset.getByRole("radio", { name: q.answer ? "Үнэн" : "Худал" }).check();
      break;
    case "short_text":
      await fieldset.getByRole("textbox").fill(q.accept.mn[0]);
      break;
    case "numeric":
      await fieldset.getByRole("textbox").fill(String(q.answer));
      break;
    case "ordering": {
      // each select is named after its item: "Байрлал: <item>"
      for (const [index, item] of q.items.entries()) {
        await fieldset.getByRole("combobox", { name: `Байрлал: ${plain(item.text.mn)}` }).selectOption(String(index + 1));
      }
      break;
    }
  }
}
