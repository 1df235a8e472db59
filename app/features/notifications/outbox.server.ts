// The e-mail outbox (decision 031). A message is queued with `queueMail` inside the transaction of
// the event that causes it (an assignment, a certificate, a reset link), so it exists exactly when
// the event does. `deliverDue` sends what is due: it claims a batch with one conditional UPDATE (a
// lease: claimed_by and claimed_until), so two servers never hold the same message, sends each
// through the transport, and records the outcome. A failure is tried again later (1 min, 5 min,
// 15 min, 1 h, 4 h, 12 h), then given up and shown to administrators. A server that dies between
// sending and recording leaves a lease that runs out, and the message is sent again: delivery is
// at least once, and every message carries its own Message-ID so that a mailbox can tell a repeat.
import type { Kysely } from "kysely";
import type { DB } from "../../../db/schema";
import type { Language } from "~/i18n/config";

export interface OutgoingMail {
  /** What the message is about ("password_reset", "assignment", …). */
  kind: string;
  userId?: string | null;
  to: string;
  language: Language;
  subject: string;
  text: string;
  html: string;
  /** At most one message per key, ever: a scheduled reminder queued twice is queued once. */
  dedupeKey?: string;
  /** Not to be sent before this time. */
  notBefore?: Date;
}

/** Queues a message in the caller's transaction; false when its dedupe key was queued before. */
export async function queueMail(executor: Kysely<DB>, mail: OutgoingMail, now = new Date()): Promise<boolean> {
  const result = await executor
    .insertInto("outbox_message")
    .values({
      id: crypto.randomUUID(),
      kind: mail.kind,
      user_id: mail.userId ?? null,
      to_address: mail.to,
      language: mail.language,
      subject: mail.subject,
      body_text: mail.text,
      body_html: mail.html,
      dedupe_key: mail.dedupeKey ?? null,
      created_at: now.toISOString(),
      available_at: (mail.notBefore ?? now).toISOString(),
      last_error: null,
      claimed_by: null,
      claimed_until: null,
      sent_at: null,
      failed_at: null,
    })
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** What a transport is given: one message, ready to go. */
export interface MailMessage {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  language: Language;
}

export interface MailTransport {
  send(message: MailMessage): Promise<void>;
}

/** Minutes before the next try after the n-th failure; after the last, the message is given up. */
export const RETRY_MINUTES = [1, 5, 15, 60, 240, 720];
/** How long a claim holds: longer than the transport's own time-outs, so a slow send is not claimed twice. */
export const LEASE_MS = 5 * 60_000;

export interface DeliveryReport {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Sends up to `batch` due messages as `worker` (any name unique to this process). Safe to run in
 * several processes at once: each message is claimed by one of them.
 */
export async function deliverDue(
  executor: Kysely<DB>,
  transport: MailTransport,
  { worker, now = () => new Date(), batch = 20, domain = "erdem.local" }: { worker: string; now?: () => Date; batch?: number; domain?: string },
): Promise<DeliveryReport> {
  const at = now();
  const claimed = await executor
    .updateTable("outbox_message")
    .set({ claimed_by: worker, claimed_until: new Date(at.getTime() + LEASE_MS).toISOString() })
    .where("id", "in", (eb) =>
      eb
        .selectFrom("outbox_message")
        .select("id")
        .where("sent_at", "is", null)
        .where("failed_at", "is", null)
        .where("available_at", "<=", at.toISOString())
        .where((w) => w.or([w("claimed_until", "is", null), w("claimed_until", "<", at.toISOString())]))
        .orderBy("available_at")
        .limit(batch),
    )
    // checked again on the row itself: of two servers that picked the same rows, only one gets each
    .where("sent_at", "is", null)
    .where("failed_at", "is", null)
    .where((w) => w.or([w("claimed_until", "is", null), w("claimed_until", "<", at.toISOString())]))
    .returningAll()
    .execute();

  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
  for (const message of claimed) {
    try {
      await transport.send({
        messageId: `<${message.id}@${domain}>`,
        to: message.to_address,
        subject: message.subject,
        text: message.body_text,
        html: message.body_html,
        language: message.language === "en" ? "en" : "mn",
      });
      await executor
        .updateTable("outbox_message")
        .set({ sent_at: now().toISOString(), claimed_by: null, claimed_until: null, last_error: null })
        .where("id", "=", message.id)
        .where("claimed_by", "=", worker)
        .execute();
      report.sent++;
    } catch (error) {
      const attempts = message.attempts + 1;
      const giveUp = attempts > RETRY_MINUTES.length;
      const when = now();
      await executor
        .updateTable("outbox_message")
        .set({
          attempts,
          last_error: String(error instanceof Error ? error.message : error).slice(0, 500),
          claimed_by: null,
          claimed_until: null,
          available_at: giveUp ? message.available_at : new Date(when.getTime() + RETRY_MINUTES[attempts - 1] * 60_000).toISOString(),
          failed_at: giveUp ? when.toISOString() : null,
        })
        .where("id", "=", message.id)
        .where("claimed_by", "=", worker)
        .execute();
      if (giveUp) report.failed++;
      else report.retried++;
    }
  }
  return report;
}

/** For the administrators' home: how many messages wait, and how many were given up. */
export async function outboxState(executor: Kysely<DB>) {
  const row = await executor
    .selectFrom("outbox_message")
    .select((eb) => [
      eb.fn
        .countAll<number>()
        .filterWhere(eb.and([eb("sent_at", "is", null), eb("failed_at", "is", null)]))
        .as("waiting"),
      eb.fn.countAll<number>().filterWhere("failed_at", "is not", null).as("failed"),
    ])
    .executeTakeFirstOrThrow();
  return { waiting: Number(row.waiting), failed: Number(row.failed) };
}
