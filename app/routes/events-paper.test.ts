// The paper fallback of in-person trainings (the sign-in sheet, ticking it off, one person's QR
// tick page), the administrator's decision on withdrawn credit, and the training events report
// with its CSV and Excel exports read back by other libraries.
import { vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { beforeAll, describe, expect, it } from "vitest";
import { config } from "~/config.server";
import { db } from "~/db.server";
import { issueCertificate, latestCertificate } from "~/features/certificates/certificates.server";
import { getCatalogue } from "~/features/content/content.server";
import { recordLessonDone } from "~/features/enrolment/completion.server";
import { createEvent, type EventInput, recordMarks, register } from "~/features/events/events.server";
import { eventReport, findRegistration, findSessions, listRegistrations, listSessionMarks } from "~/features/events/repository.server";
import { createUser } from "../../db/factories";
import { args, get, post, sessionCookieFor, settle } from "../../tests/helpers";
import * as reviewsRoute from "./admin.credit-reviews";
import * as reportRoute from "./admin.reports.events._index";
import * as exportRoute from "./admin.reports.events.export";
import * as pdfRoute from "./events.$eventId.sessions.$sessionId.sheet[.]pdf";
import * as sheetRoute from "./events_.$eventId.sessions.$sessionId.sheet";
import * as tickRoute from "./events_.$eventId.sessions.$sessionId.tick.$code";

const AIMAG_A = "MN-069";
const AIMAG_B = "MN-037";
const blended = () => getCatalogue().courses.find((c) => c.slug === "blended")!;
type User = Awaited<ReturnType<typeof createUser>>;

async function planEvent(
  trainer: User,
  opts: {
    aimag?: string;
    start?: Date;
    sessions?: number;
    audience?: EventInput["audience"];
    campaignId?: string | null;
    title?: string;
    threshold?: number;
  } = {},
) {
  const start = opts.start ?? new Date(Date.now() + 7 * 24 * 3600_000);
  const sessions = Array.from({ length: opts.sessions ?? 1 }, (_, i) => {
    const s = new Date(start.getTime() + i * 24 * 3600_000);
    return { starts_at: s.toISOString(), ends_at: new Date(s.getTime() + 3 * 3600_000).toISOString(), self_check_in: false };
  });
  const created = await createEvent(
    { id: trainer.id, roles: [{ role: "trainer", aimag_code: null }] },
    {
      campaignId: opts.campaignId ?? null,
      titleMn: opts.title ?? "Хурдан цэгийн сургалт",
      titleEn: "Service point training",
      aimagCode: opts.aimag ?? AIMAG_A,
      sumId: null,
      venue: "ЗДТГ-ын хурлын танхим",
      audience: opts.audience ?? ["khurdan_tseg"],
      capacity: 60,
      thresholdPercent: opts.threshold ?? 80,
      courses: ["blended"],
      trainers: [trainer.id],
      sessions,
    },
  );
  if (!("id" in created)) throw new Error(created.problem);
  const found = await findSessions(created.id);
  return { id: created.id, sessions: found.map((s) => s.id), start };
}

const trainerActor = (u: User) => ({ id: u.id, roles: [{ role: "trainer" as const, aimag_code: null }] });

let trainer: User;
let learner: User;
beforeAll(async () => {
  trainer = await createUser(db, { roles: [{ role: "trainer" }] });
  learner = await createUser(db);
});

describe("the printed sign-in sheet", () => {
  it("is an A4 PDF for the event's trainer with everyone registered, a QR code each to their tick page; a learner is refused", async () => {
    const event = await planEvent(trainer);
    const people: User[] = [];
    for (const [surname, given] of [
      ["Өлзийбаяр", "Сарнай"],
      ["Ганбаатар", "Төмөр"],
      ["Үүрийнтуяа", "Оюун"],
    ]) {
      const u = await createUser(db, { surname, givenName: given });
      await register(u.id, event.id);
      people.push(u);
    }
    const url = `/events/${event.id}/sessions/${event.sessions[0]}/sheet.pdf`;
    const params = { eventId: event.id, sessionId: event.sessions[0] };

    const res = await settle(async () => pdfRoute.loader(args(get(url, { cookie: await sessionCookieFor(trainer.id) }), params)));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="erdem-sheet-\d{4}-\d{2}-\d{2}-MN-069\.pdf"$/);
    const dir = mkdtempSync(path.join(os.tmpdir(), "erdem-sheet-"));
    const file = path.join(dir, "sheet.pdf");
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    expect(execFileSync("pdfinfo", [file]).toString()).toMatch(/Page size:\s+595\.2\d? x 841\.8\d? pts \(A4\)/);
    const text = execFileSync("pdftotext", ["-layout", file, "-"]).toString();
    for (const name of ["Өлзийбаяр Сарнай", "Ганбаатар Төмөр", "Үүрийнтуяа Оюун", "Гарын үсэг"]) expect(text).toContain(name);
    // the rows are in the order the tick-off page lists them (the roll's: by surname)
    const order = (await listRegistrations(event.id)).map((r) => r.surname);
    expect(order[0]).toBe("Ганбаатар");
    expect([...order].sort((x, y) => text.indexOf(x) - text.indexOf(y))).toEqual(order);

    // the first row's QR code (cropped out of a 300 dpi render) opens that person's tick page
    execFileSync("pdftoppm", ["-png", "-r", "300", "-singlefile", file, path.join(dir, "page")]);
    const page = PNG.sync.read(readFileSync(path.join(dir, "page.png")));
    const crop = new PNG({ width: 320, height: 300 });
    const codes: string[] = [];
    for (let top = 0; top + 300 <= page.height && codes.length < 1; top += 100) {
      crop.data.fill(255);
      PNG.bitblt(page, crop, page.width - 420, top, 320, 300, 0, 0);
      const found = jsQR(new Uint8ClampedArray(crop.data), crop.width, crop.height);
      if (found) codes.push(found.data);
    }
    const first = await findRegistration(event.id, people[1].id); // Ганбаатар comes first
    expect(codes[0]).toBe(`${config.PUBLIC_URL}/events/${event.id}/sessions/${event.sessions[0]}/tick/${first!.sheet_code}`);

    const refused = await settle(async () => pdfRoute.loader(args(get(url, { cookie: await sessionCookieFor(learner.id) }), params)));
    expect(refused.status).toBe(403);
    const unknown = await settle(async () =>
      pdfRoute.loader(args(get(url, { cookie: await sessionCookieFor(trainer.id) }), { eventId: event.id, sessionId: crypto.randomUUID() })),
    );
    expect(unknown.status).toBe(404);
  });

  it("leaves out people waiting and people who cancelled", async () => {
    const event = await planEvent(trainer);
    const waiting = await createUser(db, { surname: "Хүлээгч" });
    const cancelled = await createUser(db, { surname: "Цуцалсан" });
    const kept = await createUser(db, { surname: "Бүртгэлтэй" });
    await register(kept.id, event.id);
    await register(cancelled.id, event.id);
    await register(waiting.id, event.id);
    await db.updateTable("event_registration").set({ status: "waiting" }).where("user_id", "=", waiting.id).execute();
    await db.updateTable("event_registration").set({ status: "cancelled" }).where("user_id", "=", cancelled.id).execute();
    const res = await settle(async () =>
      pdfRoute.loader(
        args(get(`/events/${event.id}/sessions/${event.sessions[0]}/sheet.pdf`, { cookie: await sessionCookieFor(trainer.id) }), {
          eventId: event.id,
          sessionId: event.sessions[0],
        }),
      ),
    );
    const dir = mkdtempSync(path.join(os.tmpdir(), "erdem-sheet-"));
    writeFileSync(path.join(dir, "s.pdf"), Buffer.from(await res.arrayBuffer()));
    const text = execFileSync("pdftotext", [path.join(dir, "s.pdf"), "-"]).toString();
    expect(text).toContain("Бүртгэлтэй");
    expect(text).not.toContain("Хүлээгч");
    expect(text).not.toContain("Цуцалсан");
  });
});

describe("ticking the sheet off", () => {
  async function sheetForm(event: { id: string; sessions: string[] }, cookie: string) {
    const res = await settle(async () => {
      const data = await sheetRoute.loader(
        args(get(`/events/${event.id}/sessions/${event.sessions[0]}/sheet`, { cookie }), { eventId: event.id, sessionId: event.sessions[0] }),
      );
      return data as Response;
    });
    return (await res.json()) as { rows: { userId: string; clientId: string; mark: string | null; no: number; name: string }[] };
  }

  it("marks the ticked present and the unticked absent, once however often the form is sent, and leaves a roll-call mark alone", async () => {
    const event = await planEvent(trainer);
    const [a, b, c] = [await createUser(db, { surname: "Ариун" }), await createUser(db, { surname: "Баяр" }), await createUser(db, { surname: "Цогт" })];
    for (const u of [a, b, c]) await register(u.id, event.id);
    // c was marked present on the roll call before the sheet came back
    await recordMarks(trainerActor(trainer), event.sessions[0], [{ userId: c.id, mark: "present", clientId: `roll-${crypto.randomUUID()}` }]);
    const cookie = await sessionCookieFor(trainer.id);
    const form = await sheetForm(event, cookie);
    expect(form.rows.map((r) => r.name.split(" ")[0])).toEqual(["Ариун", "Баяр", "Цогт"]);
    expect(form.rows.map((r) => r.no)).toEqual([1, 2, 3]);
    expect(form.rows.find((r) => r.userId === c.id)!.mark).toBe("present");

    // a signed; b and c did not (c's roll-call mark stays without the explicit choice)
    const fields = { intent: "save", signed: [a.id], ...Object.fromEntries(form.rows.map((r) => [`cid.${r.userId}`, r.clientId])) };
    const url = `/events/${event.id}/sessions/${event.sessions[0]}/sheet`;
    const params = { eventId: event.id, sessionId: event.sessions[0] };
    const first = await settle(async () => sheetRoute.action(args(post(url, fields, { cookie }), params)));
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe(url);
    const marks = async () => Object.fromEntries((await listSessionMarks(event.sessions[0])).map((m) => [m.user_id, `${m.mark}/${m.source}`]));
    expect(await marks()).toEqual({ [a.id]: "present/sheet", [b.id]: "absent/sheet", [c.id]: "present/roll" });
    const receipts = async () => (await db.selectFrom("attendance_receipt").select("client_id").where("session_id", "=", event.sessions[0]).execute()).length;
    const after = await receipts();

    // the same form again (a double tap, a resend): nothing more
    const again = await settle(async () => sheetRoute.action(args(post(url, fields, { cookie }), params)));
    expect(again.status).toBe(302);
    expect(await marks()).toEqual({ [a.id]: "present/sheet", [b.id]: "absent/sheet", [c.id]: "present/roll" });
    expect(await receipts()).toBe(after);

    // the explicit choice overwrites the roll-call mark
    const fresh = await sheetForm(event, cookie);
    await settle(async () =>
      sheetRoute.action(
        args(
          post(
            url,
            { intent: "save", signed: [a.id], overwrite: "on", ...Object.fromEntries(fresh.rows.map((r) => [`cid.${r.userId}`, r.clientId])) },
            { cookie },
          ),
          params,
        ),
      ),
    );
    expect((await marks())[c.id]).toBe("absent/sheet");
  });

  it("one person's QR tick page: the trainer marks them present; a learner scanning it is refused", async () => {
    const event = await planEvent(trainer);
    const person = await createUser(db, { surname: "Тэмүүлэн" });
    await register(person.id, event.id);
    const reg = (await findRegistration(event.id, person.id))!;
    const url = `/events/${event.id}/sessions/${event.sessions[0]}/tick/${reg.sheet_code}`;
    const params = { eventId: event.id, sessionId: event.sessions[0], code: reg.sheet_code };
    const cookie = await sessionCookieFor(trainer.id);
    const page = await settle(async () => (await tickRoute.loader(args(get(url, { cookie }), params))) as Response);
    const data = (await page.json()) as { person: { name: string }; mark: string | null; clientId: string };
    expect(data.person.name).toBe("Тэмүүлэн Болд");
    expect(data.mark).toBeNull();

    const learnerCookie = await sessionCookieFor(learner.id);
    expect((await settle(async () => tickRoute.loader(args(get(url, { cookie: learnerCookie }), params)))).status).toBe(403);
    expect(
      (await settle(async () => tickRoute.action(args(post(url, { intent: "present", clientId: data.clientId }, { cookie: learnerCookie }), params)))).status,
    ).toBe(403);
    expect(await listSessionMarks(event.sessions[0])).toEqual([]);

    const done = await settle(async () => tickRoute.action(args(post(url, { intent: "present", clientId: data.clientId }, { cookie }), params)));
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe(url);
    await settle(async () => tickRoute.action(args(post(url, { intent: "present", clientId: data.clientId }, { cookie }), params)));
    const marks = await listSessionMarks(event.sessions[0]);
    expect(marks.map((m) => [m.user_id, m.mark, m.source])).toEqual([[person.id, "present", "sheet"]]);
    expect((await db.selectFrom("attendance_receipt").select("client_id").where("user_id", "=", person.id).execute()).length).toBe(1);

    const unknownCode = await settle(async () => tickRoute.loader(args(get(url, { cookie }), { ...params, code: "ZZZZZZZZ" })));
    expect(unknownCode.status).toBe(404);
  });
});

describe("credit withdrawn after a certificate", () => {
  it("is flagged, not revoked; an administrator revokes it through the page in one step, with audit rows", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const coordinatorB = await createUser(db, { aimagCode: AIMAG_B, roles: [{ role: "coordinator", aimag_code: AIMAG_B }] });
    const person = await createUser(db, { surname: "Хасагдсан" });
    const event = await planEvent(trainer, { start: new Date(Date.now() - 2 * 24 * 3600_000) });
    await register(person.id, event.id, { now: new Date(Date.now() - 5 * 24 * 3600_000) });
    await recordLessonDone(person.id, blended(), "welcome");
    expect(await latestCertificate(person.id, "blended")).toBeUndefined();
    await recordMarks(trainerActor(trainer), event.sessions[0], [{ userId: person.id, mark: "present", clientId: `r1-${crypto.randomUUID()}` }]);
    const cert = (await latestCertificate(person.id, "blended"))!;
    expect(cert).toBeDefined();

    // the trainer corrects the mark: credit withdrawn, the certificate stands and is flagged
    await recordMarks(trainerActor(trainer), event.sessions[0], [{ userId: person.id, mark: "absent", clientId: `r2-${crypto.randomUUID()}` }]);
    expect((await latestCertificate(person.id, "blended"))!.revoked_at).toBeNull();
    const review = await db.selectFrom("credit_review").selectAll().where("user_id", "=", person.id).executeTakeFirstOrThrow();
    expect(review.certificate_id).toBe(cert.id);
    expect(review.resolved_at).toBeNull();

    // the administrator sees it; a coordinator of another aimag does not
    const adminCookie = await sessionCookieFor(admin.id);
    const list = (await ((await reviewsRoute.loader(args(get("/admin/credit-reviews", { cookie: adminCookie })))) as Response).json()) as {
      open: { id: string; serial: string; learner: string }[];
      canDecide: boolean;
    };
    expect(list.canDecide).toBe(true);
    expect(list.open.find((r) => r.id === review.id)).toMatchObject({ serial: cert.serial, learner: "Хасагдсан Болд" });
    const theirs = (await (
      (await reviewsRoute.loader(args(get("/admin/credit-reviews", { cookie: await sessionCookieFor(coordinatorB.id) })))) as Response
    ).json()) as {
      open: { id: string }[];
      canDecide: boolean;
    };
    expect(theirs.canDecide).toBe(false);
    expect(theirs.open.some((r) => r.id === review.id)).toBe(false);
    // a coordinator may not decide
    const coordinatorTry = await settle(async () =>
      reviewsRoute.action(
        args(post("/admin/credit-reviews", { intent: "revoke", id: review.id, reason: "Ирц засагдсан" }, { cookie: await sessionCookieFor(coordinatorB.id) })),
      ),
    );
    expect(coordinatorTry.status).toBe(403);

    // revoking without a reason comes back to the form
    const noReason = (await reviewsRoute.action(
      args(post("/admin/credit-reviews", { intent: "revoke", id: review.id, reason: "" }, { cookie: adminCookie })),
    )) as Response;
    expect(noReason.status).toBe(400);
    expect((await latestCertificate(person.id, "blended"))!.revoked_at).toBeNull();

    const done = await settle(async () =>
      reviewsRoute.action(args(post("/admin/credit-reviews", { intent: "revoke", id: review.id, reason: "Ирц засагдсан: ирээгүй" }, { cookie: adminCookie }))),
    );
    expect(done.status).toBe(302);
    expect(await latestCertificate(person.id, "blended")).toBeUndefined();
    const revoked = await db.selectFrom("certificate").selectAll().where("id", "=", cert.id).executeTakeFirstOrThrow();
    expect(revoked.revoked_at).not.toBeNull();
    expect(revoked.revoked_reason).toBe("Ирц засагдсан: ирээгүй");
    const resolved = await db.selectFrom("credit_review").selectAll().where("id", "=", review.id).executeTakeFirstOrThrow();
    expect(resolved).toMatchObject({ resolution: "revoked", resolved_by: admin.id });
    const audit = await db.selectFrom("audit_log").select(["action", "actor_id"]).where("target_id", "=", cert.id).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(["attendance.creditWithdrawn", "certificate.issue", "certificate.revoke", "creditReview.resolve"]);

    // decided once: a second decision is refused and changes nothing
    const twice = (await reviewsRoute.action(args(post("/admin/credit-reviews", { intent: "keep", id: review.id }, { cookie: adminCookie })))) as Response;
    expect(twice.status).toBe(409);
    expect((await db.selectFrom("credit_review").select("resolution").where("id", "=", review.id).executeTakeFirstOrThrow()).resolution).toBe("revoked");
  });
});

describe("the training events report", () => {
  it("counts registered, attended, no-shows and certified afterwards exactly, inside the reader's scope, and exports them", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const coordinatorA = await createUser(db, { aimagCode: AIMAG_A, roles: [{ role: "coordinator", aimag_code: AIMAG_A }] });
    const coordinatorB = await createUser(db, { aimagCode: AIMAG_B, roles: [{ role: "coordinator", aimag_code: AIMAG_B }] });
    const campaign = crypto.randomUUID();
    await db
      .insertInto("campaign")
      .values({
        id: campaign,
        title_mn: "Тайлангийн аян",
        title_en: "Report campaign",
        starts_on: "2020-01-01",
        ends_on: "2030-12-31",
        created_by: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    // an ended event in aimag A for two audiences, two sessions, threshold 50 %: one session of two is just enough
    const event = await planEvent(trainer, {
      start: new Date(Date.now() - 10 * 24 * 3600_000),
      sessions: 2,
      audience: ["khurdan_tseg", "citizen"],
      campaignId: campaign,
      title: "Тайлангийн сургалт",
      threshold: 50,
    });
    const [p1, p2, p3] = [
      await createUser(db, { surname: "Нэгдүгээр" }),
      await createUser(db, { surname: "Хоёрдугаар" }),
      await createUser(db, { surname: "Гуравдугаар" }),
    ];
    for (const u of [p1, p2, p3]) await register(u.id, event.id, { now: new Date(Date.now() - 20 * 24 * 3600_000) });
    const mark = (u: User, session: string, m: "present" | "late" | "absent") =>
      recordMarks(trainerActor(trainer), session, [{ userId: u.id, mark: m, clientId: `m-${crypto.randomUUID()}` }]);
    // p1: both sessions (certified: the lesson was done first); p2: late once, absent once (attended, exactly
    // at the threshold; no lesson, no certificate); p3: absent both (no-show)
    await recordLessonDone(p1.id, blended(), "welcome");
    await mark(p1, event.sessions[0], "present");
    await mark(p1, event.sessions[1], "present");
    await mark(p2, event.sessions[0], "late");
    await mark(p2, event.sessions[1], "absent");
    await mark(p3, event.sessions[0], "absent");
    await mark(p3, event.sessions[1], "absent");
    // a certificate from before the event does not count as "afterwards"
    await issueCertificate(p3.id, blended(), { now: new Date(Date.now() - 400 * 24 * 3600_000) });
    // an event in aimag B the coordinator of A must not see
    const other = await planEvent(trainer, { aimag: AIMAG_B, start: new Date(Date.now() - 10 * 24 * 3600_000), campaignId: campaign });
    await register((await createUser(db, { aimagCode: AIMAG_B })).id, other.id, { now: new Date(Date.now() - 20 * 24 * 3600_000) });

    const [byEvent] = await eventReport({ aimags: "all", eventId: event.id }, "event", new Date());
    expect(byEvent).toEqual({ key: event.id, registered: 3, attended: 2, noShows: 1, certified: 1 });
    const byAudience = await eventReport({ aimags: "all", eventId: event.id }, "audience", new Date());
    expect(byAudience.map((r) => r.key).sort()).toEqual(["citizen", "khurdan_tseg"]);
    for (const r of byAudience) expect(r.registered).toBe(3);

    // the page, for the administrator, grouped by campaign: both events
    const page = async (cookie: string, query: string) => {
      const res = await settle(async () => (await reportRoute.loader(args(get(`/admin/reports/events?${query}`, { cookie })))) as Response);
      return {
        status: res.status,
        body:
          res.status === 200
            ? ((await res.json()) as { rows: { key: string; registered: string; attended: string; noShows: string; certified: string }[] })
            : null,
      };
    };
    const adminCookie = await sessionCookieFor(admin.id);
    const all = await page(adminCookie, `campaign=${campaign}&by=campaign`);
    expect(all.body!.rows).toEqual([expect.objectContaining({ key: campaign, registered: "4", attended: "2", noShows: "2", certified: "1" })]);
    // coordinator A: their aimag only; coordinator B sees nothing of aimag A
    const a = await page(await sessionCookieFor(coordinatorA.id), `campaign=${campaign}&by=campaign`);
    expect(a.body!.rows).toEqual([expect.objectContaining({ registered: "3", attended: "2", noShows: "1", certified: "1" })]);
    const b = await page(await sessionCookieFor(coordinatorB.id), `campaign=${campaign}&by=event`);
    expect(b.body!.rows.map((r) => r.key)).toEqual([other.id]);
    expect((await page(await sessionCookieFor(coordinatorB.id), `aimag=${AIMAG_A}`)).status).toBe(403);
    expect((await page(await sessionCookieFor(learner.id), "")).status).toBe(403);

    // CSV, read back by csv-parse: BOM, Mongolian headers, the numbers
    const download = async (query: string, cookie = adminCookie) => {
      const res = await settle(async () => exportRoute.loader(args(get(`/admin/reports/events/export?${query}`, { cookie }))));
      expect(res.status).toBe(200);
      return { res, bytes: Buffer.from(await res.arrayBuffer()) };
    };
    const csv = await download(`event=${event.id}&by=event&format=csv`);
    expect(csv.res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(csv.bytes.toString("utf8").slice(1)) as string[][];
    expect(rows[0]).toEqual(["Арга хэмжээ", "Бүртгүүлсэн", "Ирсэн", "Ирээгүй", "Дараа нь гэрчилгээ авсан"]);
    expect(rows[1].slice(1)).toEqual(["3", "2", "1", "1"]);
    expect(rows[2]).toEqual(["Нийт", "3", "2", "1", "1"]);

    // .xlsx, read back by exceljs: headers, and numbers as numbers
    const xlsx = await download(`event=${event.id}&by=audience&format=xlsx`);
    expect(xlsx.res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, "Зорилтот бүлэг", "Бүртгүүлсэн", "Ирсэн", "Ирээгүй", "Дараа нь гэрчилгээ авсан"]);
    const values = [2, 3].map((n) => sheet.getRow(n).values as unknown[]);
    expect(values.map((v) => v[1]).sort()).toEqual(["Иргэн", "Хурдан цэгийн албан хаагч"]);
    for (const v of values) expect(v.slice(2)).toEqual([3, 2, 1, 1]);
    expect(sheet.getRow(4).values).toEqual([undefined, "Нийт", 3, 2, 1, 1]);

    // the detail rows: one per registrant, with sessions attended and the certificate serial
    const detail = await download(`event=${event.id}&format=xlsx&detail=1`);
    const detailBook = new ExcelJS.Workbook();
    await detailBook.xlsx.load(detail.bytes as unknown as ArrayBuffer);
    const ds = detailBook.worksheets[0];
    expect(ds.rowCount).toBe(4);
    const head = ds.getRow(1).values as unknown[];
    expect(head).toContain("Гэрчилгээний дугаар");
    const bySurname = Object.fromEntries([2, 3, 4].map((n) => ds.getRow(n).values as unknown[]).map((v) => [v[3], v]));
    const cert = (await latestCertificate(p1.id, "blended"))!;
    expect(bySurname["Нэгдүгээр"].slice(10)).toEqual([2, 2, "Тийм", cert.serial]);
    expect(bySurname["Хоёрдугаар"].slice(10, 13)).toEqual([1, 2, "Тийм"]);
    expect(bySurname["Гуравдугаар"].slice(10, 13)).toEqual([0, 2, "Үгүй"]);
    const detailCsv = parse((await download(`event=${event.id}&format=csv&detail=1`)).bytes.toString("utf8").slice(1)) as string[][];
    expect(detailCsv).toHaveLength(4);

    // coordinator B's export of everything holds nothing of aimag A
    const theirs = parse((await download(`format=csv&detail=1`, await sessionCookieFor(coordinatorB.id))).bytes.toString("utf8").slice(1)) as string[][];
    expect(theirs.flat().join(" ")).not.toContain("Нэгдүгээр");
    expect(theirs.length).toBe(2);
  });
});
