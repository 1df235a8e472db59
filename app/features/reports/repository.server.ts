// Learning reports by aimag, sum and organisation, from the enrolment snapshot (where each learner
// was when enrolled), so a learner who moves later is still counted where they trained.
import { sql } from "kysely";
import { db } from "~/db.server";
import { learnerStatusSql, startedSql } from "~/features/enrolment/repository.server";

export interface ReportRow {
  key: string;
  enrolled: number;
  started: number;
  completed: number;
  overdue: number;
  withdrawn: number;
  certificates: number;
}

export async function learningReport(opts: {
  aimags: "all" | string[];
  groupBy: "aimag" | "sum" | "organisation";
  aimagCode?: string;
  courseSlug?: string;
  now?: Date;
}): Promise<ReportRow[]> {
  if (opts.aimags !== "all" && opts.aimags.length === 0) return [];
  const status = learnerStatusSql(opts.now ?? new Date());
  const column = opts.groupBy === "aimag" ? "enrolment.aimag_code" : opts.groupBy === "sum" ? "enrolment.sum_id" : "enrolment.organisation_id";
  let q = db
    .selectFrom("enrolment")
    .select([
      sql<string>`${sql.ref(column)}`.as("key"),
      (eb) => eb.fn.countAll<number>().as("enrolled"),
      // the statuses are the learner list's, so the two views always agree
      sql<number>`sum(case when ${status} = 'completed' then 1 else 0 end)`.as("completed"),
      sql<number>`sum(case when ${status} = 'overdue' then 1 else 0 end)`.as("overdue"),
      sql<number>`sum(case when ${status} = 'withdrawn' then 1 else 0 end)`.as("withdrawn"),
      // started: completed, or begun by the status rule's definition (withdrawn learners included)
      sql<number>`sum(case when enrolment.completed_at is not null or ${startedSql} then 1 else 0 end)`.as("started"),
      sql<number>`sum(case when exists (select 1 from certificate c where c.user_id = enrolment.user_id and c.course_slug = enrolment.course_slug and c.revoked_at is null) then 1 else 0 end)`.as(
        "certificates",
      ),
    ])
    .groupBy(column);
  if (opts.aimags !== "all") q = q.where("enrolment.aimag_code", "in", opts.aimags);
  if (opts.aimagCode) q = q.where("enrolment.aimag_code", "=", opts.aimagCode);
  if (opts.courseSlug) q = q.where("enrolment.course_slug", "=", opts.courseSlug);
  const rows = await q.execute();
  // PostgreSQL returns counts and sums as strings.
  return rows.map((r) => ({
    key: r.key,
    enrolled: Number(r.enrolled),
    started: Number(r.started),
    completed: Number(r.completed),
    overdue: Number(r.overdue),
    withdrawn: Number(r.withdrawn),
    certificates: Number(r.certificates),
  }));
}

import { LEARNER_STATUSES, type LearnerStatus } from "./statuses";

export { LEARNER_STATUSES, type LearnerStatus };

export interface LearnerFilter {
  aimags: "all" | string[];
  aimagCode?: string;
  sumId?: string;
  organisationId?: string;
  courseSlug?: string;
  status?: LearnerStatus;
  /** Part of a name or an email address. */
  search?: string;
  now?: Date;
}

export interface LearnerRow {
  enrolmentId: string;
  userId: string;
  surname: string;
  givenName: string;
  email: string;
  position: string;
  courseSlug: string;
  aimagCode: string;
  sumId: string;
  organisationId: string;
  enrolledAt: string;
  dueAt: string | null;
  completedAt: string | null;
  status: LearnerStatus;
  lessonsDone: string[];
  examBest: number | null;
  examAttempts: number;
  examPassed: boolean;
  certificateSerial: string | null;
}

/**
 * One row per enrolment in scope, withdrawn ones included (a coordinator must see who left): who
 * the learner is, where they were when enrolled, their status (learnerStatusSql, the rule "My
 * learning" uses too), lessons done, best exam score and certificate. The status is computed in SQL
 * so that it can be filtered, counted and sorted on before paging.
 */
function learnerQuery(f: LearnerFilter) {
  const status = learnerStatusSql(f.now ?? new Date());
  let q = db.selectFrom("enrolment").innerJoin("users", "users.id", "enrolment.user_id");
  if (f.aimags !== "all") q = q.where("enrolment.aimag_code", "in", f.aimags.length ? f.aimags : ["-"]);
  if (f.aimagCode) q = q.where("enrolment.aimag_code", "=", f.aimagCode);
  if (f.sumId) q = q.where("enrolment.sum_id", "=", f.sumId);
  if (f.organisationId) q = q.where("enrolment.organisation_id", "=", f.organisationId);
  if (f.courseSlug) q = q.where("enrolment.course_slug", "=", f.courseSlug);
  if (f.status) q = q.where(status, "=", f.status);
  const search = f.search?.trim().toLowerCase();
  if (search) {
    const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(
      sql<boolean>`(lower(users.surname) like ${like} escape '\\' or lower(users.given_name) like ${like} escape '\\' or users.email like ${like} escape '\\')`,
    );
  }
  return { q, status };
}

export async function countLearners(f: LearnerFilter): Promise<Record<LearnerStatus, number>> {
  const { q, status } = learnerQuery({ ...f, status: undefined });
  // grouped from a subquery: PostgreSQL does not match a parameterised CASE in SELECT to GROUP BY
  const rows = await db
    .selectFrom(q.select(status.as("status")).as("t"))
    .select(["t.status", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("t.status")
    .execute();
  const counts = Object.fromEntries(LEARNER_STATUSES.map((s) => [s, 0])) as Record<LearnerStatus, number>;
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

export async function listLearners(f: LearnerFilter, page: { limit: number; offset: number }): Promise<LearnerRow[]> {
  const { q, status } = learnerQuery(f);
  const order = sql<number>`case ${status} ${sql.join(
    LEARNER_STATUSES.map((s, i) => sql`when ${sql.lit(s)} then ${sql.lit(i)}`),
    sql` `,
  )} end`;
  const rows = await q
    .select([
      "enrolment.id as enrolment_id",
      "enrolment.user_id",
      "users.surname",
      "users.given_name",
      "users.email",
      "users.position",
      "enrolment.course_slug",
      "enrolment.aimag_code",
      "enrolment.sum_id",
      "enrolment.organisation_id",
      "enrolment.enrolled_at",
      "enrolment.due_at",
      "enrolment.completed_at",
      status.as("status"),
      sql<
        number | null
      >`(select max(qa.percent) from quiz_attempt qa where qa.user_id = enrolment.user_id and qa.course_slug = enrolment.course_slug and qa.kind = 'exam' and qa.status = 'graded')`.as(
        "exam_best",
      ),
      sql<number>`(select count(*) from quiz_attempt qa where qa.user_id = enrolment.user_id and qa.course_slug = enrolment.course_slug and qa.kind = 'exam' and qa.status = 'graded')`.as(
        "exam_attempts",
      ),
      sql<number>`(select count(*) from quiz_attempt qa where qa.user_id = enrolment.user_id and qa.course_slug = enrolment.course_slug and qa.kind = 'exam' and qa.status = 'graded' and qa.passed = 1)`.as(
        "exam_passed",
      ),
      sql<
        string | null
      >`(select c.serial from certificate c where c.user_id = enrolment.user_id and c.course_slug = enrolment.course_slug and c.revoked_at is null order by c.issued_at desc limit 1)`.as(
        "certificate_serial",
      ),
    ])
    .orderBy(order)
    .orderBy("users.surname")
    .orderBy("users.given_name")
    .orderBy("enrolment.id")
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const done = new Map<string, string[]>();
  if (rows.length) {
    const progress = await db
      .selectFrom("lesson_progress")
      .select(["user_id", "course_slug", "lesson_slug"])
      .where("user_id", "in", [...new Set(rows.map((r) => r.user_id))])
      .execute();
    for (const p of progress) {
      const key = `${p.user_id}/${p.course_slug}`;
      done.set(key, [...(done.get(key) ?? []), p.lesson_slug]);
    }
  }
  return rows.map((r) => ({
    enrolmentId: r.enrolment_id,
    userId: r.user_id,
    surname: r.surname,
    givenName: r.given_name,
    email: r.email,
    position: r.position,
    courseSlug: r.course_slug,
    aimagCode: r.aimag_code,
    sumId: r.sum_id,
    organisationId: r.organisation_id,
    enrolledAt: r.enrolled_at,
    dueAt: r.due_at,
    completedAt: r.completed_at,
    status: r.status,
    lessonsDone: done.get(`${r.user_id}/${r.course_slug}`) ?? [],
    examBest: r.exam_best === null ? null : Number(r.exam_best),
    examAttempts: Number(r.exam_attempts),
    examPassed: Number(r.exam_passed) > 0,
    certificateSerial: r.certificate_serial,
  }));
}
