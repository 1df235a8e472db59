// Login throttling in our own tables (one row per account, IP address or known device, reserved
// atomically before a password is verified), devices that have signed in before, indexes for
// purging expired rows, and reset links that are deleted when spent instead of marked used.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("login_throttle")
    .addColumn("key", "text", (c) => c.primaryKey()) // "account:<email>", "ip:<address>", "device:<id>", "verify:<address>"
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("first_at", "text", (c) => c.notNull())
    .addColumn("last_at", "text", (c) => c.notNull())
    .addColumn("not_before", "text")
    .execute();
  await db.schema.createIndex("login_throttle_last_idx").on("login_throttle").column("last_at").execute();

  await db.schema
    .createTable("login_device")
    .addColumn("id", "text", (c) => c.notNull()) // hex SHA-256 of the cookie's token; a shared computer knows several people
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_used_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("login_device_pk", ["id", "user_id"])
    .execute();
  await db.schema.createIndex("login_device_user_idx").on("login_device").column("user_id").execute();
  await db.schema.createIndex("login_device_used_idx").on("login_device").column("last_used_at").execute();

  await db.schema.createIndex("session_expires_idx").on("session").column("expires_at").execute();
  await db.schema.createIndex("password_reset_expires_idx").on("password_reset").column("expires_at").execute();
  await db.deleteFrom("password_reset").where("used_at", "is not", null).execute();
  await db.schema.alterTable("password_reset").dropColumn("used_at").execute();

  // tables the former throttling library created for itself on first use
  for (const t of ["rl_login_account", "rl_login_ip", "rl_verify_ip"]) await db.schema.dropTable(t).ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("password_reset").addColumn("used_at", "text").execute();
  await db.schema.dropIndex("password_reset_expires_idx").execute();
  await db.schema.dropIndex("session_expires_idx").execute();
  await db.schema.dropTable("login_device").execute();
  await db.schema.dropTable("login_throttle").execute();
}
