// The exam statistics summaries (migration 0016) against the raw attempts they sum up: after real
// grading, an answer removed, an attempt leaving the graded state, a learner's deletion (cascade), the
// migration's backfill — on SQLite, and on PostgreSQL with TEST_DATABASE=postgres. And the upper and
// lower groups when attempts tie at a group's edge, worked out by hand.
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { createUser, type Grade, insertGradedAttempt } from "../../../db/factories";
import * as m0016 from "../../../db/migrations/0016_exam_statistics_summary";
import { rebuildQuizStatistics } from "../../../db/quiz-statistics";
import { engineOf } from "../../../db/report-facts";
import { db } from "~/db.server";
import { getCatalogue } from "~/features/content/content.server";
import { findQuiz, saveAnswers, startAttempt, submitAttempt } from "./attempts.server";
import type { Response } from "./grading";
import { itemCounts, questionStatistics } from "./statistics.server";

const course = getCatalogue().courses.find((c) => c.slug === "sample")!;
const exam = findQuiz(course, "final")!;

/** A seeded generator, so that a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: () => number, xs: T[]) => xs[Math.floor(rnd() * xs.length)];

/** Any answer to each question of the sample exam, right or wrong. */
function answers(rnd: () => number): Map<string, Response> {
  return new Map<string, Response>([
    ["capital", { type: "single", optionId: pick(rnd, ["a", "a", "b", "c"]) }],
    ["safe-habits", { type: "multiple", optionIds: pick(rnd, [["a", "b"], ["a"], ["a", "c"], ["b", "c"], []]) }],
    ["aimags-tf", { type: "true_false", value: rnd() < 0.6 }],
    ["point-name", { type: "short_text", text: pick(rnd, ["Хурдан цэг", "Удаан цэг"]) }],
    ["services", { type: "numeric", value: pick(rnd, [1106, 1106, 5]) }],
    [
      "steps",
      {
        type: "ordering",
        itemIds: pick(rnd, [
          ["a", "b", "c"],
          ["c", "b", "a"],
        ]),
      },
    ],
  ]);
}

const key = (...parts: unknown[]) => parts.join("|");
const r6 = (n: number) => Math.round(n * 1_000_000) / 1_000_000;

/** The three summaries recomputed in JavaScript from the graded attempts and their saved answers. */
async function recomputed() {
  const attempts = await db.selectFrom("quiz_attempt").select(["id", "course_slug", "quiz_slug", "percent", "grades"]).where("status", "=", "graded").execute();
  const bands = new Map<string, number>();
  const questions = new Map<string, { presented: number; correct: number; score_sum: number }>();
  const options = new Map<string, number>();
  const byId = new Map(attempts.map((a) => [a.id, a]));
  for (const a of attempts) {
    const percent = Number(a.percent ?? 0);
    bands.set(key(a.course_slug, a.quiz_slug, percent), (bands.get(key(a.course_slug, a.quiz_slug, percent)) ?? 0) + 1);
    for (const g of JSON.parse(a.grades ?? "[]") as Grade[]) {
      const k = key(a.course_slug, a.quiz_slug, g.questionId, percent);
      const q = questions.get(k) ?? { presented: 0, correct: 0, score_sum: 0 };
      questions.set(k, { presented: q.presented + 1, correct: q.correct + (g.correct ? 1 : 0), score_sum: r6(q.score_sum + g.score) });
    }
  }
  for (const aa of await db.selectFrom("attempt_answer").select(["attempt_id", "question_id", "response"]).execute()) {
    const a = byId.get(aa.attempt_id);
    if (!a) continue;
    const r = JSON.parse(aa.response) as Response;
    const chosen = r.type === "single" ? [r.optionId] : r.type === "multiple" ? r.optionIds : [];
    for (const o of chosen) {
      if (o === null || o === undefined) continue;
      const k = key(a.course_slug, a.quiz_slug, aa.question_id, o);
      options.set(k, (options.get(k) ?? 0) + 1);
    }
  }
  return { bands, questions, options };
}

/** The summaries as the triggers keep them (rows counted down to nothing left out). */
async function kept() {
  const bands = new Map<string, number>();
  for (const b of await db.selectFrom("quiz_score_band").selectAll().execute())
    if (Number(b.attempts) !== 0) bands.set(key(b.course_slug, b.quiz_slug, Number(b.percent)), Number(b.attempts));
  const questions = new Map<string, { presented: number; correct: number; score_sum: number }>();
  for (const q of await db.selectFrom("quiz_question_stat").selectAll().execute())
    if (Number(q.presented) !== 0 || Number(q.correct) !== 0 || Math.abs(Number(q.score_sum)) > 1e-9)
      questions.set(key(q.course_slug, q.quiz_slug, q.question_id, Number(q.percent)), {
        presented: Number(q.presented),
        correct: Number(q.correct),
        score_sum: r6(Number(q.score_sum)),
      });
  const options = new Map<string, number>();
  for (const o of await db.selectFrom("quiz_option_stat").selectAll().execute())
    if (Number(o.chosen) !== 0) options.set(key(o.course_slug, o.quiz_slug, o.question_id, o.option_id), Number(o.chosen));
  return { bands, questions, options };
}

async function expectInStep() {
  const want = await recomputed();
  const have = await kept();
  expect(have.bands).toEqual(want.bands);
  expect(have.questions).toEqual(want.questions);
  expect(have.options).toEqual(want.options);
  return want;
}

describe("exam statistics summaries", () => {
  it("equal a recomputation from the raw attempts after grading, an answer removed, an attempt ungraded and learners deleted", async () => {
    const rnd = random(7);
    const users: string[] = [];
    for (let i = 0; i < 14; i++) {
      const u = await createUser(db);
      users.push(u.id);
      // one or two attempts each, graded the way a learner submits: answers saved first, the rest with the submission
      for (let n = 0; n < (i % 3 === 0 ? 2 : 1); n++) {
        const { attempt } = await startAttempt(u.id, exam, "mn", new Date(), rnd);
        const all = [...answers(rnd)];
        await saveAnswers(u.id, attempt.id, exam, new Map(all.slice(0, 3)));
        await submitAttempt(u.id, attempt.id, exam, new Map(all.slice(3)));
      }
    }
    // an attempt in progress with saved answers counts for nothing
    const open = await createUser(db);
    const { attempt: unfinished } = await startAttempt(open.id, exam, "mn", new Date(), rnd);
    await saveAnswers(open.id, unfinished.id, exam, answers(rnd));
    // a graded attempt written in one go (an import), its answers after it
    await insertGradedAttempt(db, open.id, {
      quiz: "check",
      percent: 50,
      grades: [{ questionId: "capital", score: 1, max: 1, correct: true }],
      answers: { capital: { type: "single", optionId: "a" } },
      at: new Date(),
    });
    const first = await expectInStep();
    expect([...first.bands.values()].reduce((a, b) => a + b, 0)).toBe(14 + 5 + 1);
    expect(first.options.size).toBeGreaterThan(4);

    // an answer of a graded attempt removed, another one changed
    const some = await db
      .selectFrom("attempt_answer as aa")
      .innerJoin("quiz_attempt as a", "a.id", "aa.attempt_id")
      .select(["aa.attempt_id", "aa.question_id", "aa.response"])
      .where("a.status", "=", "graded")
      .where("aa.question_id", "=", "capital")
      .orderBy("aa.attempt_id")
      .limit(2)
      .execute();
    await db.deleteFrom("attempt_answer").where("attempt_id", "=", some[0].attempt_id).where("question_id", "=", "capital").execute();
    const was = (JSON.parse(some[1].response) as { optionId: string }).optionId;
    await db
      .updateTable("attempt_answer")
      .set({ response: JSON.stringify({ type: "single", optionId: was === "c" ? "b" : "c" }) })
      .where("attempt_id", "=", some[1].attempt_id)
      .where("question_id", "=", "capital")
      .execute();
    await expectInStep();

    // an attempt taken out of the graded state, and another one's grades rewritten
    const [one, two] = await db
      .selectFrom("quiz_attempt")
      .select(["id"])
      .where("status", "=", "graded")
      .where("quiz_slug", "=", "final")
      .orderBy("id")
      .limit(2)
      .execute();
    await db.updateTable("quiz_attempt").set({ status: "in_progress" }).where("id", "=", one.id).execute();
    await db
      .updateTable("quiz_attempt")
      .set({ percent: 12.5, grades: JSON.stringify([{ questionId: "steps", score: 1, max: 1, correct: true }]) })
      .where("id", "=", two.id)
      .execute();
    await expectInStep();

    // learners deleted: their attempts and answers go by cascade
    await db.deleteFrom("users").where("id", "in", users.slice(0, 5)).execute();
    const after = await expectInStep();
    expect([...after.bands.values()].reduce((a, b) => a + b, 0)).toBeLessThan(20);

    // a rebuild from scratch gives the same rows the triggers kept
    const before = await kept();
    await rebuildQuizStatistics(db, engineOf(db));
    expect(await kept()).toEqual(before);

    // everyone gone: nothing left to count
    await db.deleteFrom("users").execute();
    const none = await kept();
    expect([none.bands.size, none.questions.size, none.options.size]).toEqual([0, 0, 0]);
    expect((await questionStatistics(exam, "mn")).every((q) => q.presented === 0 && q.options.every((o) => o.chosen === 0))).toBe(true);
  });

  it("count every one of many gradings at once (PostgreSQL: concurrent transactions on shared summary rows)", async () => {
    const rnd = random(11);
    const started = [];
    for (let i = 0; i < 16; i++) {
      const u = await createUser(db);
      started.push({ user: u.id, attempt: (await startAttempt(u.id, exam, "mn", new Date(), rnd)).attempt.id, responses: answers(rnd) });
    }
    const results = await Promise.all(started.map((s) => submitAttempt(s.user, s.attempt, exam, s.responses)));
    expect(results.every((r) => r.grade !== null)).toBe(true);
    const want = await expectInStep();
    expect([...want.bands.values()].reduce((a, b) => a + b, 0)).toBe(16);
    await db.deleteFrom("users").execute();
  });

  it("are backfilled from the attempts graded before the migration", async () => {
    await m0016.down(db);
    const u = await createUser(db);
    await insertGradedAttempt(db, u.id, {
      percent: 40,
      grades: [
        { questionId: "capital", score: 0, max: 1, correct: false },
        { questionId: "safe-habits", score: 1, max: 2, correct: false },
      ],
      answers: { capital: { type: "single", optionId: "b" }, "safe-habits": { type: "multiple", optionIds: ["a"] } },
      at: new Date(),
    });
    await m0016.up(db);
    const want = await expectInStep();
    expect(want.questions.get(key("sample", "final", "safe-habits", 40))).toEqual({ presented: 1, correct: 0, score_sum: 1 });
    expect(want.options.get(key("sample", "final", "capital", "b"))).toBe(1);
    await db.deleteFrom("users").execute();
  });

  /**
   * Ten attempts, percent and capital right (R) or wrong (W): 100 R · 80 R, 80 R, 80 W · 50 R, 50 W ·
   * 20 R, 20 W, 20 W · 0 W. Groups of round(0.27 · 10) = 3: the upper is the 100 and two of the three
   * 80s — each 80 counts 2/3 — and the lower the 0 and two thirds of each 20.
   * - capital (all drew it): upper n = 1 + 3 · 2/3 = 3, right 1 + 2 · 2/3 = 7/3 → p_upper = 7/9;
   *   lower n = 1 + 3 · 2/3 = 3, right 0 + 1 · 2/3 = 2/3 → p_lower = 2/9; D = 5/9; facility 5/10.
   * - services (drawn by the 2nd, 4th, 6th, 8th and 10th, right but for the 10th: 80, 80, 50, 20, 0):
   *   upper n = 2 · 2/3 = 4/3, all right → p_upper = 1; lower n = 1 + 2/3 = 5/3, right 2/3 → p_lower = 0.4; D = 0.6.
   */
  it("shares the attempts tied at a group's edge in proportion", async () => {
    const rows: [number, boolean][] = [
      [100, true],
      [80, true],
      [80, true],
      [80, false],
      [50, true],
      [50, false],
      [20, true],
      [20, false],
      [20, false],
      [0, false],
    ];
    for (const [i, [percent, right]] of rows.entries()) {
      const u = await createUser(db);
      const grades: Grade[] = [{ questionId: "capital", score: right ? 1 : 0, max: 1, correct: right }];
      if (i % 2 === 1) grades.push({ questionId: "services", score: i === 9 ? 0 : 1, max: 1, correct: i !== 9 });
      await insertGradedAttempt(db, u.id, { percent, grades, at: new Date() });
    }
    const counts = new Map((await itemCounts(exam)).map((c) => [c.questionId, c]));
    const capital = counts.get("capital")!;
    expect(capital).toMatchObject({ presented: 10, correct: 5, upperN: 3, lowerN: 3 });
    expect(capital.upperCorrect).toBeCloseTo(7 / 3, 6);
    expect(capital.lowerCorrect).toBeCloseTo(2 / 3, 6);
    const stats = new Map((await questionStatistics(exam, "mn")).map((q) => [q.questionId, q]));
    expect(stats.get("capital")!.pUpper).toBeCloseTo(7 / 9, 6);
    expect(stats.get("capital")!.pLower).toBeCloseTo(2 / 9, 6);
    expect(stats.get("capital")!.discrimination).toBeCloseTo(5 / 9, 6);
    expect(stats.get("capital")!.facility).toBe(0.5);
    const services = stats.get("services")!;
    expect(services.presented).toBe(5);
    expect(services.upperN).toBeCloseTo(4 / 3, 6);
    expect(services.lowerN).toBeCloseTo(5 / 3, 6);
    expect(services.pUpper).toBeCloseTo(1, 6);
    expect(services.pLower).toBeCloseTo(0.4, 6);
    expect(services.discrimination).toBeCloseTo(0.6, 6);
  });
});
