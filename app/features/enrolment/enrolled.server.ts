// Who is enrolled in a course, for the people who look after its learners: administrators
// everywhere, coordinators in their aimag(s), and the course's trainers where they teach it (to
// read only). And what a coordinator changes for one learner — the due date, extra exam time, extra
// exam attempts, withdrawing and reinstating — each in one transaction with its audit row.
import type { Kysely, Selectable } from "kysely";
import { writeTransaction } from "../../../db/connection";
import type { DB, EnrolmentTable } from "../../../db/schema";
import { database } from "~/db.server";
import { recordAudit } from "~/features/audit/audit.server";
import { readableAimags } from "~/features/auth/guards.server";
import type { SessionUser } from "~/features/auth/session.server";
import type { CourseEntry } from "~/features/content/catalogue.server";
import { type LearnerScope, trainedCourses } from "~/features/content/trainers.server";
import { attemptAllowance, findQuiz, listAttempts, quizLimits, renewalCountSince, type QuizRef } from "~/features/quiz/attempts.server";
import { type DueProblem, parseDueDate } from "./assign.server";
import { attendanceSatisfied, progressOf } from "./progress.server";
import { countLearnersBySearch, enrolmentCursor, listLearners, statusTotals } from "~/features/reports/repository.server";
import {
  findCourseEnrolment,
  findDoneLessons,
  lockEnrolmentById,
  setEnrolmentReinstated,
  setEnrolmentWithdrawn,
  updateEnrolmentAdjustments,
} from "./repository.server";
import { MAX_EXTRA_ATTEMPTS, MAX_EXTRA_MINUTES, MAX_REASON_LENGTH } from "./schemas";
import type { LearnerStatus } from "./statuses";

export const ENROLLED_PER_PAGE = 50;

type Actor = Pick<SessionUser, "id" | "roles"> & { email?: string };
type Enrolment = Selectable<EnrolmentTable>;

/** The aimags whose learners of one course a user may read, and those where they may change something. */
export interface EnrolledScope {
  read: "all" | string[];
  change: "all" | string[];
}

export const inScope = (aimags: "all" | string[], aimagCode: string) => aimags === "all" || aimags.includes(aimagCode);

/**
 * Administrators read and change everywhere; a coordinator in their aimag(s). A trainer of the course
 * (the one rule, trainers.server.ts) reads its learners in their scope — everywhere when listed in
 * the course or assigned by an administrator, else the aimags of their events of it — and changes
 * nothing. Null: the user may not see this course's learners at all.
 */
export async function enrolledScope(user: Actor, courseSlug: string): Promise<EnrolledScope | null> {
  return scopeWith(user, (await trainedCourses(user)).get(courseSlug)?.learners ?? null);
}

function scopeWith(user: Actor, taught: LearnerScope | null): EnrolledScope | null {
  const change = readableAimags(user);
  if (change === "all" || taught === "all") return { read: "all", change };
  const read = [...new Set([...change, ...(taught ?? [])])];
  return read.length ? { read, change } : null;
}

/** The courses (of `courses`) whose learners the user may see, with how many there are in each status (from the summaries). */
export async function coursesWithLearners(user: Actor, courses: CourseEntry[], now = new Date()) {
  const trained = await trainedCourses(user);
  const out = [];
  for (const course of courses) {
    const scope = scopeWith(user, trained.get(course.slug)?.learners ?? null);
    if (!scope) continue;
    out.push({ course, scope, counts: await statusTotals({ aimags: scope.read, courseSlug: course.slug }, now) });
  }
  return out;
}

/** The course's exam, if it has one. */
export function courseExam(course: CourseEntry): QuizRef | undefined {
  return course.meta.exam ? findQuiz(course, course.meta.exam) : undefined;
}

export interface EnrolledFilter {
  status?: LearnerStatus;
  search?: string;
  /** The enrolment id the previous page ended with. */
  after?: string;
}

/**
 * One page of the course's learners in scope, in name order, with their progress (the reports'
 * rule), status (learnerStatusSql), due date, exam attempts and grants; `next` is the cursor of the
 * following page. An `after` the reader cannot see starts from the beginning.
 */
export async function listEnrolled(course: CourseEntry, scope: EnrolledScope, filter: EnrolledFilter, now = new Date()) {
  // the learner report's list and counts, narrowed to the course: one query for both lists
  const f = { aimags: scope.read, courseSlug: course.slug, status: filter.status, search: filter.search || undefined, now };
  const after = filter.after ? await enrolmentCursor(f, filter.after) : undefined;
  // null: a search matching too many people to count on every page
  const counts = f.search ? await countLearnersBySearch(f) : await statusTotals(f, now);
  const matching = counts ? (filter.status ? counts[filter.status] : Object.values(counts).reduce((a, b) => a + b, 0)) : null;
  const { rows, more } = await listLearners(f, { limit: ENROLLED_PER_PAGE, after, matching });
  const exam = courseExam(course);
  const learners = await Promise.all(
    rows.map(async (r) => {
      const progress = progressOf(course, new Set(r.lessonsDone), r.examPassed, await attendanceSatisfied(r.userId, course));
      const limits = exam ? quizLimits(exam, { extraAttempts: r.extraAttempts, extraMinutes: r.examExtraMinutes }) : null;
      return {
        id: r.enrolmentId,
        user_id: r.userId,
        surname: r.surname,
        given_name: r.givenName,
        email: r.email,
        aimag_code: r.aimagCode,
        sum_id: r.sumId,
        organisation_id: r.organisationId,
        due_at: r.dueAt,
        completed_at: r.completedAt,
        withdrawn_at: r.withdrawnAt,
        status: r.status,
        exam_attempts: r.examAttempts,
        exam_best: r.examBest,
        extra_attempts: r.extraAttempts,
        exam_extra_minutes: r.examExtraMinutes,
        percent: r.completedAt ? 100 : progress.percent,
        lessons: { done: progress.requiredDone, total: progress.requiredTotal },
        attemptLimit: limits?.attemptLimit ?? null,
      };
    }),
  );
  return { counts, matching, learners, resumed: Boolean(after), next: more && learners.length ? learners[learners.length - 1].id : null };
}

/**
 * One learner's enrolment in the course, if the reader may see it: with progress, exam attempts and
 * whether the engine would let them start another (the quiz engine's own rule, with their grant).
 */
export async function enrolledLearner(course: CourseEntry, scope: EnrolledScope, enrolmentId: string, now = new Date()) {
  const e = await findCourseEnrolment({ courseSlug: course.slug, aimags: scope.read, now }, enrolmentId);
  if (!e) return null;
  const exam = courseExam(course);
  const grant = { extraAttempts: e.extra_attempts, extraMinutes: e.exam_extra_minutes };
  const [attempts, countSince, attended, done] = await Promise.all([
    exam ? listAttempts(e.user_id, exam) : Promise.resolve([]),
    exam ? renewalCountSince(e.user_id, exam) : Promise.resolve(null),
    attendanceSatisfied(e.user_id, course),
    findDoneLessons(e.user_id, course.slug),
  ]);
  const passed = attempts.some((a) => a.status === "graded" && a.passed === 1);
  const progress = progressOf(course, new Set(done.map((d) => d.lesson_slug)), passed, attended);
  return {
    enrolment: e,
    canChange: inScope(scope.change, e.aimag_code),
    percent: e.completed_at ? 100 : progress.percent,
    lessons: { done: progress.requiredDone, total: progress.requiredTotal },
    exam: exam
      ? {
          ref: exam,
          limits: quizLimits(exam, grant),
          attempts,
          canStart: attemptAllowance(exam, attempts, countSince, grant).canStart,
        }
      : null,
  };
}

// ---- the changes

export type AdjustProblem =
  | "notFound"
  | "forbidden"
  | "withdrawn"
  | "completed"
  | DueProblem
  | "minutesRange"
  | "attemptsRange"
  | "noTimeLimit"
  | "noAttemptLimit"
  | "reasonTooLong";
export type AdjustResult = { ok: true; changed: boolean } | { ok: false; problem: AdjustProblem };

const fail = (problem: AdjustProblem): AdjustResult => ({ ok: false, problem });
const unchanged: AdjustResult = { ok: true, changed: false };
const changed: AdjustResult = { ok: true, changed: true };

/**
 * Runs a change on one enrolment of the course: locks it, checks on the locked row that the actor
 * may change it (an administrator, or a coordinator of the enrolment's aimag), then lets `change`
 * decide and write, its audit row included, in the same transaction.
 */
function onEnrolment(actor: Actor, course: CourseEntry, enrolmentId: string, change: (trx: Kysely<DB>, e: Enrolment) => Promise<AdjustResult>) {
  return writeTransaction(database, async (trx) => {
    const e = await lockEnrolmentById(trx, enrolmentId);
    if (!e || e.course_slug !== course.slug) return fail("notFound");
    if (!inScope(readableAimags(actor), e.aimag_code)) return fail("forbidden");
    return change(trx, e);
  });
}

const about = (e: Enrolment) => ({ course: e.course_slug, userId: e.user_id });

/**
 * A new due date (a real day, not over, at most MAX_DUE_YEARS ahead — the assignment rule), or
 * none when `value` is empty. Not for a learner who left or completed the course.
 */
export async function changeDueDate(actor: Actor, course: CourseEntry, enrolmentId: string, value: string, now = new Date()): Promise<AdjustResult> {
  const due = parseDueDate(value, now);
  if ("problem" in due) return fail(due.problem);
  return onEnrolment(actor, course, enrolmentId, async (trx, e) => {
    if (e.status === "withdrawn") return fail("withdrawn");
    if (e.completed_at) return fail("completed");
    if (e.due_at === due.dueAt) return unchanged;
    await updateEnrolmentAdjustments(trx, e.id, { due_at: due.dueAt });
    await recordAudit(
      { actorId: actor.id, action: "enrolment.due", targetType: "enrolment", targetId: e.id, detail: { ...about(e), from: e.due_at, to: due.dueAt } },
      trx,
    );
    return changed;
  });
}

/**
 * Minutes added to each of the learner's exam attempts from the next one they start (an attempt
 * already running keeps its deadline). 0 takes the arrangement away.
 */
export async function grantExtraMinutes(actor: Actor, course: CourseEntry, enrolmentId: string, minutes: number): Promise<AdjustResult> {
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > MAX_EXTRA_MINUTES) return fail("minutesRange");
  const examMinutes = courseExam(course)?.quiz.timeLimitMinutes ?? null;
  if (minutes > 0 && examMinutes === null) return fail("noTimeLimit");
  return onEnrolment(actor, course, enrolmentId, async (trx, e) => {
    if (e.status === "withdrawn") return fail("withdrawn");
    if (e.exam_extra_minutes === minutes) return unchanged;
    await updateEnrolmentAdjustments(trx, e.id, { exam_extra_minutes: minutes });
    await recordAudit(
      {
        actorId: actor.id,
        action: "enrolment.extraMinutes",
        targetType: "enrolment",
        targetId: e.id,
        detail: { ...about(e), from: e.exam_extra_minutes, to: minutes, examMinutes },
      },
      trx,
    );
    return changed;
  });
}

/** Attempts at the exam beyond its limit, in total (not added to what was granted before); 0 takes them away. */
export async function grantExtraAttempts(actor: Actor, course: CourseEntry, enrolmentId: string, attempts: number): Promise<AdjustResult> {
  if (!Number.isInteger(attempts) || attempts < 0 || attempts > MAX_EXTRA_ATTEMPTS) return fail("attemptsRange");
  const examAttempts = courseExam(course)?.quiz.attemptLimit ?? null;
  if (attempts > 0 && examAttempts === null) return fail("noAttemptLimit");
  return onEnrolment(actor, course, enrolmentId, async (trx, e) => {
    if (e.status === "withdrawn") return fail("withdrawn");
    if (e.extra_attempts === attempts) return unchanged;
    await updateEnrolmentAdjustments(trx, e.id, { extra_attempts: attempts });
    await recordAudit(
      {
        actorId: actor.id,
        action: "enrolment.extraAttempts",
        targetType: "enrolment",
        targetId: e.id,
        detail: { ...about(e), from: e.extra_attempts, to: attempts, examAttempts },
      },
      trx,
    );
    return changed;
  });
}

/**
 * Withdraws the learner: the enrolment stays, marked withdrawn with its progress, and the reports
 * show it — the same record and audit action as a learner leaving by themselves, with who did it and
 * why. A completed course cannot be left.
 */
export async function withdrawLearner(actor: Actor, course: CourseEntry, enrolmentId: string, reason: string, now = new Date()): Promise<AdjustResult> {
  const why = reason.trim();
  if (why.length > MAX_REASON_LENGTH) return fail("reasonTooLong");
  return onEnrolment(actor, course, enrolmentId, async (trx, e) => {
    if (e.completed_at) return fail("completed");
    if (e.status === "withdrawn") return unchanged;
    await setEnrolmentWithdrawn(e.id, now.toISOString(), trx);
    await recordAudit(
      {
        actorId: actor.id,
        action: "enrolment.withdraw",
        targetType: "enrolment",
        targetId: e.id,
        detail: { ...about(e), assignedBy: e.enrolled_by, dueAt: e.due_at, reason: why || null },
      },
      trx,
    );
    return changed;
  });
}

/** Brings a withdrawn learner back, with their progress, due date and grants as they were. */
export async function reinstateLearner(actor: Actor, course: CourseEntry, enrolmentId: string): Promise<AdjustResult> {
  return onEnrolment(actor, course, enrolmentId, async (trx, e) => {
    if (e.status === "active") return unchanged;
    await setEnrolmentReinstated(e.id, trx);
    await recordAudit(
      { actorId: actor.id, action: "enrolment.reinstate", targetType: "enrolment", targetId: e.id, detail: { ...about(e), dueAt: e.due_at } },
      trx,
    );
    return changed;
  });
}
