// The outbox against a real SMTP server (smtp-server, started here, with STARTTLS on its own
// certificate) through nodemailer: what is queued arrives with its subject, language and link;
// two senders at once deliver each message once; a refused message is tried again after its
// back-off and given up after the last.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../../db/factories";
import { db } from "~/db.server";
import { type Mailbox, startMailbox } from "../../../tests/mailbox";
import { smtpTransport } from "./mailer.server";
import { deliverDue, LEASE_MS, outboxState, queueMail, RETRY_MINUTES } from "./outbox.server";

let mailbox: Mailbox;
let url = "";
let received: Mailbox["received"] = [];
let refused: Mailbox["refused"] = new Set();

beforeAll(async () => {
  mailbox = await startMailbox();
  ({ url, received, refused } = mailbox);
});
afterAll(() => mailbox.close());

const transport = () => smtpTransport({ url, from: '"Эрдэм" <no-reply@erdem.test>', tls: { rejectUnauthorized: false } });

const mail = (to: string, n: number, language: "mn" | "en" = "mn") => ({
  kind: "test",
  to,
  language,
  subject: language === "mn" ? `Сургалт хуваарилагдлаа №${n}` : `A course was assigned to you #${n}`,
  text: `https://erdem.test/courses/ict-cyber-hygiene?n=${n}`,
  html: `<p><a href="https://erdem.test/courses/ict-cyber-hygiene?n=${n}">Өнөөдөр эхлэх</a></p>`,
});

describe("the e-mail outbox", () => {
  it("delivers a queued message over STARTTLS with its subject, language, link and own Message-ID", async () => {
    received.length = 0;
    const user = await createUser(db);
    expect(await queueMail(db, { ...mail("ariunaa@example.mn", 1), userId: user.id })).toBe(true);
    expect(await queueMail(db, mail("john@example.mn", 2, "en"))).toBe(true);
    expect((await outboxState(db)).waiting).toBe(2);

    const t = await transport();
    const report = await deliverDue(db, t, { worker: "a", domain: "erdem.test" });
    t.close();
    expect(report).toEqual({ sent: 2, retried: 0, failed: 0 });
    const mn = received.find((r) => r.to === "ariunaa@example.mn");
    expect(mn?.subject).toBe("Сургалт хуваарилагдлаа №1");
    expect(mn?.language).toBe("mn");
    expect(mn?.text).toContain("https://erdem.test/courses/ict-cyber-hygiene?n=1");
    expect(mn?.html).toContain('href="https://erdem.test/courses/ict-cyber-hygiene?n=1"');
    expect(mn?.secure).toBe(true);
    expect(mn?.messageId).toMatch(/^<[0-9a-f-]{36}@erdem\.test>$/);
    expect(received.find((r) => r.to === "john@example.mn")?.language).toBe("en");
    expect(await outboxState(db)).toEqual({ waiting: 0, failed: 0 });
    // sent is sent: nothing goes twice
    const again = await transport();
    expect(await deliverDue(db, again, { worker: "a" })).toEqual({ sent: 0, retried: 0, failed: 0 });
    again.close();
  });

  it("queues a message with a dedupe key once", async () => {
    const key = `due-7:${crypto.randomUUID()}`;
    expect(await queueMail(db, { ...mail("dup@example.mn", 3), dedupeKey: key })).toBe(true);
    expect(await queueMail(db, { ...mail("dup@example.mn", 3), dedupeKey: key })).toBe(false);
    const rows = await db.selectFrom("outbox_message").select("id").where("dedupe_key", "=", key).execute();
    expect(rows).toHaveLength(1);
    await db.deleteFrom("outbox_message").where("dedupe_key", "=", key).execute();
  });

  it("sends each of 60 messages exactly once when two servers send at the same time", async () => {
    received.length = 0;
    for (let i = 0; i < 60; i++) await queueMail(db, mail(`learner${i}@example.mn`, 100 + i));
    const [a, b] = [await transport(), await transport()];
    const run = async (t: typeof a, worker: string) => {
      let sent = 0;
      for (;;) {
        const r = await deliverDue(db, t, { worker, batch: 7 });
        sent += r.sent;
        if (r.sent + r.retried + r.failed === 0) return sent;
      }
    };
    const [byA, byB] = await Promise.all([run(a, "a"), run(b, "b")]);
    a.close();
    b.close();
    expect(byA + byB).toBe(60);
    expect(received).toHaveLength(60);
    expect(new Set(received.map((r) => r.to)).size).toBe(60);
  });

  it("tries a refused message again after its back-off, and gives it up after the last", async () => {
    received.length = 0;
    refused.add("busy@example.mn");
    const start = new Date();
    await queueMail(db, mail("busy@example.mn", 200), start);
    const t = await transport();
    let clock = start.getTime();
    const now = () => new Date(clock);
    expect(await deliverDue(db, t, { worker: "a", now })).toEqual({ sent: 0, retried: 1, failed: 0 });
    const row = await db.selectFrom("outbox_message").selectAll().where("to_address", "=", "busy@example.mn").executeTakeFirstOrThrow();
    expect(row.attempts).toBe(1);
    expect(row.last_error).toContain("mailbox busy");
    expect(row.available_at).toBe(new Date(clock + RETRY_MINUTES[0] * 60_000).toISOString());
    // not before its time
    clock += 30_000;
    expect(await deliverDue(db, t, { worker: "a", now })).toEqual({ sent: 0, retried: 0, failed: 0 });
    for (let i = 1; i < RETRY_MINUTES.length; i++) {
      clock += RETRY_MINUTES[i - 1] * 60_000;
      expect(await deliverDue(db, t, { worker: "a", now })).toEqual({ sent: 0, retried: 1, failed: 0 });
    }
    clock += RETRY_MINUTES.at(-1)! * 60_000;
    expect(await deliverDue(db, t, { worker: "a", now })).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect((await outboxState(db)).failed).toBe(1);
    // given up stays given up
    clock += 24 * 3600_000;
    expect(await deliverDue(db, t, { worker: "a", now })).toEqual({ sent: 0, retried: 0, failed: 0 });
    t.close();
    expect(received).toHaveLength(0);
    refused.delete("busy@example.mn");
  });

  it("sends again a message whose sender died holding it, once its lease has run out", async () => {
    received.length = 0;
    const start = new Date();
    await queueMail(db, mail("orphan@example.mn", 300), start);
    // a server claims it and dies before sending
    const dead = { send: () => new Promise<void>(() => {}) };
    void deliverDue(db, dead, { worker: "dead", now: () => start });
    await new Promise((r) => setTimeout(r, 200));
    const t = await transport();
    expect(await deliverDue(db, t, { worker: "b", now: () => new Date(start.getTime() + 60_000) })).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await deliverDue(db, t, { worker: "b", now: () => new Date(start.getTime() + LEASE_MS + 1000) })).toEqual({ sent: 1, retried: 0, failed: 0 });
    t.close();
    expect(received.map((r) => r.to)).toEqual(["orphan@example.mn"]);
  });
});
