import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { db } from "~/db.server";
import { createEvent } from "~/features/events/events.server";
import { createUser } from "../../db/factories";
import { args, get, post, sessionCookieFor, settle } from "../../tests/helpers";
import { action as campaignsAction } from "./campaigns._index";
import { action as editAction, loader as editLoader } from "./events.$eventId.edit";
import { action as eventAction, loader as eventLoader } from "./events.$eventId._index";
import { action as peopleAction, loader as peopleLoader } from "./events.$eventId.people";
import { loader as listLoader } from "./events._index";
import { action as newAction, loader as newLoader } from "./events.new";

const YEAR = new Date().getUTCFullYear() + 1;
const COURSE = "blended";

function eventForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    intent: "save",
    titleMn: "Хурдан цэгийн сургалт",
    titleEn: "Khurdan Tseg training",
    campaignId: "",
    aimagCode: "MN-069",
    sumId: "",
    venue: "Сумын ЗДТГ-ын хурлын танхим",
    audience: ["khurdan_tseg"],
    capacity: "20",
    thresholdPercent: "80",
    courses: COURSE,
    "sessions[0].date": `${YEAR}-03-10`,
    "sessions[0].start": "09:00",
    "sessions[0].end": "17:00",
    "sessions[1].date": `${YEAR}-03-11`,
    "sessions[1].start": "09:00",
    "sessions[1].end": "13:00",
    "sessions[1].selfCheckIn": "on",
    "sessions[2].date": "",
    "sessions[2].start": "",
    "sessions[2].end": "",
    ...overrides,
  };
}

async function userWith(role: "coordinator" | "trainer" | "admin" | "learner", aimag = "MN-069") {
  const u = await createUser(db, { aimagCode: aimag, roles: [{ role, aimag_code: role === "coordinator" ? aimag : null }] });
  return { ...u, cookie: await sessionCookieFor(u.id) };
}

const eventId = (res: Response) => /^\/events\/([0-9a-f-]{36})$/.exec(res.headers.get("Location") ?? "")?.[1];

async function quickEvent(aimag: string, capacity: number, trainers: string[] = []) {
  const admin = await userWith("admin");
  const r = await createEvent(
    { id: admin.id, roles: [{ role: "admin", aimag_code: null }] },
    {
      campaignId: null,
      titleMn: "Түргэн сургалт",
      titleEn: "Quick training",
      aimagCode: aimag,
      sumId: null,
      venue: "Танхим",
      audience: ["citizen"],
      capacity,
      thresholdPercent: 80,
      courses: [],
      trainers,
      sessions: [{ starts_at: `${YEAR}-05-01T01:00:00.000Z`, ends_at: `${YEAR}-05-01T05:00:00.000Z`, self_check_in: false }],
    },
  );
  if (!("id" in r)) throw new Error(r.problem);
  return r.id;
}

describe("planning an event", () => {
  it("lets a coordinator create an event with two sessions in their own aimag; blank rows are ignored", async () => {
    const c = await userWith("coordinator", "MN-069");
    expect((await settle(() => newLoader(args(get("/events/new", { cookie: c.cookie }))))).status).toBe(200);
    const res = await settle(() => newAction(args(post("/events/new", eventForm(), { cookie: c.cookie }))));
    expect(res.status).toBe(302);
    const id = eventId(res)!;
    const event = await db.selectFrom("training_event").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(event).toMatchObject({ aimag_code: "MN-069", capacity: 20, threshold_percent: 80, audience: "khurdan_tseg", created_by: c.id });
    const sessions = await db.selectFrom("event_session").selectAll().where("event_id", "=", id).orderBy("starts_at").execute();
    // Ulaanbaatar time, stored in UTC
    expect(sessions.map((s) => [s.starts_at, s.ends_at, s.self_check_in])).toEqual([
      [`${YEAR}-03-10T01:00:00.000Z`, `${YEAR}-03-10T09:00:00.000Z`, 0],
      [`${YEAR}-03-11T01:00:00.000Z`, `${YEAR}-03-11T05:00:00.000Z`, 1],
    ]);
    expect(await db.selectFrom("event_course").select("course_slug").where("event_id", "=", id).execute()).toEqual([{ course_slug: COURSE }]);
  });

  it("refuses a coordinator planning in another aimag, and a learner anywhere", async () => {
    const c = await userWith("coordinator", "MN-069");
    const before = await db.selectFrom("training_event").select("id").execute();
    expect((await settle(() => newAction(args(post("/events/new", eventForm({ aimagCode: "MN-037" }), { cookie: c.cookie }))))).status).toBe(403);
    const l = await userWith("learner");
    expect((await settle(() => newLoader(args(get("/events/new", { cookie: l.cookie }))))).status).toBe(403);
    expect((await settle(() => newAction(args(post("/events/new", eventForm(), { cookie: l.cookie }))))).status).toBe(403);
    expect(await db.selectFrom("training_event").select("id").execute()).toHaveLength(before.length);
  });

  it("returns bad input to the form with a message on each field and the input kept", async () => {
    const c = await userWith("coordinator", "MN-069");
    const res = await settle(() =>
      newAction(
        args(
          post(
            "/events/new",
            eventForm({ titleMn: "", capacity: "0", courses: "no-such-course", "sessions[1].end": "08:00", "sessions[2].date": `${YEAR}-03-12` }),
            { cookie: c.cookie },
          ),
        ),
      ),
    );
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errors).toMatchObject({
      titleMn: ["errors.required"],
      capacity: ["eventPlan.errors.capacity"],
      courses: ["eventPlan.errors.unknownCourse"],
      "sessions[1].end": ["eventPlan.errors.endBeforeStart"],
      "sessions[2].start": ["eventPlan.errors.sessionIncomplete"],
      "sessions[2].end": ["eventPlan.errors.sessionIncomplete"],
    });
    expect(body.errors["sessions[0].end"]).toBeUndefined();
    expect(body.values).toMatchObject({ titleEn: "Khurdan Tseg training", capacity: "0", courses: ["no-such-course"], venue: "Сумын ЗДТГ-ын хурлын танхим" });
    expect(body.values.sessions[1]).toMatchObject({ date: `${YEAR}-03-11`, start: "09:00", end: "08:00", selfCheckIn: true });
    // the typed rows, then blank rows to fill
    expect(body.values.sessions.length).toBeGreaterThanOrEqual(6);
    const none = await settle(() =>
      newAction(
        args(
          post(
            "/events/new",
            eventForm({
              "sessions[0].date": "",
              "sessions[0].start": "",
              "sessions[0].end": "",
              "sessions[1].date": "",
              "sessions[1].start": "",
              "sessions[1].end": "",
            }),
            { cookie: c.cookie },
          ),
        ),
      ),
    );
    expect(none.status).toBe(400);
    expect((await none.json()).errors.sessions).toEqual(["events.problems.noSessions"]);
  });

  it("lets a trainer edit an event they run, not another trainer's", async () => {
    const t = await userWith("trainer", "MN-1");
    const created = await settle(() => newAction(args(post("/events/new", eventForm({ aimagCode: "MN-037" }), { cookie: t.cookie }))));
    const id = eventId(created)!;
    const form = await settle(() => editLoader(args(get(`/events/${id}/edit`, { cookie: t.cookie }), { eventId: id })));
    expect(form.status).toBe(200);
    const values = (await form.json()).values;
    const keep = Object.fromEntries(
      values.sessions.flatMap((s: { id: string; date: string; start: string; end: string }, i: number) =>
        s.id
          ? [
              [`sessions[${i}].id`, s.id],
              [`sessions[${i}].date`, s.date],
              [`sessions[${i}].start`, s.start],
              [`sessions[${i}].end`, "18:00"],
            ]
          : [],
      ),
    );
    const sessionIds = values.sessions.filter((s: { id: string }) => s.id).map((s: { id: string }) => s.id);
    expect(sessionIds).toHaveLength(2);
    const saved = await settle(() =>
      editAction(
        args(post(`/events/${id}/edit`, { ...eventForm({ aimagCode: "MN-037", capacity: "25" }), ...keep, "sessions[2].date": "" }, { cookie: t.cookie }), {
          eventId: id,
        }),
      ),
    );
    expect(saved.status).toBe(302);
    const event = await db.selectFrom("training_event").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(event.capacity).toBe(25);
    // the sessions kept their ids
    const sessions = await db.selectFrom("event_session").select(["id", "ends_at"]).where("event_id", "=", id).orderBy("starts_at").execute();
    expect(sessions.map((s) => s.id).sort()).toEqual([...sessionIds].sort());
    expect(sessions.every((s) => s.ends_at.endsWith("T10:00:00.000Z"))).toBe(true);

    const other = await userWith("trainer", "MN-1");
    expect((await settle(() => editLoader(args(get(`/events/${id}/edit`, { cookie: other.cookie }), { eventId: id })))).status).toBe(403);
    expect(
      (await settle(() => editAction(args(post(`/events/${id}/edit`, eventForm({ aimagCode: "MN-037" }), { cookie: other.cookie }), { eventId: id })))).status,
    ).toBe(403);
    expect((await settle(() => editAction(args(post(`/events/${id}/edit`, { intent: "cancel" }, { cookie: other.cookie }), { eventId: id })))).status).toBe(
      403,
    );
    const coordinatorElsewhere = await userWith("coordinator", "MN-069");
    expect((await settle(() => editLoader(args(get(`/events/${id}/edit`, { cookie: coordinatorElsewhere.cookie }), { eventId: id })))).status).toBe(403);
    expect((await db.selectFrom("training_event").select("capacity").where("id", "=", id).executeTakeFirstOrThrow()).capacity).toBe(25);
    expect((await settle(() => editLoader(args(get("/events/nope/edit", { cookie: t.cookie }), { eventId: "nope" })))).status).toBe(404);
  });

  it("cancels an event after the confirmation step; registering is then refused", async () => {
    const c = await userWith("coordinator", "MN-069");
    const id = await quickEvent("MN-069", 5);
    const page = await (await settle(() => editLoader(args(get(`/events/${id}/edit?cancel=1`, { cookie: c.cookie }), { eventId: id })))).json();
    expect(page.confirmCancel).toBe(true);
    expect((await settle(() => editAction(args(post(`/events/${id}/edit`, { intent: "cancel" }, { cookie: c.cookie }), { eventId: id })))).status).toBe(302);
    expect((await db.selectFrom("training_event").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("cancelled");
    const l = await userWith("learner");
    await settle(() => eventAction(args(post(`/events/${id}`, { intent: "register" }, { cookie: l.cookie }), { eventId: id })));
    expect(await db.selectFrom("event_registration").select("id").where("event_id", "=", id).execute()).toHaveLength(0);
  });
});

describe("registering", () => {
  const statusOf = async (id: string, cookie?: string) =>
    (await (await settle(() => eventLoader(args(get(`/events/${id}`, { cookie }), { eventId: id })))).json()).mine;

  it("registers, puts the next person on the waiting list with their position, and promotes them when a place is freed", async () => {
    const id = await quickEvent("MN-069", 1);
    const [a, b, c] = [await userWith("learner"), await userWith("learner"), await userWith("learner")];
    const reg = (u: { cookie: string }) =>
      settle(() => eventAction(args(post(`/events/${id}`, { intent: "register" }, { cookie: u.cookie }), { eventId: id })));
    expect((await reg(a)).status).toBe(302);
    expect(await statusOf(id, a.cookie)).toEqual({ status: "registered", position: null });
    await reg(b);
    await reg(c);
    expect(await statusOf(id, b.cookie)).toEqual({ status: "waiting", position: 1 });
    expect(await statusOf(id, c.cookie)).toEqual({ status: "waiting", position: 2 });
    // registering again changes nothing
    await reg(b);
    expect(await statusOf(id, b.cookie)).toEqual({ status: "waiting", position: 1 });
    await settle(() => eventAction(args(post(`/events/${id}`, { intent: "cancel" }, { cookie: a.cookie }), { eventId: id })));
    expect(await statusOf(id, a.cookie)).toBeNull();
    expect(await statusOf(id, b.cookie)).toEqual({ status: "registered", position: null });
    expect(await statusOf(id, c.cookie)).toEqual({ status: "waiting", position: 1 });
    // the list shows the viewer's own place
    const list = await (await settle(() => listLoader(args(get("/events", { cookie: c.cookie }))))).json();
    const card = [...list.near, ...list.rest].find((e: { id: string }) => e.id === id);
    expect(card).toMatchObject({ left: 0, waiting: 1, mine: { status: "waiting", position: 1 } });
  });

  it("answers 200 people pressing register at once for 30 places without a server error: 30 in, 170 waiting in order", async () => {
    const id = await quickEvent("MN-069", 30);
    const people = await Promise.all(Array.from({ length: 200 }, () => userWith("learner")));
    const answers = await Promise.all(
      people.map((u) => settle(() => eventAction(args(post(`/events/${id}`, { intent: "register" }, { cookie: u.cookie }), { eventId: id })))),
    );
    expect(answers.map((a) => a.status).filter((s) => s !== 302)).toEqual([]);
    const rows = await db.selectFrom("event_registration").select(["status", "queue_no"]).where("event_id", "=", id).orderBy("queue_no").execute();
    expect(rows.filter((r) => r.status === "registered").map((r) => r.queue_no)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(rows.filter((r) => r.status === "waiting").map((r) => r.queue_no)).toEqual(Array.from({ length: 170 }, (_, i) => i + 31));
  });

  it("shows the event to anyone and sends an anonymous visitor to log in to register; 404 for no such event", async () => {
    const id = await quickEvent("MN-069", 3);
    const page = await settle(() => eventLoader(args(get(`/events/${id}`), { eventId: id })));
    expect(page.status).toBe(200);
    expect((await page.json()).manage).toBe(false);
    const anon = await settle(() => eventAction(args(post(`/events/${id}`, { intent: "register" }), { eventId: id })));
    expect(anon.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(`/events/${id}`)}`);
    expect((await settle(() => eventLoader(args(get("/events/nope"), { eventId: "nope" })))).status).toBe(404);
  });

  it("lists the learner's own aimag first", async () => {
    const far = await quickEvent("MN-037", 3);
    const near = await quickEvent("MN-043", 3);
    const l = await userWith("learner", "MN-043");
    const list = await (await settle(() => listLoader(args(get("/events", { cookie: l.cookie }))))).json();
    expect(list.near.map((e: { id: string }) => e.id)).toContain(near);
    expect(list.near.map((e: { id: string }) => e.id)).not.toContain(far);
    expect(list.rest.map((e: { id: string }) => e.id)).toContain(far);
  });
});

describe("the people page", () => {
  it("registers people from a CSV for a coordinator: the out-of-aimag row is reported and skipped", async () => {
    const c = await userWith("coordinator", "MN-069");
    const id = await quickEvent("MN-069", 1);
    const [p1, p2] = [await createUser(db, { aimagCode: "MN-069" }), await createUser(db, { aimagCode: "MN-069" })];
    const foreign = await createUser(db, { aimagCode: "MN-037" });
    const csv = `email,due\n${p1.email},${YEAR}-01-01\n${foreign.email},\n${p2.email},\nnobody@example.mn\n`;
    const res = await settle(() => peopleAction(args(post(`/events/${id}/people`, { intent: "csv", csvText: csv }, { cookie: c.cookie }), { eventId: id })));
    expect(res.status).toBe(200);
    const { report } = await res.json();
    expect(report.counts).toEqual({ registered: 1, waiting: 1, already: 0, refused: 2 });
    expect(report.rows.map((r: { line: number; outcome: string }) => [r.line, r.outcome])).toEqual([
      [2, "registered"],
      [3, "refused"],
      [4, "waiting"],
      [5, "unknownEmail"],
    ]);
    const regs = await db.selectFrom("event_registration").select(["user_id", "status", "registered_by"]).where("event_id", "=", id).execute();
    expect(regs).toHaveLength(2);
    expect(regs.every((r) => r.registered_by === c.id)).toBe(true);
    expect(regs.some((r) => r.user_id === foreign.id)).toBe(false);

    // the list, waiting in order with their position; a person's registration cancelled by the coordinator promotes the next
    const page = await (await settle(() => peopleLoader(args(get(`/events/${id}/people`, { cookie: c.cookie }), { eventId: id })))).json();
    expect(page.registered.map((p: { userId: string }) => p.userId)).toEqual([p1.id]);
    expect(page.waiting).toMatchObject([{ userId: p2.id, position: 1 }]);
    await settle(() => peopleAction(args(post(`/events/${id}/people`, { intent: "cancel", userId: p1.id }, { cookie: c.cookie }), { eventId: id })));
    const after = await db.selectFrom("event_registration").select(["user_id", "status"]).where("event_id", "=", id).execute();
    expect(Object.fromEntries(after.map((r) => [r.user_id, r.status]))).toEqual({ [p1.id]: "cancelled", [p2.id]: "registered" });
  });

  it("reads an uploaded CSV file (UTF-8 with a byte-order mark)", async () => {
    const c = await userWith("coordinator", "MN-069");
    const id = await quickEvent("MN-069", 5);
    const p = await createUser(db, { aimagCode: "MN-069" });
    const body = new FormData();
    body.append("intent", "csv");
    body.append("file", new File([`\uFEFFemail\n${p.email}\n`], "people.csv", { type: "text/csv" }));
    const request = new Request(`http://localhost/events/${id}/people`, { method: "POST", body, headers: { Cookie: c.cookie, Origin: "http://localhost" } });
    const res = await settle(() => peopleAction(args(request, { eventId: id })));
    expect(res.status).toBe(200);
    expect((await res.json()).report.counts).toEqual({ registered: 1, waiting: 0, already: 0, refused: 0 });
  });

  it("lets the event's trainer see the list but not register others; refuses other trainers and learners", async () => {
    const t = await userWith("trainer", "MN-1");
    const id = await quickEvent("MN-069", 5, [t.id]);
    const p = await createUser(db, { aimagCode: "MN-069" });
    expect((await settle(() => peopleLoader(args(get(`/events/${id}/people`, { cookie: t.cookie }), { eventId: id })))).status).toBe(200);
    expect(
      (await settle(() => peopleAction(args(post(`/events/${id}/people`, { intent: "email", email: p.email }, { cookie: t.cookie }), { eventId: id })))).status,
    ).toBe(403);
    const other = await userWith("trainer", "MN-1");
    expect((await settle(() => peopleLoader(args(get(`/events/${id}/people`, { cookie: other.cookie }), { eventId: id })))).status).toBe(403);
    const l = await userWith("learner");
    expect((await settle(() => peopleLoader(args(get(`/events/${id}/people`, { cookie: l.cookie }), { eventId: id })))).status).toBe(403);
    expect(await db.selectFrom("event_registration").select("id").where("event_id", "=", id).execute()).toHaveLength(0);
  });

  it("shows a coordinator of another aimag only their own people, and lets them register them", async () => {
    const id = await quickEvent("MN-069", 5);
    const local = await createUser(db, { aimagCode: "MN-069" });
    const visitor = await createUser(db, { aimagCode: "MN-037" });
    const cA = await userWith("coordinator", "MN-069");
    const cB = await userWith("coordinator", "MN-037");
    await settle(() => peopleAction(args(post(`/events/${id}/people`, { intent: "email", email: local.email }, { cookie: cA.cookie }), { eventId: id })));
    const res = await settle(() =>
      peopleAction(args(post(`/events/${id}/people`, { intent: "email", email: visitor.email }, { cookie: cB.cookie }), { eventId: id })),
    );
    expect((await res.json()).report.counts.registered).toBe(1);
    const page = await (await settle(() => peopleLoader(args(get(`/events/${id}/people`, { cookie: cB.cookie }), { eventId: id })))).json();
    expect(page.registered.map((p: { userId: string }) => p.userId)).toEqual([visitor.id]);
    // nor may they take the other aimag's person off the list
    expect(
      (await settle(() => peopleAction(args(post(`/events/${id}/people`, { intent: "cancel", userId: local.id }, { cookie: cB.cookie }), { eventId: id }))))
        .status,
    ).toBe(400);
  });
});

describe("campaigns", () => {
  it("are created by coordinators and administrators, audited; learners are refused; bad dates come back", async () => {
    const c = await userWith("coordinator", "MN-069");
    const form = { intent: "create", titleMn: "Цахим аймаг", titleEn: "E-aimag", startsOn: `${YEAR}-09-01`, endsOn: `${YEAR}-11-30` };
    const res = await settle(() => campaignsAction(args(post("/campaigns", form, { cookie: c.cookie }))));
    expect(res.status).toBe(302);
    const id = res.headers.get("Location")!.split("/").pop()!;
    expect(await db.selectFrom("audit_log").select("action").where("target_id", "=", id).execute()).toEqual([{ action: "campaign.create" }]);
    const l = await userWith("learner");
    expect((await settle(() => campaignsAction(args(post("/campaigns", form, { cookie: l.cookie }))))).status).toBe(403);
    const bad = await settle(() => campaignsAction(args(post("/campaigns", { ...form, endsOn: `${YEAR}-08-01` }, { cookie: c.cookie }))));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: { endsOn: ["eventPlan.errors.campaignEndBeforeStart"] }, values: { titleMn: "Цахим аймаг" } });
  });
});
