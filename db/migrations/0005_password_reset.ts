// One-time password reset links (an administrator, or the learner's aimag coordinator, creates a
// link and hands it over by phone or in person; only the SHA-256 of its token is stored), and an
// index for reading the audit log newest first.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("password_reset")
    .addColumn("id", "text", (c) => c.primaryKey()) // hex SHA-256 of the token
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("created_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .execute();
  await db.schema.createIndex("password_reset_user_idx").on("password_reset").column("user_id").execute();
  // the audit log page lists newest first
  await db.schema.createIndex("audit_log_created_idx").on("audit_log").column("created_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("audit_log_created_idx").execute();
  await db.schema.dropTable("password_reset").execute();
}
