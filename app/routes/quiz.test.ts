// Quiz pages: correct answers and grading data stay on the server until review is allowed.
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { createUser } from "../../db/factories";
import { db } from "~/db.server";
import { args, get, post, sessionCookieFor, settle } from "../../tests/helpers";
import * as attemptRoute from "./courses.$course.quizzes.$quiz.attempts.$attempt";
import * as quizRoute from "./courses.$course.quizzes.$quiz._index";
import * as courseRoute from "./courses.$course._index";

const SECRETS = ['"correct"', "correctOptionIds", "SECRET-EXPLANATION", "accept", "Khurdan Tseg", "Хурдан цэг", "1106", "answer\":", "tolerance", "grades", "correctOrder"];

async function enrolledLearner() {
  const u = await createUser(db);
  const cookie = await sessionCookieFor(u.id);
  const res = await settle(() => courseRoute.action(args(post("/courses/sample", { intent: "enrol" }, { cookie }), { course: "sample" })));
  expect(res.status).toBe(302);
  return { u, cookie };
}

async function startExam(cookie: string) {
  const res = await settle(() => quizRoute.action(args(post("/courses/sample/quizzes/final", { intent: "start" }, { cookie }), { course: "sample", quiz: "final" })));
  expect(res.status).toBe(302);
  const id = res.headers.get("Location")!.split("/").pop()!;
  return id;
}

const attemptArgs = (id: string, request: Request) => args(request, { course: "sample", quiz: "final", attempt: id });

describe("exam pages", () => {
  it("require enrolment before an exam can start", async () => {
    const u = await createUser(db);
    const cookie = await sessionCookieFor(u.id);
    const res = await settle(() => quizRoute.action(args(post("/courses/sample/quizzes/final", { intent: "start" }, { cookie }), { course: "sample", quiz: "final" })));
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
    const saved = await settle(() => attemptRoute.action(attemptArgs(id, post(url, { intent: "save", "q.capital": "a", "q.services": "1 106" }, { cookie }))));
    expect(saved.status).toBe(302);
    const submitted = await settle(() =>
      attemptRoute.action(
        attemptArgs(id, post(url, { intent: "submit", "q.aimags-tf": "true", "q.point-name": "Хурдан цэг", "q.safe-habits": ["a", "b"], "q.steps.a": "1", "q.steps.b": "2", "q.steps.c": "3" }, { cookie })),
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
    expect(body.questions.find((q: any) => q.id === "capital").review).toMatchObject({ correct: true, correctOptionIds: ["a"], explanationHtml: "<p>SECRET-EXPLANATION-MN</p>" });
  });

  it("return to the page saved from, taking only a page number into the redirect", async () => {
    const { cookie } = await enrolledLearner();
    const id = await startExam(cookie);
    const url = `/courses/sample/quizzes/final/attempts/${id}`;
    const save = (page: string) => settle(() => attemptRoute.action(attemptArgs(id, post(url, { intent: "save", page }, { cookie }))));
    const cases = { "3": `${url}?q=3`, "2\r\nSet-Cookie: x=1": `${url}?q=2`, "Өгүүлбэр": url, "0": url, "-1": url, "": url };
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
    const write = await settle(() => attemptRoute.action(attemptArgs(id, post(`/courses/sample/quizzes/final/attempts/${id}`, { intent: "submit" }, { cookie: otherCookie }))));
    expect(write.status).toBe(404);
  });

  it("keep review closed for after_close until no attempt is left, and then sends answers", async () => {
    const u = await createUser(db);
    const cookie = await sessionCookieFor(u.id);
    const start = () => settle(() => quizRoute.action(args(post("/courses/sample/quizzes/check", { intent: "start" }, { cookie }), { course: "sample", quiz: "check" })));
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

  it("item statistics are for trainers only", async () => {
    const stats = await import("./courses.$course.quizzes.$quiz.stats");
    const learner = await createUser(db);
    const lc = await sessionCookieFor(learner.id);
    expect((await settle(() => stats.loader(args(get("/x", { cookie: lc }), { course: "sample", quiz: "final" })))).status).toBe(403);
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const tc = await sessionCookieFor(trainer.id);
    const body = await (await settle(() => stats.loader(args(get("/x", { cookie: tc }), { course: "sample", quiz: "final" })))).json();
    const capital = body.rows.find((r: any) => r.id === "capital");
    expect(capital.presented).toBeGreaterThan(0);
    expect(capital.correctPercent).toBeGreaterThan(0);
  });
});
