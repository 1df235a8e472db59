// Taking an exam on the road to a certificate: flags for review kept on the server with the
// answers, an overview of where every question stands, answer groups and ordering selects named
// for assistive technology, and the certificate one tap from the result of a passing exam.
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { db } from "~/db.server";
import { getCatalogue } from "~/features/content/content.server";
import { recordLessonDone } from "~/features/enrolment/completion.server";
import { QuestionField, type QuestionView } from "~/features/quiz/question-views";
import { i18nInstance } from "~/i18n/i18next.server";
import { createUser } from "../../db/factories";
import { args, get, post, sessionCookieFor, settle } from "../../tests/helpers";
import * as courseRoute from "./courses.$course._index";
import * as quizRoute from "./courses.$course.quizzes.$quiz._index";
import * as attemptRoute from "./courses.$course.quizzes.$quiz.attempts.$attempt";

const sample = getCatalogue().courses.find((c) => c.slug === "sample")!;

async function enrolledLearner() {
  const u = await createUser(db);
  const cookie = await sessionCookieFor(u.id);
  const res = await settle(() => courseRoute.action(args(post("/courses/sample", { intent: "enrol" }, { cookie }), { course: "sample" })));
  expect(res.status).toBe(302);
  return { u, cookie };
}

async function startExam(cookie: string) {
  const res = await settle(() =>
    quizRoute.action(args(post("/courses/sample/quizzes/final", { intent: "start" }, { cookie }), { course: "sample", quiz: "final" })),
  );
  expect(res.status).toBe(302);
  return res.headers.get("Location")!.split("/").pop()!;
}

const urlOf = (id: string) => `/courses/sample/quizzes/final/attempts/${id}`;
const attemptArgs = (id: string, request: Request) => args(request, { course: "sample", quiz: "final", attempt: id });
const page = async (id: string, cookie: string) => (await settle(() => attemptRoute.loader(attemptArgs(id, get(urlOf(id), { cookie }))))).json();
const send = (id: string, cookie: string, fields: Record<string, string | string[]>) =>
  settle(() => attemptRoute.action(attemptArgs(id, post(urlOf(id), fields, { cookie }))));
const flaggedIn = async (id: string) =>
  JSON.parse((await db.selectFrom("quiz_attempt").select("flagged").where("id", "=", id).executeTakeFirstOrThrow()).flagged);

type Shown = QuestionView & { options?: { id: string; html: string }[]; items?: { id: string; html: string }[] };
const keyOf = (q: Shown | undefined, text: string) => [...(q?.options ?? []), ...(q?.items ?? [])].find((o) => o.html === text)!.id;
const byId = (qs: Shown[], id: string) => qs.find((q) => q.id === id);

describe("flags for review", () => {
  it("are kept on the server with the answers, by form post and by autosave, and shown in the overview", async () => {
    const { cookie } = await enrolledLearner();
    const id = await startExam(cookie);
    const before = await page(id, cookie);
    expect(before.flagged).toEqual([]);
    expect(before.overview).toHaveLength(6);
    expect(before.overview.every((o: { answered: boolean; flagged: boolean }) => !o.answered && !o.flagged)).toBe(true);

    // without JavaScript: "Save" (or Next) sends the box with the answers
    const capital = keyOf(byId(before.questions, "capital"), "Улаанбаатар");
    const saved = await send(id, cookie, {
      intent: "save",
      "q.capital": capital,
      "flag.capital.present": "1",
      "flag.capital": "1",
      "flag.services.present": "1",
      "flag.steps.present": "1",
      "flag.steps": "1",
    });
    expect(saved.status).toBe(302);
    const order = before.questions.map((q: Shown) => q.id);
    // stored in the order the attempt shows the questions
    expect(await flaggedIn(id)).toEqual(order.filter((q: string) => q === "capital" || q === "steps"));

    const after = await page(id, cookie);
    expect(new Set(after.flagged)).toEqual(new Set(["capital", "steps"]));
    const n = (qid: string) => order.indexOf(qid) + 1;
    expect(after.overview.find((o: { n: number }) => o.n === n("capital"))).toEqual({ n: n("capital"), answered: true, flagged: true });
    expect(after.overview.find((o: { n: number }) => o.n === n("steps"))).toEqual({ n: n("steps"), answered: false, flagged: true });
    expect(after.overview.find((o: { n: number }) => o.n === n("services"))).toEqual({ n: n("services"), answered: false, flagged: false });
    // the overview says where questions stand, never what they ask
    expect(JSON.stringify(after.overview)).not.toContain("capital");

    // with JavaScript: autosave clears an unticked box; flags of questions not on the page stay
    const autosave = await send(id, cookie, { intent: "autosave", "flag.capital.present": "1" });
    expect(autosave.status).toBe(200);
    expect(await flaggedIn(id)).toEqual(["steps"]);
    // a question id that is not in this attempt is ignored
    await send(id, cookie, { intent: "autosave", "flag.not-drawn.present": "1", "flag.not-drawn": "1" });
    expect(await flaggedIn(id)).toEqual(["steps"]);

    // moving to another question saves the flags on the way
    const moved = await send(id, cookie, { intent: "goto:3", "flag.services.present": "1", "flag.services": "1" });
    expect(moved.headers.get("Location")).toBe(`${urlOf(id)}?q=3`);
    expect(new Set(await flaggedIn(id))).toEqual(new Set(["steps", "services"]));
  });

  it("belong to the learner's own attempt and stop changing once it is graded", async () => {
    const { cookie } = await enrolledLearner();
    const id = await startExam(cookie);
    const other = await createUser(db);
    const otherCookie = await sessionCookieFor(other.id);
    const refused = await send(id, otherCookie, { intent: "autosave", "flag.capital.present": "1", "flag.capital": "1" });
    expect(refused.status).toBe(404);
    expect(await flaggedIn(id)).toEqual([]);
    await send(id, cookie, { intent: "submit" });
    const late = await send(id, cookie, { intent: "autosave", "flag.capital.present": "1", "flag.capital": "1" });
    expect(late.status).toBe(409);
    expect(await flaggedIn(id)).toEqual([]);
    // a graded attempt sends no overview
    expect((await page(id, cookie)).overview).toEqual([]);
  });
});

describe("the question as assistive technology reads it", () => {
  it("names each answer group by its question, each ordering select by its item, and each flag box by its question", async () => {
    const { cookie } = await enrolledLearner();
    const id = await startExam(cookie);
    const shown = await page(id, cookie);
    const fields = (shown.questions as QuestionView[]).map((q) => createElement(QuestionField, { key: q.id, q, total: 6, flagged: q.id === "steps" }));
    const html = renderToStaticMarkup(createElement(I18nextProvider, { i18n: i18nInstance("mn") }, createElement("form", null, ...fields)));
    const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    for (const q of shown.questions as Shown[]) {
      // the answers sit in a group named by the question's text
      expect(html, q.id).toMatch(new RegExp(`<fieldset[^>]*aria-labelledby="q\\.${literal(q.id)}-text"`));
      expect(html, q.id).toMatch(new RegExp(`<div id="q\\.${literal(q.id)}-text"[^>]*>\\s*<p>[^<]+</p>`));
      // the question's heading is where focus goes after "Next": focusable, not in the tab order
      expect(html, q.id).toMatch(new RegExp(`<h2 id="question-${q.n}" tabindex="-1"`));
    }
    const steps = byId(shown.questions, "steps")!;
    for (const item of steps.items!) {
      // each position select is labelled "Position of <item>"
      expect(html).toMatch(new RegExp(`<select id="q\\.steps\\.${item.id}"`));
      expect(html).toContain(`<label for="q.steps.${item.id}"><span class="sr-only">Байрлал: </span><span>${item.html}</span></label>`);
    }
    // the flag box of each question, named by the question, ticked when flagged
    expect(html).toMatch(/<input type="checkbox" name="flag\.steps"[^>]* checked=""/);
    expect(html).not.toMatch(/<input type="checkbox" name="flag\.capital"[^>]* checked=""/);
    expect(html).toContain(`<span class="sr-only"> (${steps.n}-р асуулт)</span>`);
  });
});

describe("the result of a passing exam", () => {
  async function passExam(cookie: string, id: string) {
    const qs: Shown[] = (await page(id, cookie)).questions;
    const habits = byId(qs, "safe-habits");
    const steps = byId(qs, "steps");
    const res = await send(id, cookie, {
      intent: "submit",
      "q.capital": keyOf(byId(qs, "capital"), "Улаанбаатар"),
      "q.services": "1106",
      "q.aimags-tf": "true",
      "q.point-name": "Хурдан цэг",
      "q.safe-habits": [keyOf(habits, "Хоёр шатлалт баталгаажуулалт"), keyOf(habits, "Дэлгэцээ түгжих")],
      [`q.steps.${keyOf(steps, "Бүртгэх")}`]: "1",
      [`q.steps.${keyOf(steps, "Шилжүүлэх")}`]: "2",
      [`q.steps.${keyOf(steps, "Хаах")}`]: "3",
    });
    expect(res.status).toBe(302);
  }

  it("links to the certificate it completed: PDF, verification page and credential", async () => {
    const { u, cookie } = await enrolledLearner();
    for (const lesson of ["first", "second", "only-mongolian"]) await recordLessonDone(u.id, sample, lesson);
    const id = await startExam(cookie);
    await passExam(cookie, id);
    const cert = await db.selectFrom("certificate").selectAll().where("user_id", "=", u.id).executeTakeFirstOrThrow();
    const result = await page(id, cookie);
    expect(result.attempt.passed).toBe(true);
    expect(result.certificate).toMatchObject({ serial: cert.serial, standing: { id: cert.id, code: cert.code, state: "valid" } });
  });

  it("says what is left when passing did not complete the course, and shows no certificate after a failed exam", async () => {
    const { cookie } = await enrolledLearner();
    const id = await startExam(cookie);
    await passExam(cookie, id);
    const passed = await page(id, cookie);
    expect(passed).toMatchObject({ examPassed: true, certificate: null });

    const { u: other, cookie: otherCookie } = await enrolledLearner();
    for (const lesson of ["first", "second", "only-mongolian"]) await recordLessonDone(other.id, sample, lesson);
    const failedId = await startExam(otherCookie);
    await send(failedId, otherCookie, { intent: "submit" });
    expect(await page(failedId, otherCookie)).toMatchObject({ examPassed: false, certificate: null });
  });

  it("never shows a certificate of someone else", async () => {
    const { u, cookie } = await enrolledLearner();
    for (const lesson of ["first", "second", "only-mongolian"]) await recordLessonDone(u.id, sample, lesson);
    const id = await startExam(cookie);
    await passExam(cookie, id);
    const stranger = await sessionCookieFor((await createUser(db)).id);
    expect((await settle(() => attemptRoute.loader(attemptArgs(id, get(urlOf(id), { cookie: stranger }))))).status).toBe(404);
  });
});
