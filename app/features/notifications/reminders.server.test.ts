// Reminders and the scheduler with a clock passed in: each reminder is written once in its window,
// a missed run is caught up by the next (only what still matters), two servers at once write each
// once, and a job runs where its lease is taken.
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { writeTransaction } from "../../../db/connection";
import { createUser } from "../../../db/factories";
import { database, db } from "~/db.server";
import { issueCertificate } from "~/features/certificates/certificates.server";
import { getCatalogue } from "~/features/content/content.server";
import { enrolMany } from "~/features/enrolment/assign.server";
import { cancelEvent, cancelRegistration, createEvent, register } from "~/features/events/events.server";
import { saveEmailPreferences } from "./notify.server";
import { digestWeekStart, endOfUbDay, runReminders } from "./reminders.server";
import { claimJob, type Job, LEASE_MS, runDueJobs } from "./scheduler.server";

const DAY = 24 * 3600_000;
const transaction = <T>(fn: (trx: typeof db) => Promise<T>) => writeTransaction(database, fn);
const run = (now: Date) => runReminders(db, { now, transaction });
const at = (iso: string) => new Date(iso);
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

const noticesOf = (userId: string) =>
  db.selectFrom("notification").select(["kind", "dedupe_key", "params", "link"]).where("user_id", "=", userId).orderBy("created_at").orderBy("kind").execute();
const mailsOf = (userId: string) =>
  db.selectFrom("outbox_message").select(["kind", "subject", "language", "body_text"]).where("user_id", "=", userId).execute();
const kindsOf = async (userId: string) => (await noticesOf(userId)).map((n) => n.kind);

describe("calendar helpers", () => {
  it("ends the Ulaanbaatar day and starts the digest week on Monday 08:00 there", () => {
    // 2027-03-10 20:00 UTC is 2027-03-11 04:00 in Ulaanbaatar (a Thursday)
    expect(endOfUbDay(at("2027-03-10T20:00:00Z"), 0)).toBe("2027-03-11T15:59:59.999Z");
    expect(endOfUbDay(at("2027-03-10T20:00:00Z"), 1)).toBe("2027-03-12T15:59:59.999Z");
    expect(digestWeekStart(at("2027-03-10T20:00:00Z"))).toBe("2027-03-08T00:00:00.000Z");
    // Monday 07:59 in Ulaanbaatar still belongs to the week before
    expect(digestWeekStart(at("2027-03-14T23:59:00Z"))).toBe("2027-03-08T00:00:00.000Z");
    expect(digestWeekStart(at("2027-03-15T00:00:00Z"))).toBe("2027-03-15T00:00:00.000Z");
  });
});

describe("due-date reminders", () => {
  it("tells a learner a week before, the day before and once overdue — each once, in their language, by e-mail unless turned off", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const learner = await createUser(db, { locale: "en" });
    const quiet = await createUser(db);
    const done = await createUser(db);
    const due = "2027-05-20T15:59:59.999Z"; // the end of 20 May in Ulaanbaatar
    await enrolMany(
      "sample",
      [learner, quiet, done].map((u) => ({ userId: u.id, dueAt: due })),
      admin.id,
      "test",
    );
    await db.updateTable("enrolment").set({ completed_at: "2027-05-01T00:00:00Z" }).where("user_id", "=", done.id).execute();
    await saveEmailPreferences(quiet.id, { assignment: true, due: false, certificate: true, event: true, digest: true });
    expect(await kindsOf(learner.id)).toEqual(["assigned"]);

    await run(at("2027-05-10T00:00:00Z")); // ten days before: nothing yet
    expect(await kindsOf(learner.id)).toEqual(["assigned"]);
    await run(at("2027-05-13T02:00:00Z")); // 13 May, 10:00 in UB: within the week
    await run(at("2027-05-13T03:00:00Z")); // the next hour's run writes nothing more
    expect(await kindsOf(learner.id)).toEqual(["assigned", "due_week"]);
    await run(at("2027-05-19T01:00:00Z")); // the day before
    await run(at("2027-05-21T01:00:00Z")); // the day after: overdue
    await run(at("2027-05-22T01:00:00Z"));
    expect(await kindsOf(learner.id)).toEqual(["assigned", "due_week", "due_tomorrow", "overdue"]);
    // a completed course is not chased
    expect(await kindsOf(done.id)).toEqual(["assigned"]);

    // e-mails in the learner's language with the link back; none for the topic turned off
    const mails = await mailsOf(learner.id);
    expect(mails.map((m) => m.kind).sort()).toEqual(["assigned", "due_tomorrow", "due_week", "overdue"]);
    const overdue = mails.find((m) => m.kind === "overdue")!;
    expect(overdue.language).toBe("en");
    expect(overdue.subject).toBe("Erdem: “Sample course” is overdue");
    expect(overdue.body_text).toContain("20 May 2027");
    expect(overdue.body_text).toContain("http://localhost/courses/sample");
    expect(await kindsOf(quiet.id)).toEqual(["assigned", "due_week", "due_tomorrow", "overdue"]);
    expect((await mailsOf(quiet.id)).map((m) => m.kind)).toEqual(["assigned"]);
    const mn = (await mailsOf(quiet.id))[0];
    expect(mn.language).toBe("mn");
    expect(mn.subject).toBe("Эрдэм: Танд «Жишээ сургалт» сургалт оноогдлоо");
    expect(mn.body_text).toContain("2027 оны 5 сарын 20");
  });

  it("catches up after downtime with only what still matters, and leaves old news alone", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const soon = await createUser(db);
    const longAgo = await createUser(db);
    await enrolMany("sample", [{ userId: soon.id, dueAt: "2027-08-20T15:59:59.999Z" }], admin.id, "test");
    await enrolMany("sample", [{ userId: longAgo.id, dueAt: "2027-07-01T15:59:59.999Z" }], admin.id, "test");
    // the scheduler was down for the week before: its first run is the day before the due date
    await run(at("2027-08-19T06:00:00Z"));
    expect(await kindsOf(soon.id)).toEqual(["assigned", "due_tomorrow"]);
    // seven weeks overdue: not told now, two weeks is the window
    expect(await kindsOf(longAgo.id)).toEqual(["assigned"]);
  });

  it("writes each reminder once when two servers scan at the same moment", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const people = await Promise.all(Array.from({ length: 30 }, () => createUser(db)));
    await enrolMany(
      "sample",
      people.map((p) => ({ userId: p.id, dueAt: "2027-10-05T15:59:59.999Z" })),
      admin.id,
      "test",
    );
    const now = at("2027-10-01T02:00:00Z");
    const [a, b, c] = await Promise.all([run(now), run(now), run(now)]);
    expect(a.due_week + b.due_week + c.due_week).toBe(30);
    const ids = people.map((p) => p.id);
    const written = await db.selectFrom("notification").select("user_id").where("kind", "=", "due_week").where("user_id", "in", ids).execute();
    expect(written).toHaveLength(30);
    const mails = await db.selectFrom("outbox_message").select("user_id").where("kind", "=", "due_week").where("user_id", "in", ids).execute();
    expect(mails).toHaveLength(30);
  });
});

describe("certificate reminders", () => {
  it("tells 90 and 30 days before expiry and after it, not for a certificate renewed since", async () => {
    const course = getCatalogue().courses.find((c) => c.slug === "blended")!; // valid 24 months
    const learner = await createUser(db);
    const renewed = await createUser(db);
    const cert = await issueCertificate(learner.id, course, { now: at("2028-01-10T00:00:00Z") });
    await issueCertificate(renewed.id, course, { now: at("2028-01-10T00:00:00Z") });
    await issueCertificate(renewed.id, course, { now: at("2029-12-01T00:00:00Z") });
    expect(cert.expires_at).toBe("2030-01-10T00:00:00.000Z");
    expect(await kindsOf(learner.id)).toEqual(["certificate_issued"]);
    const issued = (await noticesOf(learner.id))[0];
    expect(JSON.parse(issued.params).verify).toBe(`http://localhost/verify/${cert.code}`);

    await run(at("2029-09-01T00:00:00Z")); // 131 days before
    expect(await kindsOf(learner.id)).toEqual(["certificate_issued"]);
    await run(at("2029-11-01T00:00:00Z")); // 70 days before
    await run(at("2029-11-02T00:00:00Z"));
    await run(at("2029-12-20T00:00:00Z")); // 21 days before
    await run(at("2030-01-15T00:00:00Z")); // expired 5 days ago
    await run(at("2030-01-16T00:00:00Z"));
    const notes = await noticesOf(learner.id);
    expect(notes.map((n) => n.dedupe_key)).toEqual([
      `certificate_issued:${cert.id}`,
      `certificate_expiring:90:${cert.id}`,
      `certificate_expiring:30:${cert.id}`,
      `certificate_expired:${cert.id}`,
    ]);
    expect(notes[3].link).toBe("/courses/blended");
    // the first certificate of the renewed learner is superseded: only the issue notices
    expect(await kindsOf(renewed.id)).toEqual(["certificate_issued", "certificate_issued"]);
  });
});

describe("training events", () => {
  const trainerActor = (id: string) => ({ id, roles: [{ role: "trainer" as const, aimag_code: null }] });
  const plan = async (trainerId: string, startsAt: string, capacity: number) => {
    const created = await createEvent(trainerActor(trainerId), {
      campaignId: null,
      titleMn: "Цахим хурал",
      titleEn: "E-meeting",
      aimagCode: "MN-069",
      sumId: null,
      venue: "Аймгийн танхим",
      audience: ["sum_operator"],
      capacity,
      thresholdPercent: 75,
      courses: ["blended"],
      trainers: [trainerId],
      sessions: [{ starts_at: startsAt, ends_at: new Date(new Date(startsAt).getTime() + 4 * 3600_000).toISOString(), self_check_in: false }],
    });
    if (!("id" in created)) throw new Error("not created");
    return created.id;
  };

  it("tells of a place, of the waiting list and a promotion, reminds those with a place the day before, and tells all of a cancellation", async () => {
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const startsAt = new Date(Date.now() + 30 * 3600_000).toISOString();
    const eventId = await plan(trainer.id, startsAt, 1);
    const first = await createUser(db);
    const second = await createUser(db);
    await register(first.id, eventId);
    await register(second.id, eventId);
    expect(await kindsOf(first.id)).toEqual(["event_registered"]);
    expect(await kindsOf(second.id)).toEqual(["event_waiting"]);
    expect(JSON.parse((await noticesOf(second.id))[0].params).position).toBe(1);

    const now = new Date(new Date(startsAt).getTime() - 20 * 3600_000);
    await run(now);
    await run(plus(now, 3600_000));
    expect(await kindsOf(first.id)).toEqual(["event_registered", "event_reminder"]);
    expect(await kindsOf(second.id)).toEqual(["event_waiting"]);

    // the first gives up the place: the second is moved up and told
    await cancelRegistration(first.id, eventId);
    expect((await kindsOf(second.id)).sort()).toEqual(["event_promoted", "event_waiting"]);
    // a cancelled event is told to everyone still on its lists, not to those who left
    expect(await cancelEvent(trainerActor(trainer.id), eventId)).toBe("cancelled");
    expect((await kindsOf(first.id)).sort()).toEqual(["event_registered", "event_reminder"]);
    expect((await kindsOf(second.id)).sort()).toEqual(["event_cancelled", "event_promoted", "event_waiting"]);
  });
});

describe("the coordinators' weekly digest", () => {
  it("goes once a week to each aimag coordinator with overdue learners in the aimag", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const coordinator = await createUser(db, { roles: [{ role: "coordinator", aimag_code: "MN-067" }] });
    const elsewhere = await createUser(db, { roles: [{ role: "coordinator", aimag_code: "MN-073" }] });
    const learner = await createUser(db, { aimagCode: "MN-067" });
    await enrolMany("sample", [{ userId: learner.id, dueAt: "2027-02-01T15:59:59.999Z" }], admin.id, "test");
    await run(at("2027-02-03T02:00:00Z")); // Wednesday
    await run(at("2027-02-05T02:00:00Z")); // Friday, the same week
    const digests = (await noticesOf(coordinator.id)).filter((n) => n.kind === "overdue_digest");
    expect(digests).toHaveLength(1);
    expect(JSON.parse(digests[0].params)).toMatchObject({ count: 1, newCount: 1 });
    expect(digests[0].link).toBe("/admin/reports/learners?aimag=MN-067&status=overdue");
    expect(await kindsOf(elsewhere.id)).toEqual([]);
    await run(at("2027-02-09T02:00:00Z")); // the next Tuesday
    const later = (await noticesOf(coordinator.id)).filter((n) => n.kind === "overdue_digest");
    expect(later).toHaveLength(2);
    expect(JSON.parse(later[1].params)).toMatchObject({ count: 1, newCount: 0 });
  });
});

describe("the scheduler", () => {
  const job = (name: string, log: string[], everyMs = 3600_000): Job => ({
    name,
    everyMs,
    run: async ({ now }) => {
      log.push(now.toISOString());
      await new Promise((r) => setTimeout(r, 20));
      return log.length;
    },
  });

  it("runs a job once among many servers asking at once, and again only when its interval has passed", async () => {
    const log: string[] = [];
    const j = job(`parallel-${crypto.randomUUID()}`, log);
    const t0 = at("2027-01-01T00:00:00Z");
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => runDueJobs(db, [j], { holder: `server-${i}`, now: () => t0 })));
    expect(outcomes.filter((o) => o[j.name].ran)).toHaveLength(1);
    expect(log).toHaveLength(1);
    await runDueJobs(db, [j], { holder: "server-0", now: () => plus(t0, 30 * 60_000) });
    expect(log).toHaveLength(1);
    await runDueJobs(db, [j], { holder: "server-3", now: () => plus(t0, 3600_000) });
    expect(log).toHaveLength(2);
    const row = await db.selectFrom("job_run").selectAll().where("name", "=", j.name).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ holder: null, lease_until: null, last_error: null });
  });

  it("lets another server take over a lease left by a dead one, and the dead one's renewal then fails", async () => {
    const j = { name: `lease-${crypto.randomUUID()}`, everyMs: 60_000 };
    const t0 = at("2027-01-01T00:00:00Z");
    expect(await claimJob(db, j, "dead", t0)).toBe(true);
    expect(await claimJob(db, j, "other", plus(t0, LEASE_MS - 1000))).toBe(false);
    expect(await claimJob(db, j, "other", plus(t0, LEASE_MS + 1000))).toBe(true);
    const row = await db.selectFrom("job_run").select(["holder"]).where("name", "=", j.name).executeTakeFirstOrThrow();
    expect(row.holder).toBe("other");
  });

  it("records a failure and frees the lease", async () => {
    const failing: Job = {
      name: `failing-${crypto.randomUUID()}`,
      everyMs: 60_000,
      run: async () => {
        throw new Error("mail server on fire");
      },
    };
    const out = await runDueJobs(db, [failing], { holder: "a", now: () => at("2027-01-01T00:00:00Z") });
    expect(out[failing.name]).toMatchObject({ ran: false, reason: "failed" });
    const row = await db.selectFrom("job_run").selectAll().where("name", "=", failing.name).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ holder: null, lease_until: null, last_error: "mail server on fire" });
  });
});
