// Questions a learner marked to look at again before submitting: a JSON array of question ids on
// the attempt, saved with the answers (the same form post or autosave) under the attempt's lock.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("quiz_attempt")
    .addColumn("flagged", "text", (c) => c.notNull().defaultTo("[]"))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("quiz_attempt").dropColumn("flagged").execute();
}
