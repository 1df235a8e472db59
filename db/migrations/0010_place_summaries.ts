// What the country dashboard still counted row by row after 0008 (decision 023): the overdue
// enrolments and the people of each place. Two summaries kept by triggers in the writing
// transaction — open enrolments by the month they fall due, and people per place and per day of
// their last activity — leave only the current month's (or day's) part to a range of an index.
// And an index of role holders for the people list.
import { type Kysely, sql } from "kysely";
import { createTriggerStatements, dropTriggerStatements, engineOf, rebuildReportSummaries, runStatements } from "../report-facts";

export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db);
  await db.schema
    .createTable("enrolment_due_summary")
    .addColumn("aimag_code", "text", (c) => c.notNull())
    .addColumn("sum_id", "text", (c) => c.notNull())
    .addColumn("organisation_id", "text", (c) => c.notNull())
    .addColumn("course_slug", "text", (c) => c.notNull())
    .addColumn("cohort", "text", (c) => c.notNull()) // YYYY-MM enrolled, Ulaanbaatar time (as enrolment_summary)
    .addColumn("due_month", "text", (c) => c.notNull()) // YYYY-MM of due_at, UTC (the prefix of its ISO text)
    .addColumn("open", "integer", (c) => c.notNull().defaultTo(0)) // active, not completed
    .addColumn("open_started", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("enrolment_due_summary_pk", ["due_month", "aimag_code", "sum_id", "organisation_id", "course_slug", "cohort"])
    .execute();
  await db.schema
    .createTable("people_summary")
    .addColumn("aimag_code", "text", (c) => c.notNull())
    .addColumn("sum_id", "text", (c) => c.notNull())
    .addColumn("organisation_id", "text", (c) => c.notNull())
    .addColumn("people", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("people_summary_pk", ["aimag_code", "sum_id", "organisation_id"])
    .execute();
  await db.schema
    .createTable("people_active_day")
    .addColumn("day", "text", (c) => c.notNull()) // YYYY-MM-DD of last_active_at, UTC
    .addColumn("aimag_code", "text", (c) => c.notNull())
    .addColumn("sum_id", "text", (c) => c.notNull())
    .addColumn("organisation_id", "text", (c) => c.notNull())
    .addColumn("people", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("people_active_day_pk", ["day", "aimag_code", "sum_id", "organisation_id"])
    .execute();
  // the holders of a role (the people list filtered by role starts from them when they are few)
  await db.schema.createIndex("user_role_role_idx").on("user_role").columns(["role", "user_id"]).execute();
  await runStatements(db, createTriggerStatements(engine, 10));
  await rebuildReportSummaries(db, engine);
  await sql`analyze`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, dropTriggerStatements(engineOf(db), 10));
  await db.schema.dropIndex("user_role_role_idx").execute();
  await db.schema.dropTable("people_active_day").execute();
  await db.schema.dropTable("people_summary").execute();
  await db.schema.dropTable("enrolment_due_summary").execute();
}
