// Quiz pages: correct answers and grading data stay on the server until review is allowed.
import { afterEach, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { db } from "~/db.server";
import { enrol } from "~/features/enrolment/repository.server";
import { QuestionField, type QuestionView } from "~/features/quiz/question-views";
import { createUser } from "../../db/factories";
import { args, get, post, sessionCookieFor, settle } from "../../tests/helpers";
import * as courseRoute from "./courses.$course._index";
import * as quizRoute from "./courses.$course.quizzes.$quiz._index";
import * as attemptRoute from "./courses.$course.quizzes.$quiz.attempts.$attempt";

const SECRETS = [
  '"correct"',
  "correctOptionIds",
  "SECRET-EXPLANATION",
  "accept",
  "Khurdan Tseg",
  "Хурдан цэг",
  "1106",
  'answer":',
  "tolerance",
  "grades",
  "correctOrder",
];

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
  const id = res.headers.get("Location")!.split("/").pop()!;
  return id;
}

const attemptArgs = (id: string, request: Request) => args(request, { course: "sample", quiz: "final", attempt: id });

type Shown = { id: string; type: string; options?: { id: string; html: string }[]; items?: { id: string; html: string }[] };

async function shownQuestions(id: string, cookie: string): Promise<Shown[]> {
  const res = await settle(() => attemptRoute.loader(attemptArgs(id, get(`/courses/sample/quizzes/final/attempts/${id}`, { cookie }))));
  return (await res.json()).questions;
}

/** The key this attempt gives the option (or item) with this text: how a learner answers, by reading. */
const keyOf = (q: Shown | undefined, text: string) => [...(q?.options ?? []), ...(q?.items ?? [])].find((o) => o.html === text)!.id;
const byId = (qs: Shown[], id: string) => qs.find((q) => q.id === id);

/** Every option and ordering item id the author wrote in the sample exam. */
const AUTHOR_IDS = ["a", "b", "c"];

describe("exam pages", () => {
  it("require enrolment before an exam can start", async () => {
    const u = await createUser(db);
    const cookie = await sessionCookieFor(u.id);
    const res = await settle(() =>
      quizRoute.action(args(post("/courses/sample/quizzes/final", { intent: "start" }, { cookie }), { course: "sample", quiz: "final" })),
    );
    expect(res.headers.get("Location")).toBe("/courses/sample/quizzes/final");
    expect(await db.selectFrom("quiz_attempt").select("id").where("user_id", "=", u.id).execute()).toHaveLength(0);
  });

  it("send no correct answers, accepted answers or explanations while the attempt is open", async () => {
    const { cookie } = await enrolledLearner();
    const id = await startExam(cookie);
    const res = await settle(() => attemptRoute.loader(attemptArgs(id, get(`/courses/sample/quizzes/final/attempts/${id}`, { cookie }))));
    const body = await res.text();
    expect(JSON.parse(body).questions).toHaveLength(6);
    for (const s of SECRETS) expect(body, s).not.toContain(s);
  });

  it("save and submit through the form, without JavaScript, and then show the review", async () => {
    const { u, cookie } = await enrolledLearner();
    const id = await startExam(cookie);
    const url = `/courses/sample/quizzes/final/attempts/${id}`;
    const qs = await shownQuestions(id, cookie);
    const capital = keyOf(byId(qs, "capital"), "Улаанбаатар");
    const saved = await settle(() =>
      attemptRoute.action(attemptArgs(id, post(url, { intent: "save", "q.capital": capital, "q.services": "1 106" }, { cookie }))),
    );
    expect(saved.status).toBe(302);
    const habits = byId(qs, "safe-habits");
    const steps = byId(qs, "steps");
    const submitted = await settle(() =>
      attemptRoute.action(
        attemptArgs(
          id,
          post(
            url,
            {
              intent: "submit",
              "q.aimags-tf": "true",
              "q.point-name": "Хурдан цэг",
              "q.safe-habits": [keyOf(habits, "Хоёр шатлалт баталгаажуулалт"), keyOf(habits, "Дэлгэцээ түгжих")],
              [`q.steps.${keyOf(steps, "Бүртгэх")}`]: "1",
              [`q.steps.${keyOf(steps, "Шилжүүлэх")}`]: "2",
              [`q.steps.${keyOf(steps, "Хаах")}`]: "3",
            },
            { cookie },
          ),
        ),
      ),
    );
    expect(submitted.status).toBe(302);
    const row = await db.selectFrom("quiz_attempt").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "graded", score: 7, passed: 1 });
    // submitting again changes nothing
    await settle(() => attemptRoute.action(attemptArgs(id, post(url, { intent: "submit" }, { cookie }))));
    expect((await db.selectFrom("quiz_attempt").select("score").where("user_id", "=", u.id).execute()).map((r) => r.score)).toEqual([7]);
    const page = await settle(() => attemptRoute.loader(attemptArgs(id, get(url, { cookie }))));
    const body = await page.json();
    expect(body.reveal).toBe(true);
    // the review names options by the same keys as the attempt did
    expect(body.questions.find((q: any) => q.id === "capital").review).toMatchObject({
      correct: true,
      correctOptionIds: [capital],
      explanationHtml: "<p>SECRET-EXPLANATION-MN</p>",
    });
    expect(body.questions.find((q: any) => q.id === "steps").review.correctOrder).toEqual(["Бүртгэх", "Шилжүүлэх", "Хаах"].map((t) => keyOf(steps, t)));
  });

  it("return to the page saved from, taking only a page number into the redirect", async () => {
    const { cookie } = await enrolledLearner();
    const id = await startExam(cookie);
    const url = `/courses/sample/quizzes/final/attempts/${id}`;
    const save = (page: string) => settle(() => attemptRoute.action(attemptArgs(id, post(url, { intent: "save", page }, { cookie }))));
    const cases = { "3": `${url}?q=3`, "2\r\nSet-Cookie: x=1": `${url}?q=2`, Өгүүлбэр: url, "0": url, "-1": url, "": url };
    for (const [page, location] of Object.entries(cases)) {
      const res = await save(page);
      expect(res.status, page).toBe(302);
      expect(res.headers.get("Location"), page).toBe(location);
    }
  });

  it("answer 404 for someone else's attempt", async () => {
    const { cookie } = await enrolledLearner();
    const id = await startExam(cookie);
    const other = await createUser(db);
    const otherCookie = await sessionCookieFor(other.id);
    const res = await settle(() => attemptRoute.loader(attemptArgs(id, get(`/courses/sample/quizzes/final/attempts/${id}`, { cookie: otherCookie }))));
    expect(res.status).toBe(404);
    const write = await settle(() =>
      attemptRoute.action(attemptArgs(id, post(`/courses/sample/quizzes/final/attempts/${id}`, { intent: "submit" }, { cookie: otherCookie }))),
    );
    expect(write.status).toBe(404);
  });

  it("keep review closed for after_close until no attempt is left, and then sends answers", async () => {
    const u = await createUser(db);
    const cookie = await sessionCookieFor(u.id);
    const start = () =>
      settle(() => quizRoute.action(args(post("/courses/sample/quizzes/check", { intent: "start" }, { cookie }), { course: "sample", quiz: "check" })));
    const id = (await start()).headers.get("Location")!.split("/").pop()!;
    const a = (path: string, r: Request) => args(r, { course: "sample", quiz: "check", attempt: path });
    await settle(() => attemptRoute.action(a(id, post(`/x`, { intent: "submit", "q.tf1": "false", "q.tf2": "true" }, { cookie }))));
    const closed = await (await settle(() => attemptRoute.loader(a(id, get(`/courses/sample/quizzes/check/attempts/${id}`, { cookie }))))).text();
    expect(JSON.parse(closed)).toMatchObject({ reveal: false, questions: [] });
    expect(closed).not.toContain("Нууц үгээ хуваалцаж болно");
    const id2 = (await start()).headers.get("Location")!.split("/").pop()!;
    await settle(() => attemptRoute.action(a(id2, post(`/x`, { intent: "submit" }, { cookie }))));
    const open = await (await settle(() => attemptRoute.loader(a(id, get(`/courses/sample/quizzes/check/attempts/${id}`, { cookie }))))).json();
    expect(open.reveal).toBe(true);
    expect(open.questions).toHaveLength(2);
  });

  it("item statistics are for the course's trainers and administrators only", async () => {
    const stats = await import("./courses.$course.quizzes.$quiz.stats");
    const learner = await createUser(db);
    const lc = await sessionCookieFor(learner.id);
    expect((await settle(() => stats.loader(args(get("/x", { cookie: lc }), { course: "sample", quiz: "final" })))).status).toBe(403);
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const tc = await sessionCookieFor(trainer.id);
    // a trainer who does not teach the course is refused, and is not offered the link
    expect((await settle(() => stats.loader(args(get("/x", { cookie: tc }), { course: "sample", quiz: "final" })))).status).toBe(403);
    const page = async (cookie: string) =>
      (await settle(() => quizRoute.loader(args(get("/courses/sample/quizzes/final", { cookie }), { course: "sample", quiz: "final" })))).json();
    expect((await page(tc)).canSeeStats).toBe(false);
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const ac = await sessionCookieFor(admin.id);
    expect((await page(ac)).canSeeStats).toBe(true);
    const body = await (await settle(() => stats.loader(args(get("/x", { cookie: ac }), { course: "sample", quiz: "final" })))).json();
    const capital = body.questions.find((r: any) => r.id === "capital");
    expect(Number(capital.presented)).toBeGreaterThan(0);
    expect(capital.facility).toMatch(/%$/);
  });
});

describe("options and ordering items in the browser", () => {
  it("are named by keys of this attempt, never by the author's ids: in the loader data and in the form's HTML", async () => {
    const { cookie } = await enrolledLearner();
    const id = await startExam(cookie);
    const res = await settle(() => attemptRoute.loader(attemptArgs(id, get(`/courses/sample/quizzes/final/attempts/${id}`, { cookie }))));
    const body = await res.text();
    const qs: Shown[] = JSON.parse(body).questions;
    const keys = qs.flatMap((q) => [...(q.options ?? []), ...(q.items ?? [])].map((o) => o.id));
    expect(keys).toHaveLength(9);
    for (const key of keys) expect(AUTHOR_IDS).not.toContain(key);
    expect(body).not.toMatch(/"id":"[abc]"/);
    const html = renderToStaticMarkup(
      createElement("form", null, ...(JSON.parse(body).questions as QuestionView[]).map((q) => createElement(QuestionField, { key: q.id, q, total: 6 }))),
    );
    expect(html).toContain('name="q.capital"');
    expect(html).not.toMatch(/value="[abc]"/);
    expect(html).not.toMatch(/name="q\.steps\.[abc]"/);
    // the same keys on every render of this attempt, others on the next attempt
    expect((await shownQuestions(id, cookie)).flatMap((q) => [...(q.options ?? []), ...(q.items ?? [])].map((o) => o.id))).toEqual(keys);
    await settle(() => attemptRoute.action(attemptArgs(id, post(`/x`, { intent: "submit" }, { cookie }))));
    const next = await startExam(cookie);
    const nextKeys = (await shownQuestions(next, cookie)).flatMap((q) => [...(q.options ?? []), ...(q.items ?? [])].map((o) => o.id));
    expect(nextKeys.filter((k) => keys.includes(k))).toEqual([]);
  });

  it("a bot answering from ids and positions alone scores at chance, not above it", async () => {
    // Authors put the right option first and call it "a". Each strategy answers the three
    // questions where ids could tell (4 points); chance is about 0.3 of them, on the author's ids 1.0.
    type Strategy = (choices: { id: string }[], many: boolean) => string[];
    const firstShown: Strategy = (c, many) => c.slice(0, many ? 2 : 1).map((o) => o.id);
    const smallestId: Strategy = (c, many) =>
      [...c]
        .map((o) => o.id)
        .sort()
        .slice(0, many ? 2 : 1);
    const looksLikeA: Strategy = (c, many) => {
      const ids = c.map((o) => o.id);
      const wanted = (many ? ["a", "b"] : ["a"]).filter((x) => ids.includes(x));
      return wanted.length ? wanted : ids.slice(0, many ? 2 : 1);
    };
    const ordered = (items: { id: string }[], strategy: Strategy) =>
      strategy === firstShown
        ? items.map((o) => o.id)
        : strategy === smallestId
          ? items.map((o) => o.id).sort()
          : ["a", "b", "c"].every((x) => items.some((o) => o.id === x))
            ? ["a", "b", "c"]
            : items.map((o) => o.id);
    const ROUNDS = 70;
    for (const strategy of [firstShown, smallestId, looksLikeA]) {
      let points = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const u = await createUser(db);
        await enrol(u.id, "sample");
        const cookie = await sessionCookieFor(u.id);
        const id = await startExam(cookie);
        const qs = await shownQuestions(id, cookie);
        const fields: Record<string, string | string[]> = { intent: "submit" };
        for (const q of qs) {
          if (q.type === "single" || q.type === "multiple") fields[`q.${q.id}`] = strategy(q.options!, q.type === "multiple");
          if (q.type === "ordering") ordered(q.items!, strategy).forEach((key, i) => (fields[`q.${q.id}.${key}`] = String(i + 1)));
        }
        await settle(() => attemptRoute.action(attemptArgs(id, post(`/x`, fields, { cookie }))));
        const row = await db.selectFrom("quiz_attempt").select("grades").where("id", "=", id).executeTakeFirstOrThrow();
        const grades = JSON.parse(row.grades!) as { questionId: string; score: number }[];
        points += grades.filter((g) => ["capital", "safe-habits", "steps"].includes(g.questionId)).reduce((a, g) => a + g.score, 0);
      }
      const mean = points / (ROUNDS * 4);
      expect(mean, strategy === firstShown ? "first shown" : strategy === smallestId ? "smallest id" : "id like a").toBeLessThan(0.5);
    }
  }, 60_000);

  it("an attempt started before keys existed still shows and grades by the author's ids", async () => {
    const { u, cookie } = await enrolledLearner();
    const id = await startExam(cookie);
    const legacy = [
      { id: "capital", order: ["b", "a", "c"] },
      { id: "steps", order: ["c", "a", "b"] },
    ];
    await db
      .updateTable("quiz_attempt")
      .set({ questions: JSON.stringify(legacy) })
      .where("id", "=", id)
      .execute();
    const qs = await shownQuestions(id, cookie);
    expect(byId(qs, "capital")!.options!.map((o) => o.id)).toEqual(["b", "a", "c"]);
    await settle(() =>
      attemptRoute.action(
        attemptArgs(id, post(`/x`, { intent: "submit", "q.capital": "a", "q.steps.a": "1", "q.steps.b": "2", "q.steps.c": "3" }, { cookie })),
      ),
    );
    expect(await db.selectFrom("quiz_attempt").select("score").where("user_id", "=", u.id).executeTakeFirstOrThrow()).toEqual({ score: 2 });
  });
});

describe("the deadline and its grace, through the page", () => {
  afterEach(() => vi.useRealTimers());

  it("reading the page in grace does not close the attempt; an answer then still counts and autosave says the time is up", async () => {
    const { cookie } = await enrolledLearner();
    const id = await startExam(cookie);
    const row = await db.selectFrom("quiz_attempt").select(["deadline_at"]).where("id", "=", id).executeTakeFirstOrThrow();
    const deadline = new Date(row.deadline_at!).getTime();
    const url = `/courses/sample/quizzes/final/attempts/${id}`;
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(deadline + 5_000);
    const page = await (await settle(() => attemptRoute.loader(attemptArgs(id, get(url, { cookie }))))).json();
    expect(page.attempt.status).toBe("in_progress");
    const capital = keyOf(byId(page.questions, "capital"), "Улаанбаатар");
    const autosave = await settle(() => attemptRoute.action(attemptArgs(id, post(url, { intent: "autosave", "q.capital": capital }, { cookie }))));
    expect(autosave.status).toBe(200);
    expect(await autosave.json()).toEqual({ ok: true, expired: true, saved: 1 });
    vi.setSystemTime(deadline + 11_000);
    const refused = await settle(() => attemptRoute.action(attemptArgs(id, post(url, { intent: "autosave", "q.services": "1106" }, { cookie }))));
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ ok: false, expired: true });
    const graded = await db.selectFrom("quiz_attempt").select(["status", "score", "auto_submitted"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(graded).toEqual({ status: "graded", score: 1, auto_submitted: 1 });
  });
});
