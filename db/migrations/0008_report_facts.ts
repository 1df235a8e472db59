// Reports at national volume (decision 023): facts about each enrolment on its row, two summary
// tables kept by triggers, and the indexes the report queries walk. Existing rows are backfilled.
import { type Kysely, sql } from "kysely";
import {
  createTriggerStatements,
  engineOf,
  refreshNameTerms,
  dropTriggerStatements,
  rebuildReportSummaries,
  refreshEnrolmentFacts,
  runStatements,
} from "../report-facts";

export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db);
  await db.schema
    .alterTable("enrolment")
    .addColumn("lessons_done", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("enrolment")
    .addColumn("exam_attempts", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("enrolment").addColumn("exam_best", "double precision").execute();
  await db.schema.alterTable("enrolment").addColumn("exam_passed_at", "text").execute();
  await db.schema.alterTable("enrolment").addColumn("certificate_issued_at", "text").execute();
  await db.schema.alterTable("enrolment").addColumn("certificate_expires_at", "text").execute();
  await db.schema.alterTable("users").addColumn("last_active_at", "text").execute();

  await db.schema
    .createTable("enrolment_summary")
    .addColumn("aimag_code", "text", (c) => c.notNull())
    .addColumn("sum_id", "text", (c) => c.notNull())
    .addColumn("organisation_id", "text", (c) => c.notNull())
    .addColumn("course_slug", "text", (c) => c.notNull())
    .addColumn("cohort", "text", (c) => c.notNull()) // YYYY-MM the enrolment was made, Ulaanbaatar time
    .addColumn("enrolled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("completed", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("withdrawn", "integer", (c) => c.notNull().defaultTo(0)) // and not completed
    .addColumn("ongoing", "integer", (c) => c.notNull().defaultTo(0)) // active and not completed
    .addColumn("ongoing_started", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("started", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("exam_takers", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("exam_passed", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("exam_best_sum", "double precision", (c) => c.notNull().defaultTo(0))
    .addColumn("certified", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("enrolment_summary_pk", ["aimag_code", "sum_id", "organisation_id", "course_slug", "cohort"])
    .execute();
  await db.schema
    .createTable("activity_daily")
    .addColumn("aimag_code", "text", (c) => c.notNull())
    .addColumn("course_slug", "text", (c) => c.notNull())
    .addColumn("day", "text", (c) => c.notNull()) // YYYY-MM-DD, Ulaanbaatar time
    .addColumn("enrolled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("completed", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("activity_daily_pk", ["aimag_code", "course_slug", "day"])
    .execute();

  // Open enrolments with a due date: "overdue" counts the part of this index before now.
  await db.schema
    .createIndex("enrolment_open_due_idx")
    .on("enrolment")
    // status and completed_at again as columns: without them SQLite reads each row to check the condition it already implies
    .columns(["due_at", "aimag_code", "sum_id", "organisation_id", "course_slug", "enrolled_at", "lessons_done", "exam_passed_at", "status", "completed_at"])
    .where(sql.ref("status"), "=", "active")
    .where(sql.ref("completed_at"), "is", null)
    .where(sql.ref("due_at"), "is not", null)
    .execute();
  // The same within one aimag, for its dashboard by sum and organisation.
  await db.schema
    .createIndex("enrolment_aimag_open_due_idx")
    .on("enrolment")
    .columns(["aimag_code", "due_at", "sum_id", "organisation_id", "course_slug", "enrolled_at", "lessons_done", "exam_passed_at", "status", "completed_at"])
    .where(sql.ref("status"), "=", "active")
    .where(sql.ref("completed_at"), "is", null)
    .where(sql.ref("due_at"), "is not", null)
    .execute();
  // Certificates that expire: expired and expiring are two ranges of this index.
  await db.schema
    .createIndex("enrolment_certificate_expiry_idx")
    .on("enrolment")
    .columns(["certificate_expires_at", "aimag_code", "sum_id", "organisation_id", "course_slug", "enrolled_at"])
    .where(sql.ref("certificate_expires_at"), "is not", null)
    .execute();
  // Learners active lately: a range at the end of this index; learners of a place: its first columns.
  await db.schema
    .createIndex("users_activity_idx")
    .on("users")
    .columns(["last_active_at", "aimag_code", "sum_id", "organisation_id"])
    .where(sql.ref("last_active_at"), "is not", null)
    .execute();
  await db.schema.createIndex("users_place_activity_idx").on("users").columns(["aimag_code", "sum_id", "organisation_id", "last_active_at"]).execute();
  // A course's funnel per aimag without reading the rows.
  await db.schema.dropIndex("enrolment_course_idx").execute();
  await db.schema
    .createIndex("enrolment_course_idx")
    .on("enrolment")
    .columns(["course_slug", "aimag_code", "sum_id", "enrolled_at", "status", "completed_at", "lessons_done", "exam_passed_at", "certificate_issued_at"])
    .execute();
  // The learner list in name order, paged by keyset.
  await db.schema.createIndex("users_name_idx").on("users").columns(["surname", "given_name", "id"]).execute();
  // A learner's own attempts: the first columns of the unique key, so that a learner's page never walks a course's attempts.
  await db.schema.createIndex("quiz_attempt_user_idx").on("quiz_attempt").columns(["user_id", "course_slug", "kind", "status"]).execute();

  // The words people are found by (surname, given name, e-mail), lower-cased: a prefix of any of
  // them is a range of the primary key. The rows go when the person goes (users are deleted with cascade).
  await db.schema
    .createTable("user_name_term")
    .addColumn("term", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("user_name_term_pk", ["term", "user_id"])
    .execute();
  await db.schema.createIndex("user_name_term_user_idx").on("user_name_term").column("user_id").execute();

  await runStatements(db, createTriggerStatements(engine, 8));
  await refreshNameTerms(db);
  await refreshEnrolmentFacts(db, engine);
  await rebuildReportSummaries(db, engine, 8);
  // planner statistics, so that SQLite picks the learner's own index over the course's
  await sql`analyze`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db);
  await runStatements(db, dropTriggerStatements(engine, 8));
  for (const i of [
    "enrolment_open_due_idx",
    "enrolment_aimag_open_due_idx",
    "enrolment_certificate_expiry_idx",
    "users_activity_idx",
    "users_place_activity_idx",
    "users_name_idx",
    "quiz_attempt_user_idx",
  ])
    await db.schema.dropIndex(i).execute();
  await db.schema.dropTable("user_name_term").execute();
  await db.schema.dropTable("activity_daily").execute();
  await db.schema.dropTable("enrolment_summary").execute();
  for (const c of ["lessons_done", "exam_attempts", "exam_best", "exam_passed_at", "certificate_issued_at", "certificate_expires_at"])
    await db.schema.alterTable("enrolment").dropColumn(c).execute();
  await db.schema.alterTable("users").dropColumn("last_active_at").execute();
}
