// The e-mail outbox (decision 031): a message is written in the same transaction
// as the event that causes it, and sent later by whichever server claims it first. A claim is a
// lease (claimed_by, claimed_until): a server that dies mid-send leaves a lease that runs out, and
// the message is tried again. dedupe_key makes a scheduled reminder idempotent (one per person,
// course and reason).
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("outbox_message")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.references("users.id"))
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("body_text", "text", (c) => c.notNull())
    .addColumn("body_html", "text", (c) => c.notNull())
    .addColumn("dedupe_key", "text", (c) => c.unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("available_at", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("claimed_by", "text")
    .addColumn("claimed_until", "text")
    .addColumn("sent_at", "text")
    .addColumn("failed_at", "text")
    .execute();
  // the sender's query: messages still to send, by when they may be tried
  await db.schema
    .createIndex("outbox_message_due_idx")
    .on("outbox_message")
    .column("available_at")
    .where(sql.ref("sent_at"), "is", null)
    .where(sql.ref("failed_at"), "is", null)
    .execute();
  await db.schema.createIndex("outbox_message_user_idx").on("outbox_message").columns(["user_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("outbox_message").execute();
}
