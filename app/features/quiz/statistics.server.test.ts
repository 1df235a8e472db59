// Exam statistics on a small set of attempts whose figures are worked out by hand below, against the
// real database (SQLite, or PostgreSQL with TEST_DATABASE=postgres).
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { createUser, type Grade, insertGradedAttempt } from "../../../db/factories";
import { db } from "~/db.server";
import { getCatalogue } from "~/features/content/content.server";
import { findQuiz } from "./attempts.server";
import { attemptPage, attemptPages, decodeCursor, encodeCursor, questionStatistics, scoreSummary } from "./statistics.server";

const course = getCatalogue().courses.find((c) => c.slug === "sample")!;
const exam = findQuiz(course, "final")!;

const g = (questionId: string, correct: boolean, max = 1, score = correct ? max : 0): Grade => ({ questionId, score, max, correct });

/**
 * Twenty attempts by twenty learners, attempt i (1…20) scoring 5·i percent: the upper 27 % are
 * i = 16…20 and the lower 27 % i = 1…5 (round(0.27 · 20) = 5 each).
 * - capital (single): right for i ≥ 9 → p = 12/20 = 0.6, p_upper = 5/5, p_lower = 0/5, D = 1;
 *   b chosen by i = 1…5, c by i = 6…8, a by the other 12.
 * - aimags-tf: right only for i ≤ 5 → p = 0.25, p_upper = 0, p_lower = 1, D = −1 (negative, strong wrong).
 * - services: drawn only by even i (10 attempts), wrong only for i = 2 → p = 0.9; the upper group drew it
 *   3 times (16, 18, 20: all right), the lower twice (2 wrong, 4 right) → D = 1 − 0.5 = 0.5, groups too
 *   small for hints.
 * - point-name: right for all → p = 1 (too easy); D = 0.
 * - steps: right only for i = 20 → p = 0.05, p_upper = 0.2, D = 0.2 (too hard, strong wrong).
 * - safe-habits (multiple, 2 points): a+b (full) for i ≥ 11, a+c (no credit) for i ≤ 10 → p = 0.5,
 *   D = 1, a chosen 20 times, b 10, c 10; average share 0.5.
 * One attempt still in progress and one of another quiz must not count.
 */
async function seedKnownSet() {
  const base = Date.parse("2026-11-01T02:00:00Z");
  const users: string[] = [];
  for (let i = 1; i <= 20; i++) {
    const u = await createUser(db, { surname: `Овог${String(i).padStart(2, "0")}`, givenName: `Нэр${i}`, aimagCode: i % 2 ? "MN-069" : "MN-046" });
    users.push(u.id);
    const grades = [
      g("capital", i >= 9),
      g("aimags-tf", i <= 5),
      ...(i % 2 === 0 ? [g("services", i !== 2)] : []),
      g("point-name", true),
      g("steps", i === 20),
      g("safe-habits", i >= 11, 2),
    ];
    await insertGradedAttempt(db, u.id, {
      percent: i * 5,
      grades,
      at: new Date(base + i * 3600_000),
      answers: {
        capital: { type: "single", optionId: i >= 9 ? "a" : i <= 5 ? "b" : "c" },
        "safe-habits": { type: "multiple", optionIds: i >= 11 ? ["a", "b"] : ["a", "c"] },
        "aimags-tf": { type: "true_false", value: i <= 5 },
      },
    });
  }
  // not graded, and another quiz: neither counts
  await insertGradedAttempt(db, users[0], {
    attemptNo: 2,
    percent: 0,
    grades: [g("capital", false)],
    at: new Date(base),
    status: "in_progress",
    answers: { capital: { type: "single", optionId: "c" } },
  });
  await db
    .insertInto("quiz_attempt")
    .values({
      id: crypto.randomUUID(),
      user_id: users[0],
      course_slug: "sample",
      quiz_slug: "check",
      kind: "practice",
      attempt_no: 1,
      status: "graded",
      language: "mn",
      questions: "[]",
      started_at: new Date(base).toISOString(),
      deadline_at: null,
      submitted_at: new Date(base).toISOString(),
      graded_at: new Date(base).toISOString(),
      auto_submitted: 0,
      score: 0,
      max_score: 2,
      percent: 0,
      passed: 0,
      grades: JSON.stringify([g("capital", false)]),
    })
    .execute();
  return users;
}

describe("exam statistics", () => {
  beforeAll(async () => {
    await seedKnownSet();
  });

  it("sums up the graded attempts: counts, pass rate, median and the ten bins", async () => {
    const s = await scoreSummary(exam);
    expect(s).toMatchObject({ attempts: 20, learners: 20, passed: 9, passRate: 9 / 20, median: 52.5, mean: 52.5 });
    // 5, 10, 15, … 100: one in 0–9, two in each band after, 100 joins 90–99
    expect(s.bins.map((b) => b.count)).toEqual([1, 2, 2, 2, 2, 2, 2, 2, 2, 3]);
    expect(s.bins[9]).toMatchObject({ from: 90, to: 100 });
  });

  it("gives each question's facility, D and option counts over the attempts that drew it, with hints", async () => {
    const stats = new Map((await questionStatistics(exam, "mn")).map((q) => [q.questionId, q]));
    expect(stats.get("capital")).toMatchObject({ presented: 20, correct: 12, facility: 0.6, pUpper: 1, pLower: 0, discrimination: 1, hints: [] });
    expect(stats.get("capital")!.options.map((o) => [o.id, o.correct, o.chosen, o.share])).toEqual([
      ["a", true, 12, 0.6],
      ["b", false, 5, 0.25],
      ["c", false, 3, 0.15],
    ]);
    expect(stats.get("aimags-tf")).toMatchObject({ facility: 0.25, pUpper: 0, pLower: 1, discrimination: -1, hints: ["negative", "strongWrong"] });
    expect(stats.get("aimags-tf")!.options).toEqual([]);
    expect(stats.get("services")).toMatchObject({
      presented: 10,
      correct: 9,
      facility: 0.9,
      upperN: 3,
      pUpper: 1,
      lowerN: 2,
      pLower: 0.5,
      discrimination: 0.5,
      hints: [],
    });
    expect(stats.get("point-name")).toMatchObject({ facility: 1, discrimination: 0, hints: ["tooEasy"] });
    expect(stats.get("steps")).toMatchObject({ facility: 0.05, pUpper: 0.2, pLower: 0, discrimination: 0.2, hints: ["strongWrong", "tooHard"] });
    const habits = stats.get("safe-habits")!;
    expect(habits).toMatchObject({ presented: 20, facility: 0.5, discrimination: 1, averageShare: 0.5, hints: [] });
    expect(habits.options.map((o) => [o.id, o.chosen])).toEqual([
      ["a", 20],
      ["b", 10],
      ["c", 10],
    ]);
  });

  it("lists attempts newest first, a keyset page at a time, narrowed to aimags", async () => {
    const first = await attemptPage(exam, "all", undefined, 8);
    expect(first.rows.map((r) => r.percent)).toEqual([100, 95, 90, 85, 80, 75, 70, 65]);
    expect(first.rows[0]).toMatchObject({ surname: "Овог20", givenName: "Нэр20", passed: true, score: 10, maxScore: 10 });
    const second = await attemptPage(exam, "all", decodeCursor(first.next), 8);
    expect(second.rows.map((r) => r.percent)).toEqual([60, 55, 50, 45, 40, 35, 30, 25]);
    const third = await attemptPage(exam, "all", decodeCursor(second.next), 8);
    expect(third.rows).toHaveLength(4);
    expect(third.next).toBeNull();
    // odd i live in MN-069
    const uvs = await attemptPage(exam, ["MN-046"], undefined, 50);
    expect(uvs.rows.map((r) => r.percent)).toEqual([100, 90, 80, 70, 60, 50, 40, 30, 20, 10]);
    expect((await attemptPage(exam, [], undefined, 50)).rows).toEqual([]);
    let all = 0;
    for await (const page of attemptPages(exam, "all", 7)) {
      expect(page.length).toBeLessThanOrEqual(7);
      all += page.length;
    }
    expect(all).toBe(20);
  });

  it("reads only real cursors", () => {
    expect(decodeCursor(encodeCursor({ submittedAt: "2026-11-01T02:00:00.000Z", id: "x" }))).toEqual({ submittedAt: "2026-11-01T02:00:00.000Z", id: "x" });
    for (const bad of ["", "%%%", "bm90IGpzb24", Buffer.from("[1,2]").toString("base64url"), Buffer.from('["a"]').toString("base64url"), "a".repeat(1000)]) {
      expect(decodeCursor(bad)).toBeUndefined();
    }
    expect(decodeCursor(null)).toBeUndefined();
  });

  it("hints when a wrong option draws more learners than the key", async () => {
    await db.deleteFrom("attempt_answer").execute();
    await db.deleteFrom("quiz_attempt").execute();
    const at = new Date("2026-11-02T02:00:00Z");
    for (let i = 0; i < 12; i++) {
      const u = await createUser(db);
      const right = i < 4;
      await insertGradedAttempt(db, u.id, {
        percent: 50 + i,
        grades: [g("capital", right)],
        at,
        answers: { capital: { type: "single", optionId: right ? "a" : "b" } },
      });
    }
    const capital = (await questionStatistics(exam, "en")).find((q) => q.questionId === "capital")!;
    expect(capital.options.find((o) => o.id === "b")).toMatchObject({ chosen: 8, text: "Darkhan", correct: false });
    expect(capital.hints).toContain("distractor");
    // never drawn: counted as nothing, without hints
    expect((await questionStatistics(exam, "en")).find((q) => q.questionId === "steps")).toMatchObject({
      presented: 0,
      facility: null,
      discrimination: null,
      hints: [],
    });
  });
});
