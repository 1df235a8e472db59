// Enrolments and lesson progress: the only SQL for them, and the one definition of a learner's
// status. Functions that a use case runs inside its write transaction take the transaction as
// `executor` (the plain handle otherwise).
import { type Kysely, type SqlBool, sql } from "kysely";
import type { DB, Role } from "../../../db/schema";
import { preparedQuery } from "../../../db/prepared";
import { database, db } from "~/db.server";
import { LEARNER_STATUSES, type LearnerStatus } from "./statuses";

type Executor = Kysely<DB>;

/**
 * Whether the learner has begun: a lesson done or the course's exam passed. Read from the facts the
 * database keeps on the enrolment row (db/report-facts.ts, decision 023), so that counting and
 * filtering on it never walks lessons or attempts. Written against the `enrolment` table of the
 * query it is used in.
 */
export const startedSql = sql<boolean>`(enrolment.lessons_done > 0 or enrolment.exam_passed_at is not null)`;

/**
 * The learner's status: the one rule, used by "My learning", the course page and the reports
 * (which count, filter and page on it). In order: completed (the enrolment says so) → withdrawn
 * (left the course) → overdue (a due date that has passed) → in progress (begun) → not started.
 * A course without an exam is not "begun" until a lesson is done.
 */
export function learnerStatusSql(now: Date) {
  return sql<LearnerStatus>`(case
    when enrolment.completed_at is not null then 'completed'
    when enrolment.status = 'withdrawn' then 'withdrawn'
    when enrolment.due_at is not null and enrolment.due_at < ${now.toISOString()} then 'overdue'
    when ${startedSql} then 'in_progress'
    else 'not_started' end)`;
}

/**
 * The rows learnerStatusSql gives one status, as plain conditions on columns: the same rule written
 * so that a planner can estimate it and match it to an index (a CASE expression it can do neither
 * with). A test holds the two to each other on every status.
 */
export function learnerStatusConditions(status: LearnerStatus, now: Date) {
  const nowIso = now.toISOString();
  const open = sql<SqlBool>`enrolment.completed_at is null and enrolment.status = 'active'`;
  const pastDue = sql<SqlBool>`enrolment.due_at is not null and enrolment.due_at < ${nowIso}`;
  const notPastDue = sql<SqlBool>`(enrolment.due_at is null or enrolment.due_at >= ${nowIso})`;
  switch (status) {
    case "completed":
      return sql<SqlBool>`enrolment.completed_at is not null`;
    case "withdrawn":
      return sql<SqlBool>`enrolment.completed_at is null and enrolment.status = 'withdrawn'`;
    case "overdue":
      return sql<SqlBool>`${open} and ${pastDue}`;
    case "in_progress":
      return sql<SqlBool>`${open} and ${notPastDue} and ${startedSql}`;
    case "not_started":
      return sql<SqlBool>`${open} and ${notPastDue} and not ${startedSql}`;
  }
}

export function findEnrolment(userId: string, courseSlug: string, executor: Executor = db) {
  return executor.selectFrom("enrolment").selectAll().where("user_id", "=", userId).where("course_slug", "=", courseSlug).executeTakeFirst();
}

/** The enrolment with its status (see learnerStatusSql). */
export function findEnrolmentWithStatus(userId: string, courseSlug: string, now = new Date()) {
  return db
    .selectFrom("enrolment")
    .selectAll()
    .select(learnerStatusSql(now).as("learner_status"))
    .where("user_id", "=", userId)
    .where("course_slug", "=", courseSlug)
    .executeTakeFirst();
}

/**
 * The enrolment, locked until the transaction ends (FOR UPDATE on PostgreSQL; on SQLite the
 * transaction holds the database's write lock already). Use cases that decide on an enrolment lock
 * it first, so two requests for the same learner and course run one after the other.
 */
export function lockEnrolment(trx: Executor, userId: string, courseSlug: string) {
  const q = trx.selectFrom("enrolment").selectAll().where("user_id", "=", userId).where("course_slug", "=", courseSlug);
  return (database.engine === "postgres" ? q.forUpdate() : q).executeTakeFirst();
}

export type EnrolResult = "enrolled" | "reactivated" | "already";

/**
 * Enrols a learner (or re-activates a withdrawn enrolment, keeping progress). The learner's aimag,
 * sum and organisation are copied onto the enrolment as they are today. A learner who comes back
 * by themselves keeps the assignment and due date they left: leaving and returning must not shed
 * a coordinator's deadline. An assignment (`by`) sets both.
 */
export async function enrol(
  userId: string,
  courseSlug: string,
  opts: { by?: string | null; dueAt?: string | null; executor?: Executor; version?: string | null } = {},
): Promise<EnrolResult> {
  const q = opts.executor ?? db;
  const now = new Date().toISOString();
  const existing = await q
    .selectFrom("enrolment")
    .select(["id", "status"])
    .where("user_id", "=", userId)
    .where("course_slug", "=", courseSlug)
    .executeTakeFirst();
  const user = await q.selectFrom("users").select(["aimag_code", "sum_id", "organisation_id"]).where("id", "=", userId).executeTakeFirstOrThrow();
  if (existing?.status === "active") {
    if (opts.dueAt !== undefined && opts.by) await q.updateTable("enrolment").set({ due_at: opts.dueAt }).where("id", "=", existing.id).execute();
    return "already";
  }
  if (existing) {
    const assignment = opts.by ? { enrolled_by: opts.by, due_at: opts.dueAt ?? null } : {};
    await q
      .updateTable("enrolment")
      .set({ status: "active", withdrawn_at: null, enrolled_at: now, ...assignment, ...user })
      .where("id", "=", existing.id)
      .execute();
    return "reactivated";
  }
  await q
    .insertInto("enrolment")
    .values({
      id: crypto.randomUUID(),
      user_id: userId,
      course_slug: courseSlug,
      status: "active",
      enrolled_at: now,
      enrolled_by: opts.by ?? null,
      due_at: opts.dueAt ?? null,
      ...user,
      completed_at: null,
      withdrawn_at: null,
      // a new learner starts on the course as it is: no "what changed" for them
      version_seen: opts.version ?? null,
    })
    .onConflict((oc) => oc.columns(["user_id", "course_slug"]).doNothing())
    .execute();
  return "enrolled";
}

/** The learner has read what changed in the course up to `version`. */
export async function setVersionSeen(userId: string, courseSlug: string, version: string, executor: Executor = db) {
  const res = await executor
    .updateTable("enrolment")
    .set({ version_seen: version })
    .where("user_id", "=", userId)
    .where("course_slug", "=", courseSlug)
    .where("status", "=", "active")
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Marks an active, not yet completed enrolment withdrawn; the row (and its progress) stays. */
export async function setEnrolmentWithdrawn(enrolmentId: string, at: string, executor: Executor = db) {
  const res = await executor
    .updateTable("enrolment")
    .set({ status: "withdrawn", withdrawn_at: at })
    .where("id", "=", enrolmentId)
    .where("status", "=", "active")
    .where("completed_at", "is", null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export function listUserEnrolments(userId: string, now = new Date()) {
  return db
    .selectFrom("enrolment")
    .selectAll()
    .select(learnerStatusSql(now).as("learner_status"))
    .where("user_id", "=", userId)
    .where("status", "=", "active")
    .orderBy("enrolled_at", "desc")
    .execute();
}

export async function markLessonDone(userId: string, courseSlug: string, lessonSlug: string, executor: Executor = db) {
  await executor
    .insertInto("lesson_progress")
    .values({ user_id: userId, course_slug: courseSlug, lesson_slug: lessonSlug, completed_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(["user_id", "course_slug", "lesson_slug"]).doNothing())
    .execute();
}

export async function unmarkLessonDone(userId: string, courseSlug: string, lessonSlug: string) {
  await db.deleteFrom("lesson_progress").where("user_id", "=", userId).where("course_slug", "=", courseSlug).where("lesson_slug", "=", lessonSlug).execute();
}

// asked on every signed-in lesson page: built once (db/prepared.ts)
const lessonDone = preparedQuery((db) =>
  db.selectFrom("lesson_progress").select("lesson_slug").where("user_id", "=", "").where("course_slug", "=", "").where("lesson_slug", "=", ""),
);

/** Whether the learner has marked this lesson done. */
export async function isLessonDone(userId: string, courseSlug: string, lessonSlug: string): Promise<boolean> {
  return (await lessonDone(db, userId, courseSlug, lessonSlug)).length > 0;
}

export async function findDoneLessons(userId: string, courseSlug?: string, executor: Executor = db) {
  let q = executor.selectFrom("lesson_progress").select(["course_slug", "lesson_slug", "completed_at"]).where("user_id", "=", userId);
  if (courseSlug) q = q.where("course_slug", "=", courseSlug);
  return q.execute();
}

/**
 * Whether the learner has passed the course's exam: a graded, passed exam attempt, as the enrolment's
 * exam_passed_at fact records it (the one rule, kept by the trigger in db/report-facts.ts, which the
 * reports count by too). False without an enrolment.
 */
export async function hasPassedExam(userId: string, courseSlug: string, executor: Executor = db): Promise<boolean> {
  const row = await executor
    .selectFrom("enrolment")
    .select("exam_passed_at")
    .where("user_id", "=", userId)
    .where("course_slug", "=", courseSlug)
    .executeTakeFirst();
  return Boolean(row?.exam_passed_at);
}

export async function setEnrolmentCompleted(enrolmentId: string, at: string, executor: Executor = db) {
  const res = await executor
    .updateTable("enrolment")
    .set({ completed_at: at })
    .where("id", "=", enrolmentId)
    .where("completed_at", "is", null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Users matching an assignment filter, within the aimags the assigner may reach. */
export function findUsersForAssignment(filter: { aimags: "all" | string[]; aimagCode?: string; sumId?: string; organisationId?: string; role?: Role }) {
  let q = db
    .selectFrom("users")
    .select(["users.id", "users.email", "users.surname", "users.given_name", "users.aimag_code"])
    .where("users.disabled_at", "is", null);
  if (filter.aimags !== "all") {
    if (!filter.aimags.length) return Promise.resolve([]);
    q = q.where("users.aimag_code", "in", filter.aimags);
  }
  if (filter.aimagCode) q = q.where("users.aimag_code", "=", filter.aimagCode);
  if (filter.sumId) q = q.where("users.sum_id", "=", filter.sumId);
  if (filter.organisationId) q = q.where("users.organisation_id", "=", filter.organisationId);
  if (filter.role) {
    const role = filter.role;
    q = q.where((eb) =>
      eb.exists(eb.selectFrom("user_role").select("user_role.user_id").whereRef("user_role.user_id", "=", "users.id").where("user_role.role", "=", role)),
    );
  }
  return q.orderBy("users.surname").execute();
}

export function findUsersByEmails(emails: string[], executor: Executor = db) {
  if (!emails.length) return Promise.resolve([]);
  return executor.selectFrom("users").select(["id", "email", "aimag_code", "disabled_at"]).where("email", "in", emails).execute();
}

export function findUserEmailsByIds(ids: string[], executor: Executor = db) {
  if (!ids.length) return Promise.resolve([] as { id: string; email: string }[]);
  return executor.selectFrom("users").select(["id", "email"]).where("id", "in", ids).orderBy("surname").orderBy("given_name").execute();
}

export function findActiveEnrolmentUserIds(courseSlug: string, userIds: string[], executor: Executor = db) {
  if (!userIds.length) return Promise.resolve([] as { user_id: string }[]);
  return executor
    .selectFrom("enrolment")
    .select("user_id")
    .where("course_slug", "=", courseSlug)
    .where("status", "=", "active")
    .where("user_id", "in", userIds)
    .execute();
}

// ---- Who is enrolled: one enrolment of a course within a reader's aimags, and the adjustments a
// coordinator makes to it (app/features/enrolment/enrolled.server.ts; the list itself is the
// learner report's query, app/features/reports/repository.server.ts).

export interface CourseEnrolmentFilter {
  courseSlug: string;
  /** The aimags the reader may see (by the enrolment's snapshot), or all of them. */
  aimags: "all" | string[];
  now: Date;
}

/** One enrolment of the course with its learner and status, within the reader's aimags; undefined otherwise. */
export function findCourseEnrolment(f: CourseEnrolmentFilter, enrolmentId: string) {
  const status = learnerStatusSql(f.now);
  let q = db.selectFrom("enrolment").innerJoin("users", "users.id", "enrolment.user_id").where("enrolment.course_slug", "=", f.courseSlug);
  if (f.aimags !== "all") q = q.where("enrolment.aimag_code", "in", f.aimags.length ? f.aimags : ["-"]);
  return q
    .selectAll("enrolment")
    .select(["users.surname", "users.given_name", "users.email", "users.position", status.as("learner_status")])
    .where("enrolment.id", "=", enrolmentId)
    .executeTakeFirst();
}

/** The enrolment by id, locked until the transaction ends (see lockEnrolment). */
export function lockEnrolmentById(trx: Executor, enrolmentId: string) {
  const q = trx.selectFrom("enrolment").selectAll().where("id", "=", enrolmentId);
  return (database.engine === "postgres" ? q.forUpdate() : q).executeTakeFirst();
}

/** Sets the due date or what was granted for the exam. */
export async function updateEnrolmentAdjustments(
  trx: Executor,
  enrolmentId: string,
  values: Partial<{ due_at: string | null; extra_attempts: number; exam_extra_minutes: number }>,
) {
  await trx.updateTable("enrolment").set(values).where("id", "=", enrolmentId).execute();
}

/** A withdrawn enrolment made active again, with its progress, due date and grants as they were. */
export async function setEnrolmentReinstated(enrolmentId: string, executor: Executor = db) {
  const res = await executor
    .updateTable("enrolment")
    .set({ status: "active", withdrawn_at: null })
    .where("id", "=", enrolmentId)
    .where("status", "=", "withdrawn")
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
