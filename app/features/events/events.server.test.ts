// Training events against the real database: capacity and the waiting list under concurrent
// registration, attendance credit completing the course (and a correction flagged, not revoked),
// replays and conflicts of offline marks, scope, and self check-in.
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { createUser } from "../../../db/factories";
import type { Role } from "../../../db/schema";
import { db } from "~/db.server";
import { getCatalogue } from "~/features/content/content.server";
import { recordLessonDone } from "~/features/enrolment/completion.server";
import { attendanceSatisfied } from "~/features/enrolment/progress.server";
import { findEnrolment } from "~/features/enrolment/repository.server";
import { addWalkIn, cancelEvent, cancelRegistration, createEvent, type EventInput, recordMarks, register, selfCheckIn, updateEvent } from "./events.server";
import { checkInCode, qrStep } from "./rules";

const blended = getCatalogue().courses.find((c) => c.slug === "blended")!;
const AIMAG = "MN-069";
const OTHER_AIMAG = "MN-037";

type U = Awaited<ReturnType<typeof createUser>>;
const actor = (u: U, role: Role, aimag: string | null = null) => ({ id: u.id, roles: [{ role, aimag_code: aimag }] });

async function newEvent(trainer: U, opts: Partial<EventInput> & { sessionCount?: number; startsAt?: Date } = {}) {
  const start = opts.startsAt ?? new Date(Date.now() + 86_400_000);
  const sessions = Array.from({ length: opts.sessionCount ?? 4 }, (_, i) => {
    const s = new Date(start.getTime() + i * 6 * 3600_000);
    return { starts_at: s.toISOString(), ends_at: new Date(s.getTime() + 3 * 3600_000).toISOString(), self_check_in: true };
  });
  const created = await createEvent(actor(trainer, "trainer"), {
    campaignId: null,
    titleMn: "Сургалт",
    titleEn: "Training",
    aimagCode: AIMAG,
    sumId: null,
    venue: "Танхим",
    audience: ["sum_operator"],
    capacity: 30,
    thresholdPercent: 75,
    courses: ["blended"],
    trainers: [trainer.id],
    sessions,
    ...opts,
  });
  if (!("id" in created)) throw new Error(created.problem);
  const rows = await db.selectFrom("event_session").selectAll().where("event_id", "=", created.id).orderBy("starts_at").execute();
  return { id: created.id, sessions: rows };
}

const registrations = (eventId: string) => db.selectFrom("event_registration").selectAll().where("event_id", "=", eventId).orderBy("queue_no").execute();
const certificatesOf = (userId: string) =>
  db.selectFrom("certificate").selectAll().where("user_id", "=", userId).where("course_slug", "=", "blended").execute();

describe("registration and the waiting list", () => {
  it("holds under 200 simultaneous registrations for 30 places: 30 registered, 170 waiting in the order they got in", async () => {
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const event = await newEvent(trainer, { capacity: 30 });
    const people = await Promise.all(Array.from({ length: 200 }, () => createUser(db)));
    const outcomes = await Promise.all(people.map((p) => register(p.id, event.id)));
    expect(outcomes.filter((o) => "status" in o && o.status === "registered")).toHaveLength(30);
    expect(outcomes.filter((o) => "status" in o && o.status === "waiting")).toHaveLength(170);
    const rows = await registrations(event.id);
    expect(rows).toHaveLength(200);
    // arrival order: every queue number once, the first 30 in got the places
    expect(rows.map((r) => r.queue_no)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(rows.slice(0, 30).every((r) => r.status === "registered")).toBe(true);
    expect(rows.slice(30).every((r) => r.status === "waiting")).toBe(true);
    // each waiting person was told their true place in line
    const positions = outcomes.flatMap((o) => ("position" in o ? [o.position] : [])).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 170 }, (_, i) => i + 1));
    // registering enrolled everyone in the linked course
    const enrolled = await db
      .selectFrom("enrolment")
      .select("user_id")
      .where("course_slug", "=", "blended")
      .where(
        "user_id",
        "in",
        people.map((p) => p.id),
      )
      .execute();
    expect(enrolled).toHaveLength(200);
  });

  it("gives freed places to the first people waiting, also when ten cancel at once; registering twice changes nothing", async () => {
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const event = await newEvent(trainer, { capacity: 10 });
    const people: U[] = [];
    for (let i = 0; i < 25; i++) people.push(await createUser(db));
    for (const p of people) await register(p.id, event.id);
    expect(await register(people[0].id, event.id)).toEqual({ status: "registered", already: true });
    expect(await register(people[12].id, event.id)).toEqual({ status: "waiting", position: 3, already: true });
    const results = await Promise.all(people.slice(0, 10).map((p) => cancelRegistration(p.id, event.id)));
    expect(results.every((r) => r.cancelled)).toBe(true);
    const promoted = results.flatMap((r) => r.promoted);
    expect(new Set(promoted)).toEqual(new Set(people.slice(10, 20).map((p) => p.id)));
    const rows = await registrations(event.id);
    expect(rows.filter((r) => r.status === "registered").map((r) => r.user_id)).toEqual(people.slice(10, 20).map((p) => p.id));
    expect(rows.filter((r) => r.status === "waiting").map((r) => r.user_id)).toEqual(people.slice(20).map((p) => p.id));
    // coming back puts one at the end of the line
    expect(await register(people[0].id, event.id)).toEqual({ status: "waiting", position: 6, already: false });
  });

  it("lets people in when the capacity grows, and refuses registration for a cancelled or finished event", async () => {
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const event = await newEvent(trainer, { capacity: 1 });
    const [a, b, c] = [await createUser(db), await createUser(db), await createUser(db)];
    for (const p of [a, b, c]) await register(p.id, event.id);
    const input = (capacity: number): EventInput => ({
      campaignId: null,
      titleMn: "Сургалт",
      titleEn: "Training",
      aimagCode: AIMAG,
      sumId: null,
      venue: "Танхим",
      audience: ["sum_operator"],
      capacity,
      thresholdPercent: 75,
      courses: ["blended"],
      trainers: [trainer.id],
      sessions: event.sessions.map((s) => ({ id: s.id, starts_at: s.starts_at, ends_at: s.ends_at, self_check_in: true })),
    });
    const updated = await updateEvent(actor(trainer, "trainer"), event.id, input(2));
    expect(updated).toEqual({ id: event.id, promoted: [b.id] });
    const past = await newEvent(trainer, { startsAt: new Date(Date.now() - 10 * 86_400_000) });
    expect(await register(a.id, past.id)).toEqual({ problem: "ended" });
  });
});

describe("scope", () => {
  it("refuses a coordinator of another aimag and a trainer of another event; the event's trainer and its aimag's coordinator may", async () => {
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const otherTrainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const coordA = await createUser(db, { aimagCode: AIMAG, roles: [{ role: "coordinator", aimag_code: AIMAG }] });
    const coordB = await createUser(db, { aimagCode: OTHER_AIMAG, roles: [{ role: "coordinator", aimag_code: OTHER_AIMAG }] });
    const event = await newEvent(trainer);
    const learner = await createUser(db);
    await register(learner.id, event.id);
    const mark = (who: ReturnType<typeof actor>) =>
      recordMarks(who, event.sessions[0].id, [{ userId: learner.id, mark: "present", clientId: crypto.randomUUID() }]);
    expect(await mark(actor(otherTrainer, "trainer"))).toEqual({ problem: "forbidden" });
    expect(await mark(actor(coordB, "coordinator", OTHER_AIMAG))).toEqual({ problem: "forbidden" });
    expect(await mark(actor(learner, "learner"))).toEqual({ problem: "forbidden" });
    expect(Array.isArray(await mark(actor(trainer, "trainer")))).toBe(true);
    expect(Array.isArray(await mark(actor(coordA, "coordinator", AIMAG)))).toBe(true);
    // planning: a coordinator only in their own aimag
    const plan = (who: ReturnType<typeof actor>, aimagCode: string) =>
      createEvent(who, {
        campaignId: null,
        titleMn: "С",
        titleEn: "T",
        aimagCode,
        sumId: null,
        venue: "В",
        audience: ["citizen"],
        capacity: 5,
        thresholdPercent: 80,
        courses: [],
        trainers: [],
        sessions: event.sessions.slice(0, 1).map((s) => ({ starts_at: s.starts_at, ends_at: s.ends_at, self_check_in: false })),
      });
    expect(await plan(actor(coordB, "coordinator", OTHER_AIMAG), AIMAG)).toEqual({ problem: "forbidden" });
    expect(await plan(actor(coordA, "coordinator", AIMAG), AIMAG)).toHaveProperty("id");
    expect(await plan(actor(learner, "learner"), AIMAG)).toEqual({ problem: "forbidden" });
  });
});

describe("attendance and credit", () => {
  async function blendedLearner(trainer: U) {
    const event = await newEvent(trainer, { thresholdPercent: 75, sessionCount: 4 });
    const learner = await createUser(db);
    await register(learner.id, event.id);
    await recordLessonDone(learner.id, blended, "welcome");
    return { event, learner };
  }
  const marksFor = (userId: string, mark: "present" | "late" | "absent" | "excused") => [{ userId, mark, clientId: crypto.randomUUID() }];

  it("completes the course and issues the certificate in the transaction of the mark that meets the threshold", async () => {
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const { event, learner } = await blendedLearner(trainer);
    const t = actor(trainer, "trainer");
    await recordMarks(t, event.sessions[0].id, marksFor(learner.id, "present"));
    await recordMarks(t, event.sessions[1].id, marksFor(learner.id, "excused"));
    await recordMarks(t, event.sessions[2].id, marksFor(learner.id, "late"));
    expect(await attendanceSatisfied(learner.id, blended)).toBe(false); // 2 of 4 < 75 %
    expect((await findEnrolment(learner.id, "blended"))?.completed_at).toBeNull();
    expect(await certificatesOf(learner.id)).toHaveLength(0);
    await recordMarks(t, event.sessions[3].id, marksFor(learner.id, "present"));
    expect(await attendanceSatisfied(learner.id, blended)).toBe(true);
    expect((await findEnrolment(learner.id, "blended"))?.completed_at).not.toBeNull();
    expect(await certificatesOf(learner.id)).toHaveLength(1);
  });

  it("completes when attendance came first and the lesson last", async () => {
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const event = await newEvent(trainer, { sessionCount: 1, thresholdPercent: 100 });
    const learner = await createUser(db);
    await register(learner.id, event.id);
    await recordMarks(actor(trainer, "trainer"), event.sessions[0].id, marksFor(learner.id, "present"));
    expect(await certificatesOf(learner.id)).toHaveLength(0);
    expect((await recordLessonDone(learner.id, blended, "welcome")).completed).toBe(true);
    expect(await certificatesOf(learner.id)).toHaveLength(1);
  });

  it("flags a correction that takes credit away from a certified learner for an administrator, and revokes nothing", async () => {
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const event = await newEvent(trainer, { sessionCount: 2, thresholdPercent: 100 });
    const learner = await createUser(db);
    await register(learner.id, event.id);
    await recordLessonDone(learner.id, blended, "welcome");
    const t = actor(trainer, "trainer");
    for (const s of event.sessions) await recordMarks(t, s.id, marksFor(learner.id, "present"));
    const [certificate] = await certificatesOf(learner.id);
    expect(certificate).toBeDefined();
    await recordMarks(t, event.sessions[1].id, marksFor(learner.id, "absent"));
    const reviews = await db.selectFrom("credit_review").selectAll().where("user_id", "=", learner.id).execute();
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ course_slug: "blended", event_id: event.id, certificate_id: certificate.id, resolved_at: null });
    expect((await certificatesOf(learner.id))[0].revoked_at).toBeNull();
    const audit = await db.selectFrom("audit_log").select("action").where("target_id", "in", [event.id, certificate.id]).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["attendance.correct", "attendance.creditWithdrawn"]));
    // a second correction does not flag it twice while the first is open
    await recordMarks(t, event.sessions[0].id, marksFor(learner.id, "absent"));
    expect(await db.selectFrom("credit_review").selectAll().where("user_id", "=", learner.id).execute()).toHaveLength(1);
  });

  it("accepts each client id once: a replayed batch changes nothing and answers the same", async () => {
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const event = await newEvent(trainer);
    const people = [await createUser(db), await createUser(db), await createUser(db)];
    for (const p of people) await register(p.id, event.id);
    const batch = people.map((p, i) => ({ userId: p.id, mark: (["present", "late", "absent"] as const)[i], clientId: crypto.randomUUID() }));
    const t = actor(trainer, "trainer");
    const first = await recordMarks(t, event.sessions[0].id, batch);
    const countRows = async () => ({
      receipts: (await db.selectFrom("attendance_receipt").select("client_id").where("session_id", "=", event.sessions[0].id).execute()).length,
      audit: (await db.selectFrom("audit_log").select("id").where("target_id", "=", event.id).where("action", "like", "attendance.%").execute()).length,
    });
    const before = await countRows();
    // the connection dropped after the server committed: the phone sends the whole batch again, twice at once
    const [again, third] = await Promise.all([recordMarks(t, event.sessions[0].id, batch), recordMarks(t, event.sessions[0].id, batch)]);
    expect(again).toEqual(first);
    expect(third).toEqual(first);
    expect(await countRows()).toEqual(before);
    expect(before.receipts).toBe(3);
  });

  it("resolves two trainers' conflicting marks the same way whichever reaches the server first", async () => {
    const t1 = await createUser(db, { roles: [{ role: "trainer" }] });
    const t2 = await createUser(db, { roles: [{ role: "trainer" }] });
    const outcome = async (order: "early-first" | "late-first") => {
      const event = await newEvent(t1, { trainers: [t1.id, t2.id], startsAt: new Date(Date.now() - 3600_000) });
      const learner = await createUser(db);
      await register(learner.id, event.id);
      const session = event.sessions[0];
      const early = { userId: learner.id, mark: "absent" as const, clientId: crypto.randomUUID(), markedAt: new Date(Date.now() - 120_000).toISOString() };
      const late = { userId: learner.id, mark: "present" as const, clientId: crypto.randomUUID(), markedAt: new Date(Date.now() - 60_000).toISOString() };
      const send = [() => recordMarks(actor(t1, "trainer"), session.id, [early]), () => recordMarks(actor(t2, "trainer"), session.id, [late])];
      if (order === "late-first") send.reverse();
      const answers = [];
      for (const s of send) answers.push(await s());
      const stored = await db.selectFrom("attendance").selectAll().where("session_id", "=", session.id).executeTakeFirstOrThrow();
      return { stored, answers: answers.flat() as { outcome: string; current: { mark: string } | null }[] };
    };
    const a = await outcome("early-first");
    const b = await outcome("late-first");
    expect(a.stored.mark).toBe("present");
    expect(b.stored.mark).toBe("present");
    // the phone that arrived second with the earlier tap is told its mark was superseded, and what stands
    expect(b.answers[1]).toMatchObject({ outcome: "superseded", current: { mark: "present" } });
    expect(a.answers[1]).toMatchObject({ outcome: "applied", current: { mark: "present" } });
  });

  it("settles credit when the event itself changes: a lower threshold completes, an added session flags a certificate", async () => {
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const event = await newEvent(trainer, { sessionCount: 2, thresholdPercent: 100, startsAt: new Date(Date.now() - 86_400_000) });
    const learner = await createUser(db);
    await register(learner.id, event.id, { now: new Date(Date.now() - 2 * 86_400_000) });
    await recordLessonDone(learner.id, blended, "welcome");
    const t = actor(trainer, "trainer");
    await recordMarks(t, event.sessions[0].id, marksFor(learner.id, "present"));
    expect(await certificatesOf(learner.id)).toHaveLength(0); // 1 of 2 sessions < 100 %
    const input = (threshold: number, extra: { starts_at: string; ends_at: string }[] = []): EventInput => ({
      campaignId: null,
      titleMn: "Сургалт",
      titleEn: "Training",
      aimagCode: AIMAG,
      sumId: null,
      venue: "Танхим",
      audience: ["sum_operator"],
      capacity: 30,
      thresholdPercent: threshold,
      courses: ["blended"],
      trainers: [trainer.id],
      sessions: [
        ...event.sessions.map((s) => ({ id: s.id, starts_at: s.starts_at, ends_at: s.ends_at, self_check_in: true })),
        ...extra.map((e) => ({ ...e, self_check_in: false })),
      ],
    });
    // the trainer sets the threshold the Academy meant: half the sessions
    expect(await updateEvent(t, event.id, input(50))).toHaveProperty("id");
    expect(await certificatesOf(learner.id)).toHaveLength(1);
    // two more sessions are added: 1 of 4 is below 50 %; the certificate stays, flagged for an administrator
    const later = new Date(Date.now() + 86_400_000);
    const extra = [0, 1].map((i) => ({
      starts_at: new Date(later.getTime() + i * 3600_000).toISOString(),
      ends_at: new Date(later.getTime() + (i + 1) * 3600_000).toISOString(),
    }));
    expect(await updateEvent(t, event.id, input(50, extra))).toHaveProperty("id");
    expect((await certificatesOf(learner.id))[0].revoked_at).toBeNull();
    expect(await db.selectFrom("credit_review").selectAll().where("user_id", "=", learner.id).execute()).toHaveLength(1);
  });

  it("does not cancel an event whose roll has been taken: its attendance keeps counting", async () => {
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const event = await newEvent(trainer, { sessionCount: 1, thresholdPercent: 100 });
    const empty = await newEvent(trainer, { sessionCount: 1 });
    const learner = await createUser(db);
    await register(learner.id, event.id);
    const t = actor(trainer, "trainer");
    await recordMarks(t, event.sessions[0].id, marksFor(learner.id, "present"));
    expect(await attendanceSatisfied(learner.id, blended)).toBe(true);
    expect(await cancelEvent(t, event.id)).toBe("hasAttendance");
    expect(await attendanceSatisfied(learner.id, blended)).toBe(true);
    expect(await cancelEvent(actor(await createUser(db, { roles: [{ role: "trainer" }] }), "trainer"), empty.id)).toBe("forbidden");
    expect(await cancelEvent(t, empty.id)).toBe("cancelled");
    expect(await cancelEvent(t, empty.id)).toBe("already");
  });

  it("refuses marks for people who are not on the event's lists", async () => {
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const event = await newEvent(trainer);
    const stranger = await createUser(db);
    const [r] = (await recordMarks(actor(trainer, "trainer"), event.sessions[0].id, marksFor(stranger.id, "present"))) as { outcome: string }[];
    expect(r.outcome).toBe("refused");
    expect(await db.selectFrom("attendance").selectAll().where("user_id", "=", stranger.id).execute()).toHaveLength(0);
  });
});

describe("walk-ins and self check-in", () => {
  it("adds a walk-in with a minimal account beyond the capacity and marks them present", async () => {
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const event = await newEvent(trainer, { capacity: 1 });
    await register((await createUser(db)).id, event.id);
    const sum = await db.selectFrom("sum").select("id").where("aimag_code", "=", AIMAG).orderBy("sort_order").executeTakeFirstOrThrow();
    const added = await addWalkIn(
      actor(trainer, "trainer"),
      event.sessions[0].id,
      { surname: "Өлзий", givenName: "Үүрээ", phone: "99112233", email: null, aimagCode: AIMAG, sumId: sum.id, locale: "mn" },
      "present",
    );
    if (!("userId" in added)) throw new Error(added.problem);
    expect(added.created).toBe(true);
    const reg = await db
      .selectFrom("event_registration")
      .selectAll()
      .where("event_id", "=", event.id)
      .where("user_id", "=", added.userId)
      .executeTakeFirstOrThrow();
    expect(reg).toMatchObject({ status: "registered", walk_in: 1 });
    const mark = await db.selectFrom("attendance").selectAll().where("user_id", "=", added.userId).executeTakeFirstOrThrow();
    expect(mark.mark).toBe("present");
    const wrongPlace = await addWalkIn(
      actor(trainer, "trainer"),
      event.sessions[0].id,
      { surname: "А", givenName: "Б", phone: null, email: null, aimagCode: OTHER_AIMAG, sumId: sum.id, locale: "mn" },
      null,
    );
    expect(wrongPlace).toEqual({ problem: "badPlace" });
  });

  it("gives one account to trainers adding the same walk-in e-mail at once at different events; the others are told it is taken", async () => {
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    // different events: their locks do not serialise the additions, the e-mail's unique key does
    const events = [await newEvent(trainer), await newEvent(trainer), await newEvent(trainer)];
    const sum = await db.selectFrom("sum").select("id").where("aimag_code", "=", AIMAG).orderBy("sort_order").executeTakeFirstOrThrow();
    const email = `walk-in-${crypto.randomUUID()}@example.mn`;
    const add = (_: unknown, i: number) =>
      addWalkIn(
        actor(trainer, "trainer"),
        events[i % events.length].sessions[0].id,
        { surname: "Өлзий", givenName: "Үүрээ", phone: null, email, aimagCode: AIMAG, sumId: sum.id, locale: "mn" },
        "present",
      );
    const results = await Promise.all(Array.from({ length: 6 }, add));
    expect(results.filter((r) => "userId" in r)).toHaveLength(1);
    expect(results.filter((r) => "problem" in r && r.problem === "emailTaken")).toHaveLength(5);
    expect(await db.selectFrom("users").select("id").where("email", "=", email).execute()).toHaveLength(1);
  });

  it("marks a learner present with a fresh code during the session, and refuses an expired code", async () => {
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const start = new Date(Date.now() - 3600_000);
    const event = await newEvent(trainer, { startsAt: start, sessionCount: 1 });
    const session = event.sessions[0];
    const learner = await createUser(db);
    const now = new Date();
    const stale = checkInCode(session.check_in_secret, session.id, qrStep(now) - 4);
    expect(await selfCheckIn(learner.id, session.id, stale, now)).toEqual({ problem: "expired" });
    const fresh = checkInCode(session.check_in_secret, session.id, qrStep(now));
    expect(await selfCheckIn(learner.id, session.id, fresh, now)).toEqual({ checkedIn: true, eventId: event.id });
    expect(await selfCheckIn(learner.id, session.id, fresh, now)).toEqual({ checkedIn: true, eventId: event.id });
    const marks = await db.selectFrom("attendance").selectAll().where("user_id", "=", learner.id).execute();
    expect(marks.map((m) => [m.mark, m.source])).toEqual([["present", "qr"]]);
    // after the session has ended a genuine code is no use
    const later = new Date(Date.parse(session.ends_at) + 60_000);
    expect(await selfCheckIn(learner.id, session.id, checkInCode(session.check_in_secret, session.id, qrStep(later)), later)).toEqual({ problem: "closed" });
  });
});
