// The attempt state machine: in_progress → graded (submitted by the learner, or automatically at
// the deadline with the answers saved so far). Every transition runs in a write transaction and is
// conditional on the current state, so a double submit, a retry or two tabs yield one graded attempt.
import type { Kysely, Selectable, SelectQueryBuilder } from "kysely";
import { writeTransaction } from "../../../db/connection";
import type { DB, QuizAttemptTable } from "../../../db/schema";
import { database, db } from "~/db.server";
import { latestCertificate, renewalDue } from "~/features/certificates/certificates.server";
import { completeIfDue, type CompletionOutcome } from "~/features/enrolment/completion.server";
import { findEnrolment } from "~/features/enrolment/repository.server";
import type { CourseEntry } from "~/features/content/catalogue.server";
import type { Question, QuizDefinition } from "~/features/content/schemas";
import type { Language } from "~/i18n/config";
import { createHash } from "node:crypto";
import { attemptQuestions, drawQuestions, gradeAttempt, type AttemptGrade, type AttemptQuestion, type DrawnQuestion, type Response } from "./grading";

/** Answers arriving this long after the deadline (network delay) are still accepted. */
export const GRACE_MS = 10_000;

/**
 * The one time rule of an attempt. `pastDeadline`: the time is up (what the learner is told).
 * `accepting`: an answer or a submission arriving now still counts (deadline + grace), and until it
 * stops nothing may close the attempt behind the learner's back.
 */
export function answerWindow(attempt: Pick<Attempt, "deadline_at">, now: Date): { pastDeadline: boolean; accepting: boolean } {
  if (attempt.deadline_at === null) return { pastDeadline: false, accepting: true };
  const deadline = new Date(attempt.deadline_at).getTime();
  return { pastDeadline: now.getTime() > deadline, accepting: now.getTime() <= deadline + GRACE_MS };
}

export type Attempt = Selectable<QuizAttemptTable>;

export class QuizError extends Error {
  constructor(public code: "attemptLimit" | "alreadyPassed" | "expired" | "closed" | "notFound") {
    super(code);
  }
}

export interface QuizRef {
  course: CourseEntry;
  slug: string;
  quiz: QuizDefinition;
}

/** A quiz the course refers to (its exam or a module's practice quiz); undefined otherwise. */
export function findQuiz(course: CourseEntry, slug: string): QuizRef | undefined {
  const referenced = slug === course.meta.exam || course.meta.modules.some((m) => m.quiz === slug);
  const quiz = course.quizzes.get(slug);
  return referenced && quiz ? { course, slug, quiz } : undefined;
}

function forUpdate<O>(q: SelectQueryBuilder<DB, "quiz_attempt", O>) {
  return database.engine === "postgres" ? q.forUpdate() : q;
}

async function savedResponses(trx: Kysely<DB>, attemptId: string): Promise<Map<string, Response>> {
  const rows = await trx.selectFrom("attempt_answer").select(["question_id", "response"]).where("attempt_id", "=", attemptId).execute();
  return new Map(rows.map((r) => [r.question_id, JSON.parse(r.response) as Response]));
}

async function upsertResponses(trx: Kysely<DB>, attempt: Attempt, responses: Map<string, Response>, now: Date) {
  const allowed = new Set((JSON.parse(attempt.questions) as DrawnQuestion[]).map((q) => q.id));
  const rows = [...responses].filter(([id]) => allowed.has(id));
  for (const [questionId, response] of rows) {
    await trx
      .insertInto("attempt_answer")
      .values({ attempt_id: attempt.id, question_id: questionId, response: JSON.stringify(response), saved_at: now.toISOString() })
      .onConflict((oc) => oc.columns(["attempt_id", "question_id"]).doUpdateSet({ response: JSON.stringify(response), saved_at: now.toISOString() }))
      .execute();
  }
  return rows.length;
}

/** Flags a form sends: question id → flagged for review or not (only for questions whose fields were on the page). */
export type FlagChanges = Map<string, boolean>;

/** The ids of the questions the learner flagged for review, in the order the attempt shows them. */
export function flaggedQuestions(attempt: Pick<Attempt, "questions" | "flagged">): string[] {
  const flagged = new Set(JSON.parse(attempt.flagged || "[]") as string[]);
  return (JSON.parse(attempt.questions) as DrawnQuestion[]).map((q) => q.id).filter((id) => flagged.has(id));
}

async function updateFlags(trx: Kysely<DB>, attempt: Attempt, changes: FlagChanges) {
  if (!changes.size) return;
  const drawn = (JSON.parse(attempt.questions) as DrawnQuestion[]).map((q) => q.id);
  const flagged = new Set(flaggedQuestions(attempt));
  for (const [id, on] of changes) {
    if (on) flagged.add(id);
    else flagged.delete(id);
  }
  const next = JSON.stringify(drawn.filter((id) => flagged.has(id)));
  if (next !== JSON.stringify(flaggedQuestions(attempt))) await trx.updateTable("quiz_attempt").set({ flagged: next }).where("id", "=", attempt.id).execute();
}

/** A grade, and for the course's exam what passing it completed or renewed. */
/** The hash a question's definition is kept by: the same question, written the same, the same hash. */
export function questionHash(question: Question): string {
  return createHash("sha256").update(JSON.stringify(question)).digest("base64url").slice(0, 22);
}

/** Draws the attempt's questions and keeps each one's definition (once per version of a question). */
async function drawAndKeep(trx: Kysely<DB>, quiz: QuizDefinition, now: Date, random?: () => number): Promise<DrawnQuestion[]> {
  const byId = new Map(quiz.pools.flatMap((p) => p.questions).map((q) => [q.id, q]));
  const kept = new Map<string, Question>();
  const drawn = drawQuestions(quiz, random).map((d) => {
    const q = byId.get(d.id)!;
    const h = questionHash(q);
    kept.set(h, q);
    return { ...d, h };
  });
  if (kept.size)
    await trx
      .insertInto("quiz_question_version")
      .values([...kept].map(([hash, q]) => ({ hash, question: JSON.stringify(q), first_drawn_at: now.toISOString() })))
      .onConflict((oc) => oc.column("hash").doNothing())
      .execute();
  return drawn;
}

/**
 * The attempt's questions as drawn: shown, read and graded on the definitions it was started with,
 * whatever the course has become since (decision 038).
 */
export async function questionsOfAttempt(attempt: Pick<Attempt, "questions">, ref: QuizRef, executor: Kysely<DB> = db): Promise<AttemptQuestion[]> {
  const drawn = JSON.parse(attempt.questions) as DrawnQuestion[];
  const hashes = drawn.flatMap((d) => (d.h ? [d.h] : []));
  const rows = hashes.length ? await executor.selectFrom("quiz_question_version").select(["hash", "question"]).where("hash", "in", hashes).execute() : [];
  return attemptQuestions(ref.quiz, drawn, new Map(rows.map((r) => [r.hash, JSON.parse(r.question) as Question])));
}

export type GradeOutcome = AttemptGrade & { completion: CompletionOutcome | null };

/**
 * Grades with the answers saved so far; a no-op unless the attempt is still in progress. A passed
 * exam completes the course (or renews its certificate) in the same transaction, whether the
 * learner submitted or the deadline closed the attempt.
 */
async function gradeInTransaction(trx: Kysely<DB>, attempt: Attempt, ref: QuizRef, now: Date, auto: boolean): Promise<GradeOutcome | null> {
  const questions = (await questionsOfAttempt(attempt, ref, trx)).map((a) => a.question);
  const grade = gradeAttempt(questions, await savedResponses(trx, attempt.id), ref.quiz.passingScore);
  const submittedAt = auto && attempt.deadline_at ? attempt.deadline_at : now.toISOString();
  const res = await trx
    .updateTable("quiz_attempt")
    .set({
      status: "graded",
      submitted_at: submittedAt,
      graded_at: now.toISOString(),
      auto_submitted: auto ? 1 : 0,
      score: grade.score,
      max_score: grade.max,
      percent: grade.percent,
      passed: grade.passed ? 1 : 0,
      grades: JSON.stringify(grade.questions),
    })
    .where("id", "=", attempt.id)
    .where("status", "=", "in_progress")
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) return null;
  const completion =
    grade.passed && ref.slug === ref.course.meta.exam ? await completeIfDue(trx, attempt.user_id, ref.course, { now, examPassedAt: now.toISOString() }) : null;
  return { ...grade, completion };
}

export async function listAttempts(userId: string, ref: QuizRef) {
  return db
    .selectFrom("quiz_attempt")
    .selectAll()
    .where("user_id", "=", userId)
    .where("course_slug", "=", ref.course.slug)
    .where("quiz_slug", "=", ref.slug)
    .orderBy("attempt_no")
    .execute();
}

/**
 * Closes this learner's attempts whose time and grace ran out, grading the answers they saved. The
 * time rule is checked on the row locked inside the transaction that grades it, so a submission in
 * grace and this close cannot both act: whichever takes the lock first decides.
 */
export async function finaliseExpiredAttempts(userId: string, ref: QuizRef, now = new Date()): Promise<number> {
  const open = await db
    .selectFrom("quiz_attempt")
    .select(["id", "deadline_at"])
    .where("user_id", "=", userId)
    .where("course_slug", "=", ref.course.slug)
    .where("quiz_slug", "=", ref.slug)
    .where("status", "=", "in_progress")
    .execute();
  let closed = 0;
  // the read above only skips attempts that cannot be due; the decision is taken under the lock
  for (const a of open.filter((a) => !answerWindow(a, now).accepting)) {
    const graded = await writeTransaction(database, async (trx) => {
      const fresh = await forUpdate(trx.selectFrom("quiz_attempt").selectAll().where("id", "=", a.id)).executeTakeFirst();
      return fresh && fresh.status === "in_progress" && !answerWindow(fresh, now).accepting ? gradeInTransaction(trx, fresh, ref, now, true) : null;
    });
    if (graded) closed++;
  }
  return closed;
}

/**
 * What a coordinator granted one learner for the course's exam (`enrolment.extra_attempts` and
 * `exam_extra_minutes`). Practice quizzes get nothing: they do not count for the certificate.
 */
export interface QuizGrant {
  extraAttempts: number;
  extraMinutes: number;
}

export const NO_GRANT: QuizGrant = { extraAttempts: 0, extraMinutes: 0 };

/** The learner's grant for this quiz, read from their enrolment (through the caller's transaction when given). */
export async function quizGrant(userId: string, ref: QuizRef, executor: Kysely<DB> = db): Promise<QuizGrant> {
  if (ref.slug !== ref.course.meta.exam) return NO_GRANT;
  const enrolment = await findEnrolment(userId, ref.course.slug, executor);
  return enrolment ? { extraAttempts: enrolment.extra_attempts, extraMinutes: enrolment.exam_extra_minutes } : NO_GRANT;
}

/**
 * The one rule for a learner's limits: the quiz's own plus what was granted. An unlimited quiz
 * stays unlimited and an untimed one untimed. Extra minutes are fixed into an attempt's deadline
 * when it starts, so a grant changes the next attempt, never one already running.
 */
export function quizLimits(ref: QuizRef, grant: QuizGrant): { attemptLimit: number | null; timeLimitMinutes: number | null } {
  const { attemptLimit, timeLimitMinutes } = ref.quiz;
  return {
    attemptLimit: attemptLimit === null ? null : attemptLimit + grant.extraAttempts,
    timeLimitMinutes: timeLimitMinutes === null ? null : timeLimitMinutes + grant.extraMinutes,
  };
}

/**
 * The one rule for another attempt: none may be open, a passed exam is not retaken, and the attempt
 * limit (with the learner's grant) counts only attempts since `countSince` (a renewal reopens the exam).
 */
export function attemptAllowance(ref: QuizRef, attempts: Attempt[], countSince: string | null, grant: QuizGrant) {
  const open = attempts.find((a) => a.status === "in_progress");
  const counted = countSince ? attempts.filter((a) => a.started_at > countSince) : attempts;
  const passed = ref.quiz.kind === "exam" && counted.some((a) => a.passed === 1);
  const { attemptLimit } = quizLimits(ref, grant);
  const limitReached = attemptLimit !== null && counted.length >= attemptLimit;
  return { open, passed, limitReached, canStart: !open && !passed && !limitReached };
}

/** For the course's final exam: when a certificate is due for renewal, only attempts after its issue count. */
export async function renewalCountSince(userId: string, ref: QuizRef): Promise<string | null> {
  if (ref.slug !== ref.course.meta.exam) return null;
  const latest = await latestCertificate(userId, ref.course.slug);
  return latest && renewalDue(latest) ? latest.issued_at : null;
}

export async function startAttempt(
  userId: string,
  ref: QuizRef,
  lng: Language,
  now = new Date(),
  random?: () => number,
  /** For a renewal: attempts started before this moment no longer count. */
  countSince: string | null = null,
) {
  await finaliseExpiredAttempts(userId, ref, now);
  const attempt = async () =>
    writeTransaction(database, async (trx) => {
      const existing = await forUpdate(
        trx.selectFrom("quiz_attempt").selectAll().where("user_id", "=", userId).where("course_slug", "=", ref.course.slug).where("quiz_slug", "=", ref.slug),
      ).execute();
      // the grant is read in this transaction: a grant made a moment ago counts for this start
      const grant = await quizGrant(userId, ref, trx);
      const allowed = attemptAllowance(ref, existing, countSince, grant);
      if (allowed.open) return { attempt: allowed.open, resumed: true };
      if (allowed.passed) throw new QuizError("alreadyPassed");
      if (allowed.limitReached) throw new QuizError("attemptLimit");
      const { timeLimitMinutes } = quizLimits(ref, grant);
      const row: Attempt = {
        id: crypto.randomUUID(),
        user_id: userId,
        course_slug: ref.course.slug,
        quiz_slug: ref.slug,
        kind: ref.quiz.kind,
        attempt_no: existing.reduce((m, a) => Math.max(m, a.attempt_no), 0) + 1,
        status: "in_progress",
        language: lng,
        questions: JSON.stringify(await drawAndKeep(trx, ref.quiz, now, random)),
        started_at: now.toISOString(),
        deadline_at: timeLimitMinutes ? new Date(now.getTime() + timeLimitMinutes * 60_000).toISOString() : null,
        submitted_at: null,
        graded_at: null,
        auto_submitted: 0,
        score: null,
        max_score: null,
        percent: null,
        passed: null,
        grades: null,
        flagged: "[]",
        course_version: ref.course.meta.version,
      };
      await trx.insertInto("quiz_attempt").values(row).execute();
      return { attempt: row, resumed: false };
    });
  try {
    return await attempt();
  } catch (e) {
    // Two tabs starting at once on PostgreSQL: the loser hits the unique attempt number; the
    // winner's attempt is then the open one.
    if (e instanceof QuizError) throw e;
    if (/unique|duplicate/i.test(String((e as Error).message))) return attempt();
    throw e;
  }
}

export async function findAttempt(userId: string, attemptId: string) {
  return db.selectFrom("quiz_attempt").selectAll().where("id", "=", attemptId).where("user_id", "=", userId).executeTakeFirst();
}

/**
 * Saves answers (and flags for review) to an attempt in progress. Within the deadline and its grace
 * they are stored (`expired` then says whether the time is already up); after the grace the attempt
 * is graded with what was saved before and the answers are refused (`accepted: false`).
 */
export async function saveAnswers(
  userId: string,
  attemptId: string,
  ref: QuizRef,
  responses: Map<string, Response>,
  now = new Date(),
  flags: FlagChanges = new Map(),
) {
  return writeTransaction(database, async (trx) => {
    const attempt = await forUpdate(trx.selectFrom("quiz_attempt").selectAll().where("id", "=", attemptId).where("user_id", "=", userId)).executeTakeFirst();
    if (!attempt) throw new QuizError("notFound");
    if (attempt.status !== "in_progress") throw new QuizError("closed");
    const window = answerWindow(attempt, now);
    if (!window.accepting) {
      await gradeInTransaction(trx, attempt, ref, now, true);
      return { saved: 0, accepted: false, expired: true };
    }
    await updateFlags(trx, attempt, flags);
    return { saved: await upsertResponses(trx, attempt, responses, now), accepted: true, expired: window.pastDeadline };
  });
}

/**
 * Submits and grades. Idempotent: when the attempt is already graded (double click, retry after a
 * network error, a second tab) the existing result is returned and nothing changes.
 */
export async function submitAttempt(userId: string, attemptId: string, ref: QuizRef, responses: Map<string, Response>, now = new Date()) {
  return writeTransaction(database, async (trx) => {
    const attempt = await forUpdate(trx.selectFrom("quiz_attempt").selectAll().where("id", "=", attemptId).where("user_id", "=", userId)).executeTakeFirst();
    if (!attempt) throw new QuizError("notFound");
    if (attempt.status !== "in_progress") return { attemptId, alreadyGraded: true, late: false, grade: null as GradeOutcome | null };
    // after the grace the answers sent with the submission are refused: graded from what was saved
    const late = !answerWindow(attempt, now).accepting;
    if (!late) await upsertResponses(trx, attempt, responses, now);
    const grade = await gradeInTransaction(trx, attempt, ref, now, late);
    return { attemptId, alreadyGraded: false, late, grade };
  });
}

export async function attemptResponses(attemptId: string) {
  return savedResponses(db, attemptId);
}

/** Whether the learner may see correct answers for this attempt now (`grant`: see quizGrant). */
export function reviewAllowed(attempt: Attempt, ref: QuizRef, attempts: Attempt[], grant: QuizGrant): boolean {
  if (attempt.status !== "graded") return false;
  switch (ref.quiz.review) {
    case "after_submit":
      return true;
    case "never":
      return false;
    case "after_close": {
      // The quiz is closed for this learner once no further attempt is possible, granted ones included.
      const passedExam = ref.quiz.kind === "exam" && attempts.some((a) => a.passed === 1);
      const { attemptLimit } = quizLimits(ref, grant);
      const used = attemptLimit !== null && attempts.length >= attemptLimit && attempts.every((a) => a.status === "graded");
      return passedExam || used;
    }
  }
}
