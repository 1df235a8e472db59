// In-app notifications, each person's choice of what also comes by e-mail, and the scheduler's
// leases (decision 032). A notification is written in the same transaction as the event that causes
// it, with a dedupe_key that makes a reminder idempotent: the scheduler's scans skip what already
// has a row, so a missed run is caught up by the next one and nothing is sent twice.
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("notification")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    // what the text needs (course, dates, codes), as JSON: the text is written in the reader's language when shown
    .addColumn("params", "text", (c) => c.notNull())
    .addColumn("link", "text", (c) => c.notNull())
    .addColumn("dedupe_key", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("read_at", "text")
    .execute();
  await db.schema.createIndex("notification_user_idx").on("notification").columns(["user_id", "created_at"]).execute();
  // the header's count: a person's unread notifications
  await db.schema.createIndex("notification_unread_idx").on("notification").column("user_id").where(sql.ref("read_at"), "is", null).execute();

  // Only the topics a person turned off (or on, for those off by default) have a row.
  await db.schema
    .createTable("notification_preference")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("topic", "text", (c) => c.notNull())
    .addColumn("email", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("notification_preference_pk", ["user_id", "topic"])
    .execute();

  // One row per scheduled job: who holds it until when, and when it last ran to the end.
  await db.schema
    .createTable("job_run")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("holder", "text")
    .addColumn("lease_until", "text")
    .addColumn("last_started_at", "text")
    .addColumn("last_finished_at", "text")
    .addColumn("last_error", "text")
    .execute();

  // the expiry reminders' scan: unrevoked certificates by expiry
  await db.schema
    .createIndex("certificate_expiry_idx")
    .on("certificate")
    .columns(["expires_at", "user_id", "course_slug"])
    .where(sql.ref("revoked_at"), "is", null)
    .where(sql.ref("expires_at"), "is not", null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("certificate_expiry_idx").execute();
  await db.schema.dropTable("job_run").execute();
  await db.schema.dropTable("notification_preference").execute();
  await db.schema.dropTable("notification").execute();
}
