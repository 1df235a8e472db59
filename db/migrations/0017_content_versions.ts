// Published content (decision 038): every version of the content folder that was published, its
// files, and which one is live. Servers serve the live version; a server that starts later reads it
// here, so it never serves an older one. An attempt keeps the course version it was started on (its
// questions are kept with it), and an enrolment the course version its learner has seen the changes of.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("content_version")
    .addColumn("id", "text", (c) => c.primaryKey()) // sha-256 of the files' paths and bodies
    .addColumn("published_at", "text", (c) => c.notNull())
    .addColumn("published_by", "text") // who ran the publish (an operator's name or account), free text
    .addColumn("note", "text")
    .addColumn("files", "integer", (c) => c.notNull())
    .addColumn("bytes", "integer", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("content_file")
    .addColumn("version_id", "text", (c) => c.notNull().references("content_version.id").onDelete("cascade"))
    .addColumn("path", "text", (c) => c.notNull()) // relative to the content folder, with forward slashes
    .addColumn("body", "text", (c) => c.notNull()) // base64: lessons, YAML, and images alike
    .addPrimaryKeyConstraint("content_file_pk", ["version_id", "path"])
    .execute();
  await db.schema
    .createTable("content_live")
    .addColumn("id", "integer", (c) => c.primaryKey()) // always 1: one live version
    .addColumn("version_id", "text", (c) => c.notNull().references("content_version.id"))
    .addColumn("switched_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("quiz_question_version")
    .addColumn("hash", "text", (c) => c.primaryKey()) // of the question's definition: each version of a question once
    .addColumn("question", "text", (c) => c.notNull()) // JSON, as written in the quiz's YAML
    .addColumn("first_drawn_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.alterTable("quiz_attempt").addColumn("course_version", "text").execute();
  await db.schema.alterTable("enrolment").addColumn("version_seen", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("enrolment").dropColumn("version_seen").execute();
  await db.schema.alterTable("quiz_attempt").dropColumn("course_version").execute();
  await db.schema.dropTable("quiz_question_version").execute();
  await db.schema.dropTable("content_live").execute();
  await db.schema.dropTable("content_file").execute();
  await db.schema.dropTable("content_version").execute();
}
