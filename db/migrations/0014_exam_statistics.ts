// Exam statistics at national volume (decision 035): the attempts list of one exam is a keyset page
// in hand-in order, and the summary (counts, pass rate, score bins, median) reads only the index.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("quiz_attempt_handed_in_idx").on("quiz_attempt").columns(["course_slug", "quiz_slug", "status", "submitted_at", "id"]).execute();
  await db.schema
    .createIndex("quiz_attempt_score_idx")
    .on("quiz_attempt")
    .columns(["course_slug", "quiz_slug", "status", "percent", "passed", "user_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("quiz_attempt_score_idx").execute();
  await db.schema.dropIndex("quiz_attempt_handed_in_idx").execute();
}
