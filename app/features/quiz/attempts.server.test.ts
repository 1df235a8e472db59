// The attempt state machine against the real database (SQLite, or PostgreSQL with TEST_DATABASE=postgres).
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { createUser } from "../../../db/factories";
import { db } from "~/db.server";
import { getCatalogue } from "~/features/content/content.server";
import { enrol, findEnrolment } from "~/features/enrolment/repository.server";
import { grantExtraAttempts, grantExtraMinutes } from "~/features/enrolment/enrolled.server";
import { recordLessonDone } from "~/features/enrolment/completion.server";
import { courseProgress } from "~/features/enrolment/progress.server";
import { markLessonDone } from "~/features/enrolment/repository.server";
import {
  answerWindow,
  attemptAllowance,
  finaliseExpiredAttempts,
  findQuiz,
  GRACE_MS,
  listAttempts,
  NO_GRANT,
  QuizError,
  quizGrant,
  reviewAllowed,
  saveAnswers,
  startAttempt,
  submitAttempt,
  attemptResponses,
} from "./attempts.server";
import type { Response } from "./grading";

const course = getCatalogue().courses.find((c) => c.slug === "sample")!;
const exam = findQuiz(course, "final")!;
const practice = findQuiz(course, "check")!;

const perfect = new Map<string, Response>([
  ["capital", { type: "single", optionId: "a" }],
  ["safe-habits", { type: "multiple", optionIds: ["a", "b"] }],
  ["aimags-tf", { type: "true_false", value: true }],
  ["point-name", { type: "short_text", text: " хурдан ЦЭГ " }],
  ["services", { type: "numeric", value: 1106 }],
  ["steps", { type: "ordering", itemIds: ["a", "b", "c"] }],
]);

async function graded(userId: string) {
  return db.selectFrom("quiz_attempt").selectAll().where("user_id", "=", userId).where("status", "=", "graded").execute();
}

describe("quiz attempts", () => {
  it("only offers quizzes the course refers to", () => {
    expect(findQuiz(course, "final")).toBeDefined();
    expect(findQuiz(course, "nope")).toBeUndefined();
  });

  it("starts, saves answers as given, submits and grades", async () => {
    const u = await createUser(db);
    const { attempt, resumed } = await startAttempt(u.id, exam, "mn");
    expect(resumed).toBe(false);
    expect(attempt.status).toBe("in_progress");
    expect(JSON.parse(attempt.questions)).toHaveLength(6);
    await saveAnswers(u.id, attempt.id, exam, new Map([["capital", perfect.get("capital")!]]));
    await saveAnswers(u.id, attempt.id, exam, new Map([["services", perfect.get("services")!]]));
    expect((await attemptResponses(attempt.id)).size).toBe(2);
    // resuming returns the same attempt
    expect((await startAttempt(u.id, exam, "mn")).attempt.id).toBe(attempt.id);
    const result = await submitAttempt(u.id, attempt.id, exam, new Map([["aimags-tf", perfect.get("aimags-tf")!]]));
    expect(result.grade).toMatchObject({ score: 3, max: 7, percent: 42.86, passed: false });
    const [row] = await graded(u.id);
    expect(row).toMatchObject({ status: "graded", score: 3, max_score: 7, passed: 0, auto_submitted: 0 });
  });

  it("a perfect attempt passes", async () => {
    const u = await createUser(db);
    const { attempt } = await startAttempt(u.id, exam, "en");
    const r = await submitAttempt(u.id, attempt.id, exam, perfect);
    expect(r.grade).toMatchObject({ score: 7, max: 7, percent: 100, passed: true });
  });

  it("double submit, retry and two tabs yield exactly one graded attempt with one score", async () => {
    const u = await createUser(db);
    const { attempt } = await startAttempt(u.id, exam, "mn");
    const results = await Promise.all([
      submitAttempt(u.id, attempt.id, exam, perfect),
      submitAttempt(u.id, attempt.id, exam, new Map()),
      submitAttempt(u.id, attempt.id, exam, perfect),
    ]);
    expect(results.filter((r) => !r.alreadyGraded)).toHaveLength(1);
    const rows = await graded(u.id);
    expect(rows).toHaveLength(1);
    const again = await submitAttempt(u.id, attempt.id, exam, new Map());
    expect(again.alreadyGraded).toBe(true);
    expect((await graded(u.id))[0].score).toBe(rows[0].score);
  });

  it("two tabs starting at once get the same attempt", async () => {
    const u = await createUser(db);
    const [a, b] = await Promise.all([startAttempt(u.id, exam, "mn"), startAttempt(u.id, exam, "mn")]);
    expect(a.attempt.id).toBe(b.attempt.id);
    expect(await listAttempts(u.id, exam)).toHaveLength(1);
  });

  it("enforces the attempt limit and refuses a new exam attempt after a pass", async () => {
    const u = await createUser(db);
    for (let i = 0; i < 2; i++) {
      const { attempt } = await startAttempt(u.id, exam, "mn");
      await submitAttempt(u.id, attempt.id, exam, new Map());
    }
    await expect(startAttempt(u.id, exam, "mn")).rejects.toMatchObject({ code: "attemptLimit" });
    const winner = await createUser(db);
    const { attempt } = await startAttempt(winner.id, exam, "mn");
    await submitAttempt(winner.id, attempt.id, exam, perfect);
    await expect(startAttempt(winner.id, exam, "mn")).rejects.toBeInstanceOf(QuizError);
  });

  it("time limit: answers after the deadline are refused and the attempt is graded with what was saved", async () => {
    const u = await createUser(db);
    const t0 = new Date("2026-11-24T02:00:00Z");
    const { attempt } = await startAttempt(u.id, exam, "mn", t0);
    expect(attempt.deadline_at).toBe("2026-11-24T02:10:00.000Z");
    await saveAnswers(u.id, attempt.id, exam, new Map([["capital", perfect.get("capital")!]]), new Date("2026-11-24T02:09:00Z"));
    // within the 10 s grace an answer still counts, and the learner is told the time is up
    const inGrace = await saveAnswers(u.id, attempt.id, exam, new Map([["aimags-tf", perfect.get("aimags-tf")!]]), new Date("2026-11-24T02:10:05Z"));
    expect(inGrace).toEqual({ saved: 1, accepted: true, expired: true });
    const late = await saveAnswers(u.id, attempt.id, exam, new Map([["services", perfect.get("services")!]]), new Date("2026-11-24T02:11:00Z"));
    expect(late).toEqual({ saved: 0, accepted: false, expired: true });
    const [row] = await graded(u.id);
    expect(row).toMatchObject({ auto_submitted: 1, score: 2, submitted_at: "2026-11-24T02:10:00.000Z" });
    await expect(saveAnswers(u.id, attempt.id, exam, perfect, new Date("2026-11-24T02:12:00Z"))).rejects.toMatchObject({ code: "closed" });
    const submit = await submitAttempt(u.id, attempt.id, exam, perfect, new Date("2026-11-24T02:12:00Z"));
    expect(submit.alreadyGraded).toBe(true);
    expect((await graded(u.id))[0].score).toBe(2);
  });

  it("one rule for the grace: a submission at deadline + grace − 1 s counts in full, at + grace + 1 s only what was saved", async () => {
    const t0 = new Date("2026-11-24T05:00:00Z");
    const deadline = t0.getTime() + 10 * 60_000;
    const run = async (offset: number) => {
      const u = await createUser(db);
      const { attempt } = await startAttempt(u.id, exam, "mn", t0);
      await saveAnswers(u.id, attempt.id, exam, new Map([["capital", perfect.get("capital")!]]), new Date(deadline - 60_000));
      // reading the quiz (which closes what is due) just before the submission arrives
      const closedByReading = await finaliseExpiredAttempts(u.id, exam, new Date(deadline + offset));
      const r = await submitAttempt(u.id, attempt.id, exam, perfect, new Date(deadline + offset));
      const [row] = await graded(u.id);
      return { closedByReading, r, row };
    };
    const inGrace = await run(GRACE_MS - 1000);
    expect(inGrace.closedByReading).toBe(0);
    expect(inGrace.r).toMatchObject({ alreadyGraded: false, late: false, grade: { score: 7 } });
    expect(inGrace.row).toMatchObject({ score: 7, auto_submitted: 0 });
    const afterGrace = await run(GRACE_MS + 1000);
    expect(afterGrace.closedByReading).toBe(1);
    expect(afterGrace.r.alreadyGraded).toBe(true);
    expect(afterGrace.row).toMatchObject({ score: 1, auto_submitted: 1, submitted_at: new Date(deadline).toISOString() });
    // and without anything reading the page first, the late submission itself is refused
    const u = await createUser(db);
    const { attempt } = await startAttempt(u.id, exam, "mn", t0);
    const late = await submitAttempt(u.id, attempt.id, exam, perfect, new Date(deadline + GRACE_MS + 1000));
    expect(late).toMatchObject({ alreadyGraded: false, late: true, grade: { score: 0 } });
  });

  it("the time rule: past the deadline from its first millisecond, accepting until the grace ends; no deadline, always open", () => {
    const a = { deadline_at: "2026-11-24T06:00:00.000Z" };
    const at = (ms: number) => answerWindow(a, new Date(Date.parse(a.deadline_at) + ms));
    expect(at(0)).toEqual({ pastDeadline: false, accepting: true });
    expect(at(1)).toEqual({ pastDeadline: true, accepting: true });
    expect(at(GRACE_MS)).toEqual({ pastDeadline: true, accepting: true });
    expect(at(GRACE_MS + 1)).toEqual({ pastDeadline: true, accepting: false });
    expect(answerWindow({ deadline_at: null }, new Date("2099-01-01"))).toEqual({ pastDeadline: false, accepting: true });
  });

  it("an expired attempt is closed when the learner comes back, and a late submit keeps only saved answers", async () => {
    const u = await createUser(db);
    const t0 = new Date("2026-11-24T03:00:00Z");
    const { attempt } = await startAttempt(u.id, exam, "mn", t0);
    await saveAnswers(u.id, attempt.id, exam, new Map([["capital", perfect.get("capital")!]]), t0);
    const late = await submitAttempt(u.id, attempt.id, exam, perfect, new Date("2026-11-24T03:30:00Z"));
    expect(late.grade).toMatchObject({ score: 1 });
    const other = await createUser(db);
    const first = await startAttempt(other.id, exam, "mn", t0);
    const next = await startAttempt(other.id, exam, "mn", new Date("2026-11-24T04:00:00Z"));
    expect(next.attempt.id).not.toBe(first.attempt.id);
    expect((await listAttempts(other.id, exam)).map((a) => [a.attempt_no, a.status, a.auto_submitted])).toEqual([
      [1, "graded", 1],
      [2, "in_progress", 0],
    ]);
  });

  it("someone else's attempt cannot be read or changed", async () => {
    const owner = await createUser(db);
    const intruder = await createUser(db);
    const { attempt } = await startAttempt(owner.id, exam, "mn");
    await expect(saveAnswers(intruder.id, attempt.id, exam, perfect)).rejects.toMatchObject({ code: "notFound" });
    await expect(submitAttempt(intruder.id, attempt.id, exam, perfect)).rejects.toMatchObject({ code: "notFound" });
  });

  it("review: after_submit at once; after_close only when no attempt is left", async () => {
    const u = await createUser(db);
    const a1 = (await startAttempt(u.id, practice, "mn")).attempt;
    await submitAttempt(u.id, a1.id, practice, new Map());
    let attempts = await listAttempts(u.id, practice);
    expect(reviewAllowed(attempts[0], practice, attempts, NO_GRANT)).toBe(false);
    const a2 = (await startAttempt(u.id, practice, "mn")).attempt;
    attempts = await listAttempts(u.id, practice);
    expect(reviewAllowed(attempts[0], practice, attempts, NO_GRANT)).toBe(false); // second still open
    await submitAttempt(u.id, a2.id, practice, new Map());
    attempts = await listAttempts(u.id, practice);
    expect(reviewAllowed(attempts[1], practice, attempts, NO_GRANT)).toBe(true);
    const e = (await startAttempt(u.id, exam, "mn")).attempt;
    expect(reviewAllowed(e, exam, [e], NO_GRANT)).toBe(false); // in progress
  });

  it("completes the course once required lessons are done and the exam is passed", async () => {
    const u = await createUser(db);
    await enrol(u.id, "sample");
    const { attempt } = await startAttempt(u.id, exam, "mn");
    const submitted = await submitAttempt(u.id, attempt.id, exam, perfect);
    expect(submitted.grade?.completion).toMatchObject({ completed: false }); // lessons not done
    expect((await recordLessonDone(u.id, course, "first")).completed).toBe(false);
    expect((await recordLessonDone(u.id, course, "second")).completed).toBe(false);
    const last = await recordLessonDone(u.id, course, "only-mongolian");
    expect(last.completed).toBe(true);
    expect(last.certificate?.serial).toMatch(/^EMA-\d{4}-\d{6}$/);
    expect((await recordLessonDone(u.id, course, "first")).completed).toBe(false); // only once
    const p = await courseProgress(u.id, course);
    expect(p).toMatchObject({ status: "completed", percent: 100, examPassed: true, requiredDone: 3, requiredTotal: 3 });
  });

  it("completes the course in the grading transaction when the exam is the last step, even when the deadline closes it", async () => {
    const u = await createUser(db);
    for (const l of ["first", "second", "only-mongolian"]) await recordLessonDone(u.id, course, l);
    const { attempt } = await startAttempt(u.id, exam, "mn");
    await saveAnswers(u.id, attempt.id, exam, perfect);
    // the time runs out; the next request closes and grades the attempt with what was saved
    const late = new Date(Date.now() + 3 * 3600_000);
    const r = await saveAnswers(u.id, attempt.id, exam, new Map(), late);
    expect(r.expired).toBe(true);
    const certs = await db.selectFrom("certificate").select("serial").where("user_id", "=", u.id).execute();
    expect(certs).toHaveLength(1);
    expect((await courseProgress(u.id, course)).status).toBe("completed");
  });
});

// What a coordinator grants one learner (features/enrolment/enrolled.server.ts) and the engine honours.
describe("extra attempts and extra time", () => {
  async function enrolledLearner() {
    const u = await createUser(db);
    await enrol(u.id, "sample");
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const actor = { id: admin.id, roles: [{ role: "admin" as const, aimag_code: null }] };
    return { userId: u.id, enrolmentId: (await findEnrolment(u.id, "sample"))!.id, actor };
  }

  it("a learner who used every attempt can start exactly one more after one is granted", async () => {
    const { userId, enrolmentId, actor } = await enrolledLearner();
    for (let i = 0; i < 2; i++) {
      const { attempt } = await startAttempt(userId, exam, "mn");
      await submitAttempt(userId, attempt.id, exam, new Map());
    }
    await expect(startAttempt(userId, exam, "mn")).rejects.toMatchObject({ code: "attemptLimit" });
    expect(await grantExtraAttempts(actor, course, enrolmentId, 1)).toEqual({ ok: true, changed: true });
    expect(await quizGrant(userId, exam)).toEqual({ extraAttempts: 1, extraMinutes: 0 });
    expect(attemptAllowance(exam, await listAttempts(userId, exam), null, await quizGrant(userId, exam)).canStart).toBe(true);
    const third = await startAttempt(userId, exam, "mn");
    expect(third).toMatchObject({ resumed: false, attempt: { attempt_no: 3 } });
    await submitAttempt(userId, third.attempt.id, exam, new Map());
    await expect(startAttempt(userId, exam, "mn")).rejects.toMatchObject({ code: "attemptLimit" });
    expect(await listAttempts(userId, exam)).toHaveLength(3);
  });

  it("a grant is for the course's exam only: practice quizzes keep their own limit", async () => {
    const { userId, enrolmentId, actor } = await enrolledLearner();
    await grantExtraAttempts(actor, course, enrolmentId, 3);
    expect(await quizGrant(userId, practice)).toEqual({ extraAttempts: 0, extraMinutes: 0 });
    for (let i = 0; i < 2; i++) {
      const { attempt } = await startAttempt(userId, practice, "mn");
      await submitAttempt(userId, attempt.id, practice, new Map());
    }
    await expect(startAttempt(userId, practice, "mn")).rejects.toMatchObject({ code: "attemptLimit" });
  });

  it("an exam started after a grant of 30 minutes has its deadline 30 minutes later; one already running keeps its own", async () => {
    const { userId, enrolmentId, actor } = await enrolledLearner();
    const t0 = new Date("2026-11-24T02:00:00Z");
    const running = await startAttempt(userId, exam, "mn", t0);
    expect(running.attempt.deadline_at).toBe("2026-11-24T02:10:00.000Z");
    expect(await grantExtraMinutes(actor, course, enrolmentId, 30)).toEqual({ ok: true, changed: true });
    // the attempt under way was started with 10 minutes: the grant does not move its deadline
    expect((await startAttempt(userId, exam, "mn", new Date("2026-11-24T02:05:00Z"))).attempt).toMatchObject({
      id: running.attempt.id,
      deadline_at: "2026-11-24T02:10:00.000Z",
    });
    const late = await saveAnswers(userId, running.attempt.id, exam, new Map([["capital", perfect.get("capital")!]]), new Date("2026-11-24T02:15:00Z"));
    expect(late.accepted).toBe(false);
    const t1 = new Date("2026-11-24T03:00:00Z");
    const next = await startAttempt(userId, exam, "mn", t1);
    expect(next.attempt.deadline_at).toBe("2026-11-24T03:40:00.000Z");
    // within the longer time an answer counts
    const inTime = await saveAnswers(userId, next.attempt.id, exam, new Map([["capital", perfect.get("capital")!]]), new Date("2026-11-24T03:35:00Z"));
    expect(inTime).toMatchObject({ accepted: true, expired: false });
  });

  it("answers shown once the exam is closed wait for granted attempts too", async () => {
    const closing = { ...exam, quiz: { ...exam.quiz, review: "after_close" as const } };
    const { userId } = await enrolledLearner();
    for (let i = 0; i < 2; i++) {
      const { attempt } = await startAttempt(userId, exam, "mn");
      await submitAttempt(userId, attempt.id, exam, new Map());
    }
    const attempts = await listAttempts(userId, exam);
    expect(reviewAllowed(attempts[1], closing, attempts, NO_GRANT)).toBe(true);
    expect(reviewAllowed(attempts[1], closing, attempts, { extraAttempts: 1, extraMinutes: 0 })).toBe(false);
  });
});
