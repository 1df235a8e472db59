// The crash test's checker must see each kind of damage it is there to find (tests/faults/checks.ts).
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { createUser } from "../../db/factories";
import { db } from "~/db.server";
import { getCatalogue } from "~/features/content/content.server";
import { createEvent, recordMarks, register } from "~/features/events/events.server";
import { insertReceipt, upsertAttendance } from "~/features/events/repository.server";
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
const ctx: CheckContext = {
  courseSlug: course.slug,
  requiredLessons: requiredLessons(course).map((l) => l.slug),
  expectedAnswers: responsesOf,
  attendance: { courseSlug: "blended", ready: new Set() },
};
const lesson = ctx.requiredLessons[0];

/** A one-session event (threshold 100 %) of the blended fixture course, and a registered learner with its online part done. */
async function attendee() {
  const admin = await createUser(db, { roles: [{ role: "admin" }] });
  const now = Date.now();
  const planned = await createEvent(
    { id: admin.id, roles: [{ role: "admin", aimag_code: null }] },
    {
      campaignId: null,
      titleMn: "Сургалт",
      titleEn: "Training",
      aimagCode: "MN-069",
      sumId: null,
      venue: "Танхим",
      audience: ["sum_operator"],
      capacity: 5,
      thresholdPercent: 100,
      courses: ["blended"],
      trainers: [],
      sessions: [{ starts_at: new Date(now - 3600_000).toISOString(), ends_at: new Date(now + 3600_000).toISOString(), self_check_in: false }],
    },
  );
  if (!("id" in planned)) throw new Error(planned.problem);
  const sessionId = (await db.selectFrom("event_session").select("id").where("event_id", "=", planned.id).executeTakeFirstOrThrow()).id;
  const user = await createUser(db);
  await register(user.id, planned.id);
  for (const l of requiredLessons(getCatalogue().courses.find((c) => c.slug === "blended")!)) await markLessonDone(user.id, "blended", l.slug);
  ctx.attendance!.ready.add(user.id);
  const mark = (clientId: string, state: Entry["state"] = "acked"): Entry => ({
    cycle: 1,
    state,
    write: { kind: "mark", userId: user.id, trainerId: admin.id, sessionId, clientId, mark: "present", completes: true },
  });
  return { admin, userId: user.id, sessionId, mark };
}

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

  it("accepts a mark that completed the course in its transaction", async () => {
    const { admin, userId, sessionId, mark } = await attendee();
    const clientId = crypto.randomUUID();
    const results = await recordMarks({ id: admin.id, roles: [{ role: "admin", aimag_code: null }] }, sessionId, [{ userId, clientId, mark: "present" }]);
    expect(Array.isArray(results) && results[0].outcome).toBe("applied");
    expect(await violationsOf([mark(clientId)])).toEqual([]);
  });

  it("finds an acknowledged mark that is missing, and a stored mark that did not complete the course", async () => {
    const missing = await attendee();
    const lost = await violationsOf([missing.mark("lost-1")]);
    expect(lost.join("\n")).toContain("acknowledged mark lost-1 (session");
    expect(lost.join("\n")).toContain("acknowledged mark lost-1 has no receipt");
    expect(lost.join("\n")).toContain("acknowledged completing mark lost-1, but enrolment not completed");
    expect(await violationsOf([missing.mark("lost-2", "sent")])).toEqual([]);

    // the mark and its receipt committed, the completion not (as if it were a second transaction)
    const half = await attendee();
    const at = new Date().toISOString();
    const row = { session_id: half.sessionId, user_id: half.userId, mark: "present" as const, source: "roll" as const, marked_by: half.admin.id };
    await upsertAttendance(db, { ...row, marked_at: at, received_at: at, client_id: "half-1" });
    await insertReceipt(db, { client_id: "half-1", session_id: half.sessionId, user_id: half.userId, outcome: "applied", received_at: at });
    const unacked = await violationsOf([half.mark("half-1", "sent")]);
    expect(unacked).toEqual([
      `attendance of ${half.userId} is stored and completes blended, but enrolment not completed`,
      `attendance of ${half.userId} is stored and completes blended, but no certificate`,
    ]);
    expect((await violationsOf([half.mark("half-1")])).join("\n")).toContain("acknowledged completing mark half-1, but no certificate");
  });
});
