// The retention job against the real database: notifications older than a year and e-mail sent or
// given up on more than 90 days ago are deleted, in batches; everything younger, and e-mail still
// to send, stays.
import { describe, expect, it } from "vitest";
import { createUser } from "../../../db/factories";
import { db } from "~/db.server";
import { NOTIFICATION_DAYS, OUTBOX_DAYS, runRetention } from "./retention.server";

const DAY = 24 * 3600_000;
const now = new Date("2031-06-01T00:00:00Z");
const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();

describe("retention", () => {
  it("deletes old notifications and old sent or failed e-mail, and keeps the rest", async () => {
    const u = await createUser(db);
    const notice = (i: number, created: string) => ({
      id: crypto.randomUUID(),
      user_id: u.id,
      kind: "certificate_issued",
      params: "{}",
      link: "/my",
      dedupe_key: `retention-test:${u.id}:${i}`,
      created_at: created,
      read_at: null,
    });
    // more than one batch of old ones
    const old = Array.from({ length: 1203 }, (_, i) => notice(i, ago(NOTIFICATION_DAYS + 1 + (i % 30))));
    for (let i = 0; i < old.length; i += 200)
      await db
        .insertInto("notification")
        .values(old.slice(i, i + 200))
        .execute();
    await db
      .insertInto("notification")
      .values([notice(5000, ago(NOTIFICATION_DAYS - 1)), notice(5001, ago(1))])
      .execute();
    const mail = (key: string, created: string, state: { sent_at?: string; failed_at?: string }) => ({
      id: crypto.randomUUID(),
      kind: "certificate_issued",
      user_id: u.id,
      to_address: "a@example.mn",
      language: "mn",
      subject: "s",
      body_text: "t",
      body_html: "<p>t</p>",
      dedupe_key: `retention-test:${key}:${u.id}`,
      created_at: created,
      available_at: created,
      sent_at: state.sent_at ?? null,
      failed_at: state.failed_at ?? null,
    });
    await db
      .insertInto("outbox_message")
      .values([
        mail("old-sent", ago(OUTBOX_DAYS + 5), { sent_at: ago(OUTBOX_DAYS + 5) }),
        mail("old-failed", ago(OUTBOX_DAYS + 5), { failed_at: ago(OUTBOX_DAYS + 4) }),
        mail("old-pending", ago(OUTBOX_DAYS + 5), {}),
        mail("young-sent", ago(OUTBOX_DAYS - 5), { sent_at: ago(OUTBOX_DAYS - 5) }),
      ])
      .execute();

    let leases = 0;
    const result = await runRetention(db, { now, keepLease: async () => (leases++, true) });
    expect(result.notifications).toBe(1203);
    expect(result.emails).toBe(2);
    expect(leases).toBeGreaterThanOrEqual(1);
    const left = await db.selectFrom("notification").select("dedupe_key").where("user_id", "=", u.id).orderBy("dedupe_key").execute();
    expect(left.map((n) => n.dedupe_key)).toEqual([`retention-test:${u.id}:5000`, `retention-test:${u.id}:5001`]);
    const mails = await db.selectFrom("outbox_message").select("dedupe_key").where("user_id", "=", u.id).orderBy("dedupe_key").execute();
    expect(mails.map((m) => m.dedupe_key)).toEqual([`retention-test:old-pending:${u.id}`, `retention-test:young-sent:${u.id}`]);
    // nothing more the next day
    expect(await runRetention(db, { now: new Date(now.getTime() + DAY / 2) })).toEqual({ notifications: 0, emails: 0 });
  });
});
