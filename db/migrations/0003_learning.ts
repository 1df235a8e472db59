// Enrolments, lesson progress and quiz attempts.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("enrolment")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("course_slug", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull()) // active | withdrawn
    .addColumn("enrolled_at", "text", (c) => c.notNull())
    .addColumn("enrolled_by", "text") // null: the learner enrolled themselves
    .addColumn("due_at", "text")
    // Where the learner was when enrolled, so reports stay right when people move.
    .addColumn("aimag_code", "text", (c) => c.notNull())
    .addColumn("sum_id", "text", (c) => c.notNull())
    .addColumn("organisation_id", "text", (c) => c.notNull())
    .addColumn("completed_at", "text")
    .addColumn("withdrawn_at", "text")
    .addUniqueConstraint("enrolment_user_course_uq", ["user_id", "course_slug"])
    .execute();
  await db.schema.createIndex("enrolment_course_idx").on("enrolment").columns(["course_slug", "aimag_code"]).execute();

  await db.schema
    .createTable("lesson_progress")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("course_slug", "text", (c) => c.notNull())
    .addColumn("lesson_slug", "text", (c) => c.notNull())
    .addColumn("completed_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("lesson_progress_pk", ["user_id", "course_slug", "lesson_slug"])
    .execute();

  await db.schema
    .createTable("quiz_attempt")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("course_slug", "text", (c) => c.notNull())
    .addColumn("quiz_slug", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull()) // exam | practice
    .addColumn("attempt_no", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull()) // in_progress | submitted | graded
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("questions", "text", (c) => c.notNull()) // JSON: drawn questions and their option order
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("deadline_at", "text")
    .addColumn("submitted_at", "text")
    .addColumn("graded_at", "text")
    .addColumn("auto_submitted", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("score", "double precision")
    .addColumn("max_score", "double precision")
    .addColumn("percent", "double precision")
    .addColumn("passed", "integer")
    .addColumn("grades", "text") // JSON: per-question scores, for review and item statistics
    .addUniqueConstraint("quiz_attempt_no_uq", ["user_id", "course_slug", "quiz_slug", "attempt_no"])
    .execute();
  await db.schema.createIndex("quiz_attempt_quiz_idx").on("quiz_attempt").columns(["course_slug", "quiz_slug", "status"]).execute();

  await db.schema
    .createTable("attempt_answer")
    .addColumn("attempt_id", "text", (c) => c.notNull().references("quiz_attempt.id").onDelete("cascade"))
    .addColumn("question_id", "text", (c) => c.notNull())
    .addColumn("response", "text", (c) => c.notNull()) // JSON Response
    .addColumn("saved_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("attempt_answer_pk", ["attempt_id", "question_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["attempt_answer", "quiz_attempt", "lesson_progress", "enrolment"]) await db.schema.dropTable(t).execute();
}
