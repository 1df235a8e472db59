// The roll call, QR page and self check-in through their routes, against the real database: a tap
// without JavaScript, queued batches and their replays, conflicting marks of two trainers in both
// arrival orders, who is refused, bad batches, credit toward a blended course, walk-ins, QR codes.
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { createUser } from "../../db/factories";
import type { Role } from "../../db/schema";
import { db } from "~/db.server";
import { getCatalogue } from "~/features/content/content.server";
import { recordLessonDone } from "~/features/enrolment/completion.server";
import { createEvent, register, selfCheckIn } from "~/features/events/events.server";
import { checkInCode, qrStep } from "~/features/events/rules";
import { args, get, post, sessionCookieFor, settle } from "../../tests/helpers";
import { action as checkInAction, loader as checkInLoader } from "./check-in.$sessionId";
import { action, loader } from "./events.$eventId_.sessions.$sessionId";
import { loader as qrLoader } from "./events.$eventId_.sessions.$sessionId_.qr";
import { loader as qrSvgLoader } from "./events.$eventId_.sessions.$sessionId_.qr[.]svg";

const AIMAG = "MN-069";
const blended = getCatalogue().courses.find((c) => c.slug === "blended")!;
type U = Awaited<ReturnType<typeof createUser>>;

async function newEvent(trainer: U, opts: { sessions?: number; threshold?: number; selfCheckIn?: boolean; startsIn?: number } = {}) {
  // by default the first session began an hour ago
  const start = Date.now() + (opts.startsIn ?? -3600_000);
  const created = await createEvent(
    { id: trainer.id, roles: [{ role: "trainer", aimag_code: null }] },
    {
      campaignId: null,
      titleMn: "Ирцийн сургалт",
      titleEn: "Roll-call training",
      aimagCode: AIMAG,
      sumId: null,
      venue: "Танхим",
      audience: ["sum_operator"],
      capacity: 30,
      thresholdPercent: opts.threshold ?? 75,
      courses: ["blended"],
      trainers: [trainer.id],
      sessions: Array.from({ length: opts.sessions ?? 1 }, (_, i) => ({
        starts_at: new Date(start + i * 6 * 3600_000).toISOString(),
        ends_at: new Date(start + i * 6 * 3600_000 + 4 * 3600_000).toISOString(),
        self_check_in: opts.selfCheckIn ?? true,
      })),
    },
  );
  if (!("id" in created)) throw new Error(created.problem);
  const sessions = await db.selectFrom("event_session").selectAll().where("event_id", "=", created.id).orderBy("starts_at").execute();
  return { id: created.id, sessions, path: (i = 0) => `/events/${created.id}/sessions/${sessions[i].id}` };
}

const trainerUser = () => createUser(db, { roles: [{ role: "trainer" as Role }] });
const params = (e: { id: string; sessions: { id: string }[] }, i = 0) => ({ eventId: e.id, sessionId: e.sessions[i].id });
const receipts = (sessionId: string) => db.selectFrom("attendance_receipt").selectAll().where("session_id", "=", sessionId).execute();
const attendance = (sessionId: string) => db.selectFrom("attendance").selectAll().where("session_id", "=", sessionId).execute();
const auditOf = (eventId: string) => db.selectFrom("audit_log").selectAll().where("target_id", "=", eventId).execute();
const certificatesOf = (userId: string) =>
  db.selectFrom("certificate").selectAll().where("user_id", "=", userId).where("course_slug", "=", "blended").execute();

async function sync(e: Awaited<ReturnType<typeof newEvent>>, cookie: string, marks: unknown, i = 0) {
  const body = typeof marks === "string" ? marks : JSON.stringify(marks);
  return settle(() => action(args(post(e.path(i), { intent: "sync", marks: body }, { cookie, headers: { Accept: "application/json" } }), params(e, i))));
}

describe("the roll call without JavaScript", () => {
  it("records a tap and sends the trainer back to the same row; sending the same form again is one mark", async () => {
    const trainer = await trainerUser();
    const e = await newEvent(trainer);
    const learner = await createUser(db, { surname: "Бат" });
    await register(learner.id, e.id);
    const cookie = await sessionCookieFor(trainer.id);

    const page = await settle(() => loader(args(get(e.path(), { cookie }), params(e))));
    expect(page.status).toBe(200);
    const data = await page.json();
    const row = data.registered.find((r: { userId: string }) => r.userId === learner.id);
    expect(row).toMatchObject({ mark: null });
    expect(row.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(data.counts).toMatchObject({ unmarked: 1, present: 0 });

    const form = { intent: "mark", userId: learner.id, clientId: row.clientId, mark: "late" };
    for (let i = 0; i < 2; i++) {
      const res = await settle(() => action(args(post(e.path(), form, { cookie }), params(e))));
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toBe(`${e.path()}#row-${learner.id}`);
    }
    expect(await attendance(e.sessions[0].id)).toMatchObject([{ user_id: learner.id, mark: "late", marked_by: trainer.id }]);
    expect(await receipts(e.sessions[0].id)).toHaveLength(1);
    const after = await (await settle(() => loader(args(get(e.path(), { cookie }), params(e))))).json();
    expect(after.counts).toMatchObject({ late: 1, unmarked: 0 });
    // a fresh form (a new client id) changes the mark
    const again = await settle(() => action(args(post(e.path(), { ...form, clientId: crypto.randomUUID(), mark: "present" }, { cookie }), params(e))));
    expect(again.status).toBe(302);
    expect((await attendance(e.sessions[0].id))[0].mark).toBe("present");
  });

  it("answers 404 for an unknown or mismatched session, and a bad tap with 400", async () => {
    const trainer = await trainerUser();
    const e = await newEvent(trainer);
    const other = await newEvent(trainer);
    const cookie = await sessionCookieFor(trainer.id);
    const mismatched = { eventId: other.id, sessionId: e.sessions[0].id };
    expect((await settle(() => loader(args(get(e.path(), { cookie }), mismatched)))).status).toBe(404);
    expect((await settle(() => loader(args(get(e.path(), { cookie }), { eventId: e.id, sessionId: "nope" })))).status).toBe(404);
    const bad = await settle(() => action(args(post(e.path(), { intent: "mark", userId: "x", clientId: "y", mark: "asleep" }, { cookie }), params(e))));
    expect(bad.status).toBe(400);
  });
});

describe("queued marks from a phone", () => {
  it("accepts a batch, and a replay of it gives the same answers and stores nothing twice", async () => {
    const trainer = await trainerUser();
    const e = await newEvent(trainer);
    const people = await Promise.all([createUser(db), createUser(db), createUser(db)]);
    for (const p of people) await register(p.id, e.id);
    const cookie = await sessionCookieFor(trainer.id);
    const at = new Date(Date.now() - 60_000).toISOString();
    const batch = people.map((p, i) => ({ clientId: crypto.randomUUID(), userId: p.id, mark: (["present", "late", "absent"] as const)[i], markedAt: at }));

    const first = await sync(e, cookie, batch);
    expect(first.status).toBe(200);
    const firstBody = await first.json();
    expect(firstBody.results.map((r: { outcome: string }) => r.outcome)).toEqual(["applied", "applied", "applied"]);
    expect(firstBody.results[1].current).toMatchObject({ mark: "late", byId: trainer.id });
    const stored = { receipts: (await receipts(e.sessions[0].id)).length, audit: (await auditOf(e.id)).length, rows: await attendance(e.sessions[0].id) };
    expect(stored.receipts).toBe(3);

    // the connection dropped before the answer came: the phone sends the same batch again
    const replay = await sync(e, cookie, batch);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual(firstBody);
    expect(await receipts(e.sessions[0].id)).toHaveLength(stored.receipts);
    expect(await auditOf(e.id)).toHaveLength(stored.audit);
    expect(await attendance(e.sessions[0].id)).toEqual(stored.rows);
  });

  it("keeps the order of one phone's taps in a batch, also for a session still a week away", async () => {
    const trainer = await trainerUser();
    const e = await newEvent(trainer, { startsIn: 7 * 86_400_000 });
    const learner = await createUser(db);
    await register(learner.id, e.id);
    const cookie = await sessionCookieFor(trainer.id);
    const t = Date.now() - 2000;
    const batch = (["present", "absent", "late", "excused"] as const).map((mark, i) => ({
      clientId: crypto.randomUUID(),
      userId: learner.id,
      mark,
      markedAt: new Date(t + i * 300).toISOString(),
    }));
    expect((await sync(e, cookie, batch)).status).toBe(200);
    expect((await attendance(e.sessions[0].id)).map((a) => a.mark)).toEqual(["excused"]);
  });

  it("ends two trainers' conflicting marks with the later tap, whichever arrives first, and says who made it", async () => {
    const trainerA = await trainerUser();
    const trainerB = await createUser(db, { surname: "Дорж", givenName: "Болд", roles: [{ role: "trainer" }] });
    const cookieA = await sessionCookieFor(trainerA.id);
    const cookieB = await sessionCookieFor(trainerB.id);
    const finals: string[] = [];
    for (const order of ["A first", "B first"]) {
      const e = await newEvent(trainerA);
      await db.insertInto("event_trainer").values({ event_id: e.id, user_id: trainerB.id }).execute();
      const learner = await createUser(db);
      await register(learner.id, e.id);
      // A tapped "absent" ten minutes ago (offline); B tapped "present" five minutes ago
      const a = [{ clientId: `a-${crypto.randomUUID()}`, userId: learner.id, mark: "absent", markedAt: new Date(Date.now() - 600_000).toISOString() }];
      const b = [{ clientId: `b-${crypto.randomUUID()}`, userId: learner.id, mark: "present", markedAt: new Date(Date.now() - 300_000).toISOString() }];
      if (order === "A first") {
        expect((await (await sync(e, cookieA, a)).json()).results[0].outcome).toBe("applied");
        expect((await (await sync(e, cookieB, b)).json()).results[0].outcome).toBe("applied");
      } else {
        expect((await (await sync(e, cookieB, b)).json()).results[0].outcome).toBe("applied");
        const late = (await (await sync(e, cookieA, a)).json()).results[0];
        expect(late).toMatchObject({ outcome: "superseded", current: { mark: "present", by: "Д. Болд", byId: trainerB.id } });
      }
      const [row] = await attendance(e.sessions[0].id);
      finals.push(`${row.mark}/${row.marked_by}`);
      // A's page shows B's mark with who made it
      const page = await (await settle(() => loader(args(get(e.path(), { cookie: cookieA }), params(e))))).json();
      expect(page.registered[0]).toMatchObject({ mark: "present", by: { name: "Д. Болд" } });
    }
    expect(finals).toEqual([`present/${trainerB.id}`, `present/${trainerB.id}`]);
  });

  it("refuses a trainer of another event and a coordinator of another aimag (403), and stores nothing", async () => {
    const trainer = await trainerUser();
    const e = await newEvent(trainer);
    const learner = await createUser(db);
    await register(learner.id, e.id);
    const otherTrainer = await trainerUser();
    await newEvent(otherTrainer);
    const coordinatorB = await createUser(db, { aimagCode: "MN-037", roles: [{ role: "coordinator", aimag_code: "MN-037" }] });
    const coordinatorA = await createUser(db, { aimagCode: AIMAG, roles: [{ role: "coordinator", aimag_code: AIMAG }] });
    for (const u of [otherTrainer, coordinatorB]) {
      const cookie = await sessionCookieFor(u.id);
      expect((await settle(() => loader(args(get(e.path(), { cookie }), params(e))))).status).toBe(403);
      expect((await sync(e, cookie, [{ clientId: crypto.randomUUID(), userId: learner.id, mark: "present" }])).status).toBe(403);
      const form = { intent: "mark", userId: learner.id, clientId: crypto.randomUUID(), mark: "present" };
      expect((await settle(() => action(args(post(e.path(), form, { cookie }), params(e))))).status).toBe(403);
      expect((await settle(() => qrLoader(args(get(`${e.path()}/qr`, { cookie }), params(e))))).status).toBe(403);
      expect((await settle(() => qrSvgLoader(args(get(`${e.path()}/qr.svg`, { cookie }), params(e))))).status).toBe(403);
    }
    expect(await attendance(e.sessions[0].id)).toHaveLength(0);
    expect(await receipts(e.sessions[0].id)).toHaveLength(0);
    // the aimag's coordinator may
    const cookieA = await sessionCookieFor(coordinatorA.id);
    expect((await sync(e, cookieA, [{ clientId: crypto.randomUUID(), userId: learner.id, mark: "present" }])).status).toBe(200);
  });

  it("answers a bad batch with 400 and a signed-out phone with 401, never a 500", async () => {
    const trainer = await trainerUser();
    const e = await newEvent(trainer);
    const learner = await createUser(db);
    await register(learner.id, e.id);
    const cookie = await sessionCookieFor(trainer.id);
    const ok = { clientId: "c1", userId: learner.id, mark: "present" };
    const bodies: unknown[] = [
      "not json",
      "{}",
      "[]",
      JSON.stringify({ marks: [ok] }),
      [{ ...ok, mark: "asleep" }],
      [{ ...ok, clientId: "x".repeat(101) }],
      [{ ...ok, userId: "'; drop table users; --" }],
      [{ ...ok, markedAt: "yesterday" }],
      [{ ...ok, clientId: 5 }],
      Array.from({ length: 201 }, (_, i) => ({ ...ok, clientId: `c${i}` })),
      `[${"[".repeat(5000)}`,
    ];
    for (const body of bodies) {
      const res = await sync(e, cookie, body);
      expect(res.status, String(body).slice(0, 40)).toBe(400);
      expect(await res.json()).toEqual({ error: "badSync" });
    }
    const noMarks = await settle(() => action(args(post(e.path(), { intent: "sync" }, { cookie, headers: { Accept: "application/json" } }), params(e))));
    expect(noMarks.status).toBe(400);
    expect(await attendance(e.sessions[0].id)).toHaveLength(0);
    // 200 marks is the most a batch may hold
    const full = await sync(
      e,
      cookie,
      Array.from({ length: 200 }, (_, i) => ({ ...ok, clientId: `full-${i}` })),
    );
    expect(full.status).toBe(200);
    const signedOut = await settle(() =>
      action(args(post(e.path(), { intent: "sync", marks: JSON.stringify([ok]) }, { headers: { Accept: "application/json" } }), params(e))),
    );
    expect(signedOut.status).toBe(401);
    expect(await signedOut.json()).toEqual({ error: "signedOut" });
  });
});

describe("credit toward a blended course", () => {
  it("completes and certifies on the mark that meets the threshold; a later correction is flagged, not revoked", async () => {
    const trainer = await trainerUser();
    const e = await newEvent(trainer, { sessions: 1, threshold: 100 });
    const learner = await createUser(db);
    await register(learner.id, e.id);
    await recordLessonDone(learner.id, blended, "welcome");
    const cookie = await sessionCookieFor(trainer.id);
    expect(await certificatesOf(learner.id)).toHaveLength(0);
    const mark = (m: string) =>
      settle(() => action(args(post(e.path(), { intent: "mark", userId: learner.id, clientId: crypto.randomUUID(), mark: m }, { cookie }), params(e))));
    const completedOnPage = async () => {
      const page = await (await settle(() => loader(args(get(e.path(), { cookie }), params(e))))).json();
      return page.registered.find((r: { userId: string }) => r.userId === learner.id)?.completed;
    };
    expect(await completedOnPage()).toBe(false);
    expect((await mark("present")).status).toBe(302);
    // the trainer sees the completion on the roll call
    expect(await completedOnPage()).toBe(true);
    const [certificate] = await certificatesOf(learner.id);
    expect(certificate).toBeDefined();
    expect(
      (await db.selectFrom("enrolment").select("completed_at").where("user_id", "=", learner.id).where("course_slug", "=", "blended").executeTakeFirst())
        ?.completed_at,
    ).not.toBeNull();

    expect((await mark("absent")).status).toBe(302);
    const reviews = await db.selectFrom("credit_review").selectAll().where("user_id", "=", learner.id).execute();
    expect(reviews).toMatchObject([{ course_slug: "blended", certificate_id: certificate.id, resolved_at: null }]);
    expect((await certificatesOf(learner.id)).map((c) => c.revoked_at)).toEqual([null]);
  });
});

describe("walk-ins", () => {
  it("finds a person, adds them present; a new person needs a phone or e-mail and a sum of the aimag, and keeps the input", async () => {
    const trainer = await trainerUser();
    const e = await newEvent(trainer);
    const cookie = await sessionCookieFor(trainer.id);
    const walkIn = await createUser(db, { surname: "Өлзийбат", givenName: "Сарнай", aimagCode: "MN-037" });
    const page = await (await settle(() => loader(args(get(`${e.path()}?q=өлзийб`, { cookie }), params(e))))).json();
    expect(page.found.map((p: { id: string }) => p.id)).toContain(walkIn.id);
    const short = await (await settle(() => loader(args(get(`${e.path()}?q=ө`, { cookie }), params(e))))).json();
    expect(short.found).toBeNull();

    const added = await settle(() => action(args(post(e.path(), { intent: "walk-in-existing", userId: walkIn.id }, { cookie }), params(e))));
    expect(added.status).toBe(302);
    expect(added.headers.get("Location")).toBe(`${e.path()}#row-${walkIn.id}`);
    expect(await db.selectFrom("event_registration").select(["status", "walk_in"]).where("user_id", "=", walkIn.id).execute()).toEqual([
      { status: "registered", walk_in: 1 },
    ]);
    expect((await attendance(e.sessions[0].id)).find((a) => a.user_id === walkIn.id)?.mark).toBe("present");

    const sum = await db.selectFrom("sum").select("id").where("aimag_code", "=", AIMAG).executeTakeFirstOrThrow();
    const foreignSum = await db.selectFrom("sum").select("id").where("aimag_code", "=", "MN-037").executeTakeFirstOrThrow();
    const form = { intent: "walk-in-new", surname: "Ганбат", givenName: "Тэмүүлэн", phone: "", email: "", aimagCode: AIMAG, sumId: sum.id };
    const noContact = await settle(() => action(args(post(e.path(), form, { cookie }), params(e))));
    expect(noContact.status).toBe(400);
    expect(await noContact.json()).toMatchObject({ errors: { phone: "rollCall.errors.phoneOrEmail" }, values: { surname: "Ганбат" } });
    const badPlace = await settle(() => action(args(post(e.path(), { ...form, phone: "9911 2233", sumId: foreignSum.id }, { cookie }), params(e))));
    expect(badPlace.status).toBe(400);
    expect(await badPlace.json()).toMatchObject({ errors: { sumId: "events.problems.badPlace" } });
    const created = await settle(() => action(args(post(e.path(), { ...form, phone: "9911 2233" }, { cookie }), params(e))));
    expect(created.status).toBe(302);
    const person = await db.selectFrom("users").selectAll().where("phone", "=", "99112233").where("surname", "=", "Ганбат").executeTakeFirstOrThrow();
    expect((await attendance(e.sessions[0].id)).find((a) => a.user_id === person.id)?.mark).toBe("present");
  });

  it("lets a coordinator add only people of their own aimag", async () => {
    const trainer = await trainerUser();
    const e = await newEvent(trainer);
    const coordinator = await createUser(db, { aimagCode: AIMAG, roles: [{ role: "coordinator", aimag_code: AIMAG }] });
    const cookie = await sessionCookieFor(coordinator.id);
    const foreign = await createUser(db, { aimagCode: "MN-037" });
    const res = await settle(() => action(args(post(e.path(), { intent: "walk-in-existing", userId: foreign.id }, { cookie }), params(e))));
    expect(res.status).toBe(400);
    expect(await db.selectFrom("event_registration").select("id").where("user_id", "=", foreign.id).execute()).toHaveLength(0);
  });
});

describe("QR self check-in", () => {
  it("takes a fresh code and refuses one from four steps ago", async () => {
    const trainer = await trainerUser();
    const e = await newEvent(trainer);
    const session = e.sessions[0];
    const learner = await createUser(db);
    const now = new Date();
    const old = checkInCode(session.check_in_secret, session.id, qrStep(now) - 4);
    expect(await selfCheckIn(learner.id, session.id, old, now)).toEqual({ problem: "expired" });
    const fresh = checkInCode(session.check_in_secret, session.id, qrStep(now));
    expect(await selfCheckIn(learner.id, session.id, fresh, now)).toEqual({ checkedIn: true, eventId: e.id });
  });

  it("shows the trainer a code that a learner's check-in page accepts, and counts who checked in", async () => {
    const trainer = await trainerUser();
    const e = await newEvent(trainer);
    const cookie = await sessionCookieFor(trainer.id);
    const qr = await (await settle(() => qrLoader(args(get(`${e.path()}/qr`, { cookie }), params(e))))).json();
    expect(qr.qr.svg).toContain("<svg");
    expect(qr.qr.url).toMatch(new RegExp(`/check-in/${e.sessions[0].id}\\?c=`));
    expect(qr.qr.checkedIn).toBe(0);
    const svg = await settle(() => qrSvgLoader(args(get(`${e.path()}/qr.svg`, { cookie }), params(e))));
    expect(svg.headers.get("Content-Type")).toContain("image/svg+xml");
    expect(svg.headers.get("Cache-Control")).toBe("no-store");

    const learner = await createUser(db);
    const learnerCookie = await sessionCookieFor(learner.id);
    const code = new URL(qr.qr.url).searchParams.get("c")!;
    const checkInUrl = `/check-in/${e.sessions[0].id}?c=${encodeURIComponent(code)}`;
    const page = await (await settle(() => checkInLoader(args(get(checkInUrl, { cookie: learnerCookie }), { sessionId: e.sessions[0].id })))).json();
    expect(page).toMatchObject({ problem: null, code, eventTitle: "Ирцийн сургалт" });
    const stale = checkInCode(e.sessions[0].check_in_secret, e.sessions[0].id, qrStep(new Date()) - 4);
    const refused = await settle(() =>
      checkInAction(args(post(checkInUrl, { intent: "check-in", code: stale }, { cookie: learnerCookie }), { sessionId: e.sessions[0].id })),
    );
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ outcome: "expired" });
    const done = await settle(() =>
      checkInAction(args(post(checkInUrl, { intent: "check-in", code }, { cookie: learnerCookie }), { sessionId: e.sessions[0].id })),
    );
    expect(done.status).toBe(200);
    expect(await done.json()).toEqual({ outcome: "checkedIn" });
    expect((await attendance(e.sessions[0].id)).find((a) => a.user_id === learner.id)).toMatchObject({ mark: "present", source: "qr" });
    const after = await (await settle(() => qrLoader(args(get(`${e.path()}/qr`, { cookie }), params(e))))).json();
    expect(after.qr.checkedIn).toBe(1);
  });

  it("says so when self check-in is off, on the QR page and to a learner", async () => {
    const trainer = await trainerUser();
    const e = await newEvent(trainer, { selfCheckIn: false });
    const cookie = await sessionCookieFor(trainer.id);
    expect((await (await settle(() => qrLoader(args(get(`${e.path()}/qr`, { cookie }), params(e))))).json()).qr).toBeNull();
    expect((await settle(() => qrSvgLoader(args(get(`${e.path()}/qr.svg`, { cookie }), params(e))))).status).toBe(404);
    const learner = await createUser(db);
    const learnerCookie = await sessionCookieFor(learner.id);
    const page = await (
      await settle(() => checkInLoader(args(get(`/check-in/${e.sessions[0].id}?c=x`, { cookie: learnerCookie }), { sessionId: e.sessions[0].id })))
    ).json();
    expect(page.problem).toBe("disabled");
    const anonymous = await settle(() => checkInLoader(args(get(`/check-in/${e.sessions[0].id}?c=x`), { sessionId: e.sessions[0].id })));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(`/check-in/${e.sessions[0].id}?c=x`)}`);
  });
});
