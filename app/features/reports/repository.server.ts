// Learning reports by aimag, sum and organisation, from the enrolment snapshot (where each learner
// was when enrolled), so a learner who moves later is still counted where they trained.
import { sql } from "kysely";
import { db } from "~/db.server";

export interface ReportRow {
  key: string;
  enrolled: number;
  started: number;
  completed: number;
  overdue: number;
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
  const now = (opts.now ?? new Date()).toISOString();
  const column = opts.groupBy === "aimag" ? "enrolment.aimag_code" : opts.groupBy === "sum" ? "enrolment.sum_id" : "enrolment.organisation_id";
  let q = db
    .selectFrom("enrolment")
    .select([
      sql<string>`${sql.ref(column)}`.as("key"),
      (eb) => eb.fn.countAll<number>().as("enrolled"),
      sql<number>`sum(case when enrolment.completed_at is not null then 1 else 0 end)`.as("completed"),
      sql<number>`sum(case when enrolment.completed_at is null and enrolment.due_at is not null and enrolment.due_at < ${now} then 1 else 0 end)`.as("overdue"),
      sql<number>`sum(case when exists (select 1 from lesson_progress lp where lp.user_id = enrolment.user_id and lp.course_slug = enrolment.course_slug) then 1 else 0 end)`.as("started"),
      sql<number>`sum(case when exists (select 1 from certificate c where c.user_id = enrolment.user_id and c.course_slug = enrolment.course_slug and c.revoked_at is null) then 1 else 0 end)`.as("certificates"),
    ])
    .where("enrolment.status", "=", "active")
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
    certificates: Number(r.certificates),
  }));
}
