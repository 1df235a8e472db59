// Trainers an administrator assigned to a course (decision 036). With the e-mails a course lists
// under `trainers:` and the trainers of its scheduled events, they are the course's trainers.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("course_trainer")
    .addColumn("course_slug", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("assigned_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("assigned_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("course_trainer_pk", ["course_slug", "user_id"])
    .execute();
  await db.schema.createIndex("course_trainer_user_idx").on("course_trainer").column("user_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("course_trainer").execute();
}
