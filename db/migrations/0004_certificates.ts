// Certificates, their serial counters, and the revocation status list index.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("certificate")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("serial", "text", (c) => c.notNull().unique())
    .addColumn("code", "text", (c) => c.notNull().unique()) // verification code, 160 random bits
    .addColumn("status_index", "integer", (c) => c.notNull().unique()) // position in the revocation status list
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("course_slug", "text", (c) => c.notNull())
    .addColumn("course_version", "text", (c) => c.notNull())
    .addColumn("course_title_mn", "text", (c) => c.notNull())
    .addColumn("course_title_en", "text", (c) => c.notNull())
    .addColumn("hours", "double precision", (c) => c.notNull())
    .addColumn("learner_name", "text", (c) => c.notNull())
    .addColumn("learner_surname", "text", (c) => c.notNull())
    .addColumn("aimag_code", "text", (c) => c.notNull())
    .addColumn("aimag_mn", "text", (c) => c.notNull())
    .addColumn("aimag_en", "text", (c) => c.notNull())
    .addColumn("organisation_mn", "text", (c) => c.notNull())
    .addColumn("organisation_en", "text", (c) => c.notNull())
    .addColumn("issued_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text")
    .addColumn("issued_by", "text") // null: issued automatically on completion
    .addColumn("offline_reason", "text")
    .addColumn("renewed_from", "text")
    .addColumn("revoked_at", "text")
    .addColumn("revoked_reason", "text")
    .addColumn("revoked_by", "text")
    .execute();
  await db.schema.createIndex("certificate_user_idx").on("certificate").columns(["user_id", "course_slug"]).execute();

  await db.schema
    .createTable("counter")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("value", "integer", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("counter").execute();
  await db.schema.dropTable("certificate").execute();
}
