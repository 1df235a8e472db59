// What is kept how long (the retention job, decision 032 addendum): notifications for a year, sent
// or given-up e-mail for 90 days. The job deletes by age, so each table gets an index on it.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("notification_created_idx").on("notification").column("created_at").execute();
  await db.schema.createIndex("outbox_message_created_idx").on("outbox_message").column("created_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("outbox_message_created_idx").execute();
  await db.schema.dropIndex("notification_created_idx").execute();
}
