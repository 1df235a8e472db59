// In-person trainings: campaigns group training events; an event has sessions (days and hours),
// linked courses, trainers, registrations (with a waiting list in arrival order) and attendance
// marks. Offline roll-call marks are accepted once each by their client id (attendance_receipt).
// A correction that takes credit away from a certified learner is flagged for an administrator
// (credit_review). Users gain an optional phone number, to find walk-ins by it.
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("phone", "text").execute();
  await db.schema.createIndex("users_phone_idx").on("users").column("phone").execute();

  await db.schema
    .createTable("campaign")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("title_mn", "text", (c) => c.notNull())
    .addColumn("title_en", "text", (c) => c.notNull())
    .addColumn("starts_on", "text", (c) => c.notNull()) // YYYY-MM-DD, Ulaanbaatar time
    .addColumn("ends_on", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("training_event")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("campaign_id", "text", (c) => c.references("campaign.id").onDelete("set null"))
    .addColumn("title_mn", "text", (c) => c.notNull())
    .addColumn("title_en", "text", (c) => c.notNull())
    .addColumn("aimag_code", "text", (c) => c.notNull().references("aimag.code"))
    .addColumn("sum_id", "text", (c) => c.references("sum.id"))
    .addColumn("venue", "text", (c) => c.notNull())
    .addColumn("audience", "text", (c) => c.notNull()) // comma-separated audience keys
    .addColumn("capacity", "integer", (c) => c.notNull())
    .addColumn("threshold_percent", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull()) // scheduled | cancelled
    .addColumn("starts_at", "text", (c) => c.notNull()) // first session's start (ISO UTC), kept with the sessions
    .addColumn("ends_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("training_event_aimag_idx").on("training_event").columns(["aimag_code", "starts_at"]).execute();
  await db.schema.createIndex("training_event_campaign_idx").on("training_event").columns(["campaign_id", "starts_at"]).execute();
  await db.schema.createIndex("training_event_starts_idx").on("training_event").column("starts_at").execute();

  await db.schema
    .createTable("event_course")
    .addColumn("event_id", "text", (c) => c.notNull().references("training_event.id").onDelete("cascade"))
    .addColumn("course_slug", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("event_course_pk", ["event_id", "course_slug"])
    .execute();
  await db.schema.createIndex("event_course_course_idx").on("event_course").column("course_slug").execute();

  await db.schema
    .createTable("event_trainer")
    .addColumn("event_id", "text", (c) => c.notNull().references("training_event.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("event_trainer_pk", ["event_id", "user_id"])
    .execute();
  await db.schema.createIndex("event_trainer_user_idx").on("event_trainer").column("user_id").execute();

  await db.schema
    .createTable("event_session")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("event_id", "text", (c) => c.notNull().references("training_event.id").onDelete("cascade"))
    .addColumn("starts_at", "text", (c) => c.notNull()) // ISO UTC
    .addColumn("ends_at", "text", (c) => c.notNull())
    .addColumn("self_check_in", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("check_in_secret", "text", (c) => c.notNull()) // base64url, 32 random bytes; keys the rotating QR codes
    .execute();
  await db.schema.createIndex("event_session_event_idx").on("event_session").columns(["event_id", "starts_at"]).execute();

  await db.schema
    .createTable("event_registration")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("event_id", "text", (c) => c.notNull().references("training_event.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull()) // registered | waiting | cancelled
    .addColumn("queue_no", "integer", (c) => c.notNull()) // arrival order within the event; the waiting list is served by it
    .addColumn("sheet_code", "text", (c) => c.notNull()) // short code printed as the person's QR on the paper sheet
    .addColumn("registered_at", "text", (c) => c.notNull())
    .addColumn("registered_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("walk_in", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("promoted_at", "text")
    .addColumn("cancelled_at", "text")
    .addUniqueConstraint("event_registration_user_uq", ["event_id", "user_id"])
    .addUniqueConstraint("event_registration_sheet_uq", ["event_id", "sheet_code"])
    .execute();
  await db.schema.createIndex("event_registration_queue_idx").on("event_registration").columns(["event_id", "status", "queue_no"]).execute();
  await db.schema.createIndex("event_registration_user_idx").on("event_registration").column("user_id").execute();

  await db.schema
    .createTable("attendance")
    .addColumn("session_id", "text", (c) => c.notNull().references("event_session.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("mark", "text", (c) => c.notNull()) // present | late | absent | excused
    .addColumn("source", "text", (c) => c.notNull()) // roll | qr | sheet
    .addColumn("marked_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("marked_at", "text", (c) => c.notNull()) // when the mark was made (the trainer's tap, clamped to the server's clock)
    .addColumn("received_at", "text", (c) => c.notNull())
    .addColumn("client_id", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("attendance_pk", ["session_id", "user_id"])
    .execute();
  await db.schema.createIndex("attendance_user_idx").on("attendance").column("user_id").execute();

  await db.schema
    .createTable("attendance_receipt")
    .addColumn("client_id", "text", (c) => c.primaryKey())
    .addColumn("session_id", "text", (c) => c.notNull().references("event_session.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("outcome", "text", (c) => c.notNull()) // applied | superseded
    .addColumn("received_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("credit_review")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("course_slug", "text", (c) => c.notNull())
    .addColumn("event_id", "text", (c) => c.references("training_event.id").onDelete("set null"))
    .addColumn("certificate_id", "text", (c) => c.references("certificate.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("resolved_at", "text")
    .addColumn("resolved_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("resolution", "text") // kept | revoked | restored
    .execute();
  await db.schema.createIndex("credit_review_open_idx").on("credit_review").columns(["resolved_at", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "credit_review",
    "attendance_receipt",
    "attendance",
    "event_registration",
    "event_session",
    "event_trainer",
    "event_course",
    "training_event",
    "campaign",
  ])
    await db.schema.dropTable(t).execute();
  await db.schema.dropIndex("users_phone_idx").execute();
  await db.schema.alterTable("users").dropColumn("phone").execute();
}
