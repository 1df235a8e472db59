// The crash test's checker must see each kind of damage it is there to find (tests/faults/checks.ts).
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { createUser } from "../../db/factories";
import { db } from "~/db.server";
import { getCatalogue } from "~/features/content/content.server";
import { requiredLessons } from "~/features/enrolment/progress.server";
import { enrol, markLessonDone, setEnrolmentCompleted } from "~/features/enrolment/repository.server";
import { findQuiz, saveAnswers, startAttempt, submitAttempt } from "~/features/quiz/attempts.server";
import { attemptQuestions, type DrawnQuestion } from "~/features/quiz/grading";
import { readResponses } from "~/features/quiz/responses";
import { checkDatabase, type CheckContext } from "../faults/checks";
import { answerFields, type Entry, type Fields } from "../faults/learners";

const course = getCatalogue().courses.find((c) => c.slug === "sample")!;
const exam = findQuiz(course, course.meta.exam!)!;
const responsesOf = (fields: Fields, drawn: DrawnQuestion[]) => {
  const form = new FormData();
  for (const [k, v] of fields) form.append(k, v);
  return readResponses(form, attemptQuestions(exam.quiz, drawn));
};
/** An attempt's questions as its page shows them, keyed for this attempt. */
const questionsOf = (attempt: { questions: string }) => attemptQuestions(exam.quiz, JSON.parse(attempt.questions) as DrawnQuestion[]);
const ctx: CheckContext = { courseSlug: course.slug, requiredLessons: requiredLessons(course).map((l) => l.slug), expectedAnswers: responsesOf };
const lesson = ctx.requiredLessons[0];

async function learner() {
  const user = await createUser(db);
  await enrol(user.id, course.slug);
  return user.id;
}

const violationsOf = async (ledger: Entry[]) =>
  (await checkDatabase(db, ledger, ctx)).violations.filter((v) =>
    ledger.some((e) => v.includes(e.write.userId) || ("attemptId" in e.write && e.write.attemptId && v.includes(e.write.attemptId))),
  );

describe("crash test checks", () => {
  it("finds an acknowledged lesson that is missing, and not one that is there", async () => {
    const userId = await learner();
    await markLessonDone(userId, course.slug, lesson);
    const other = await learner();
    const ledger: Entry[] = [
      { cycle: 1, state: "acked", write: { kind: "lesson", userId, lesson, completes: false } },
      { cycle: 1, state: "acked", write: { kind: "lesson", userId: other, lesson, completes: false } },
      { cycle: 1, state: "sent", write: { kind: "lesson", userId: other, lesson: ctx.requiredLessons[1], completes: false } },
    ];
    const violations = await violationsOf(ledger);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain(`user ${other}: acknowledged "lesson done" ${lesson} is missing`);
  });

  it("finds a completed enrolment without its certificate, acknowledged or not", async () => {
    const userId = await learner();
    const enrolment = await db.selectFrom("enrolment").select("id").where("user_id", "=", userId).executeTakeFirstOrThrow();
    await setEnrolmentCompleted(enrolment.id, new Date().toISOString());
    const { violations } = await checkDatabase(db, [], ctx);
    expect(violations).toContain(`enrolment of ${userId} in ${course.slug} is completed without a certificate`);
  });

  it("accepts the last acknowledged answer or a later one in flight, and nothing older", async () => {
    const userId = await learner();
    const { attempt } = await startAttempt(userId, exam, "mn");
    const wrong = answerFields(questionsOf(attempt), false, 0);
    const right = answerFields(questionsOf(attempt), true, 1);
    await saveAnswers(userId, attempt.id, exam, responsesOf(wrong, JSON.parse(attempt.questions) as DrawnQuestion[]));
    const save = (fields: Fields, state: Entry["state"]): Entry => ({ cycle: 1, state, write: { kind: "save", userId, attemptId: attempt.id, fields } });
    const start: Entry = { cycle: 1, state: "acked", write: { kind: "start", userId, attemptId: attempt.id } };

    expect(await violationsOf([start, save(wrong, "acked")])).toEqual([]);
    expect(await violationsOf([start, save(wrong, "acked"), save(right, "sent")])).toEqual([]);
    // the database still holds the wrong answers, but the right ones were acknowledged after them
    const stale = await violationsOf([start, save(wrong, "acked"), save(right, "acked")]);
    expect(stale.length).toBeGreaterThan(0);
    expect(stale[0]).toMatch(/stored answer .* is not the acknowledged one/);
  });

  it("finds an acknowledged submission whose attempt is still in progress", async () => {
    const userId = await learner();
    const { attempt } = await startAttempt(userId, exam, "mn");
    const fields = answerFields(questionsOf(attempt), true, 0);
    const violations = await violationsOf([{ cycle: 1, state: "acked", write: { kind: "submit", userId, attemptId: attempt.id, fields, completes: true } }]);
    expect(violations.join("\n")).toContain(`acknowledged submission of ${attempt.id} is "in_progress"`);
    expect(violations.join("\n")).toContain("enrolment not completed");
    expect(violations.join("\n")).toContain("no certificate");
  });

  it("answers with the attempt's keys, which the app reads back as the author's right answers", async () => {
    const userId = await learner();
    const { attempt } = await startAttempt(userId, exam, "mn");
    const questions = questionsOf(attempt);
    const right = answerFields(questions, true, 0);
    // options and ordering items travel as this attempt's keys, never as the author's ids
    const authorIds = new Set(questions.flatMap((q) => q.choices.filter((c) => c.key !== c.id).map((c) => c.id)));
    expect(questions.some((q) => q.choices.length > 0)).toBe(true);
    for (const [name, value] of right) {
      expect(authorIds.has(value)).toBe(false);
      expect(authorIds.has(name.split(".")[2] ?? "")).toBe(false);
    }
    const { grade } = await submitAttempt(userId, attempt.id, exam, responsesOf(right, JSON.parse(attempt.questions) as DrawnQuestion[]));
    expect(grade?.passed).toBe(true);
    expect(
      await violationsOf([{ cycle: 1, state: "acked", write: { kind: "submit", userId, attemptId: attempt.id, fields: right, completes: false } }]),
    ).toEqual([]);
  });
});
