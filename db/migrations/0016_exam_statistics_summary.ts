// Exam statistics at national volume, part two (decision 035, addendum): per quiz, the graded
// attempts by percent score, each question's counts by attempt percent and each option's times
// chosen, kept by triggers on quiz_attempt and attempt_answer (db/quiz-statistics.ts). The page reads
// a few hundred summary rows instead of every saved answer. Existing graded attempts are backfilled.
import { type Kysely, sql } from "kysely";
import { createQuizStatisticsTriggers, dropQuizStatisticsTriggers, rebuildQuizStatistics } from "../quiz-statistics";
import { engineOf, runStatements } from "../report-facts";

export async function up(db: Kysely<any>): Promise<void> {
  const engine = engineOf(db);
  await db.schema
    .createTable("quiz_score_band")
    .addColumn("course_slug", "text", (c) => c.notNull())
    .addColumn("quiz_slug", "text", (c) => c.notNull())
    .addColumn("percent", "double precision", (c) => c.notNull()) // the attempt's percent score (two decimals)
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("quiz_score_band_pk", ["course_slug", "quiz_slug", "percent"])
    .execute();
  await db.schema
    .createTable("quiz_question_stat")
    .addColumn("course_slug", "text", (c) => c.notNull())
    .addColumn("quiz_slug", "text", (c) => c.notNull())
    .addColumn("question_id", "text", (c) => c.notNull())
    .addColumn("percent", "double precision", (c) => c.notNull()) // of the attempts counted on this row
    .addColumn("presented", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("correct", "integer", (c) => c.notNull().defaultTo(0)) // fully correct
    .addColumn("score_sum", "double precision", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("quiz_question_stat_pk", ["course_slug", "quiz_slug", "question_id", "percent"])
    .execute();
  await db.schema
    .createTable("quiz_option_stat")
    .addColumn("course_slug", "text", (c) => c.notNull())
    .addColumn("quiz_slug", "text", (c) => c.notNull())
    .addColumn("question_id", "text", (c) => c.notNull())
    .addColumn("option_id", "text", (c) => c.notNull())
    .addColumn("chosen", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("quiz_option_stat_pk", ["course_slug", "quiz_slug", "question_id", "option_id"])
    .execute();
  await runStatements(db, createQuizStatisticsTriggers(engine));
  await rebuildQuizStatistics(db, engine);
  await sql`analyze`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, dropQuizStatisticsTriggers(engineOf(db)));
  await db.schema.dropTable("quiz_option_stat").execute();
  await db.schema.dropTable("quiz_question_stat").execute();
  await db.schema.dropTable("quiz_score_band").execute();
}
