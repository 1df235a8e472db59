// What a coordinator may adjust for one learner in one course beyond the due date: extra attempts
// at the course's exam, and extra minutes on each exam attempt (an accessibility arrangement). Both
// count from zero and add to what the exam's own settings allow. (The "who is enrolled" list pages
// by surname and given name on 0008's users_name_idx.)
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("enrolment")
    .addColumn("extra_attempts", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("enrolment")
    .addColumn("exam_extra_minutes", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("enrolment").dropColumn("exam_extra_minutes").execute();
  await db.schema.alterTable("enrolment").dropColumn("extra_attempts").execute();
}
