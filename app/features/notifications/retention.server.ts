// How long messages to people are kept (decision 032, addendum): a notification for a year (every
// reminder window looks back far less, so a deleted notice is never sent again), an e-mail that was
// sent or given up on for 90 days (its notification, not the e-mail, stops a reminder repeating;
// a reset link's e-mail is useless after an hour). Deleted by age in batches, each its own short
// transaction, with the job's lease renewed between them.
import type { Kysely } from "kysely";
import type { DB } from "../../../db/schema";

export const NOTIFICATION_DAYS = 365;
export const OUTBOX_DAYS = 90;
const BATCH = 1000;
const DAY = 24 * 3600_000;

export async function runRetention(db: Kysely<DB>, { now, keepLease = async () => true }: { now: Date; keepLease?: () => Promise<boolean> }) {
  const notificationsBefore = new Date(now.getTime() - NOTIFICATION_DAYS * DAY).toISOString();
  const mailBefore = new Date(now.getTime() - OUTBOX_DAYS * DAY).toISOString();
  let notifications = 0;
  let emails = 0;
  for (;;) {
    const res = await db
      .deleteFrom("notification")
      .where("id", "in", db.selectFrom("notification").select("id").where("created_at", "<", notificationsBefore).limit(BATCH))
      .executeTakeFirst();
    const n = Number(res.numDeletedRows);
    notifications += n;
    if (n < BATCH || !(await keepLease())) break;
  }
  for (;;) {
    const res = await db
      .deleteFrom("outbox_message")
      .where(
        "id",
        "in",
        db
          .selectFrom("outbox_message")
          .select("id")
          .where("created_at", "<", mailBefore)
          .where((eb) => eb.or([eb("sent_at", "is not", null), eb("failed_at", "is not", null)]))
          .limit(BATCH),
      )
      .executeTakeFirst();
    const n = Number(res.numDeletedRows);
    emails += n;
    if (n < BATCH || !(await keepLease())) break;
  }
  return { notifications, emails };
}
