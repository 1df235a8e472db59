import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("aimag")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("name_mn", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("sort_order", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("sum")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("aimag_code", "text", (c) => c.notNull().references("aimag.code"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("name_mn", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("is_center", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("sort_order", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sum_aimag_idx").on("sum").column("aimag_code").execute();

  await db.schema
    .createTable("organisation")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name_mn", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("aimag_code", "text", (c) => c.references("aimag.code"))
    .addColumn("sum_id", "text", (c) => c.references("sum.id"))
    .addColumn("archived", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("organisation_aimag_idx").on("organisation").column("aimag_code").execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("surname", "text", (c) => c.notNull())
    .addColumn("given_name", "text", (c) => c.notNull())
    .addColumn("position", "text", (c) => c.notNull())
    .addColumn("organisation_id", "text", (c) => c.notNull().references("organisation.id"))
    .addColumn("aimag_code", "text", (c) => c.notNull().references("aimag.code"))
    .addColumn("sum_id", "text", (c) => c.notNull().references("sum.id"))
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("locale", "text", (c) => c.notNull().defaultTo("mn"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("disabled_at", "text")
    .execute();
  await db.schema.createIndex("users_aimag_idx").on("users").columns(["aimag_code", "sum_id"]).execute();
  await db.schema.createIndex("users_organisation_idx").on("users").column("organisation_id").execute();

  await db.schema
    .createTable("user_role")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("aimag_code", "text", (c) => c.references("aimag.code"))
    .addColumn("granted_at", "text", (c) => c.notNull())
    .addColumn("granted_by", "text")
    .addPrimaryKeyConstraint("user_role_pk", ["user_id", "role"])
    .execute();

  await db.schema
    .createTable("session")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("user_agent", "text")
    .execute();
  await db.schema.createIndex("session_user_idx").on("session").column("user_id").execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("actor_id", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target_type", "text", (c) => c.notNull())
    .addColumn("target_id", "text", (c) => c.notNull())
    .addColumn("detail", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("audit_log_target_idx").on("audit_log").columns(["target_type", "target_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["audit_log", "session", "user_role", "users", "organisation", "sum", "aimag"]) {
    await db.schema.dropTable(t).execute();
  }
}
