// The learner-by-learner report and the CSV exports, against the real database.
import { parse as parseCsv } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { issueCertificate } from "~/features/certificates/certificates.server";
import { findCourse } from "~/features/content/content.server";
import { enrol, markLessonDone, setEnrolmentCompleted } from "~/features/enrolment/repository.server";
import { createUser } from "../../db/factories";
import { args, get, post, sessionCookieFor, settle } from "../../tests/helpers";
import { loader as summaryLoader } from "./admin.reports._index";
import { loader as exportLoader } from "./admin.reports.export";
import { loader } from "./admin.reports.learners";
import { action as courseAction } from "./courses.$course._index";

const COURSE = "ict-cyber-hygiene";
const OTHER = "MN-061"; // Dornod: somebody else's learners

async function gradedExam(userId: string, percent: number, passed: boolean, attemptNo = 1) {
  const now = new Date().toISOString();
  await db
    .insertInto("quiz_attempt")
    .values({
      id: crypto.randomUUID(),
      user_id: userId,
      course_slug: COURSE,
      quiz_slug: "final-exam",
      kind: "exam",
      attempt_no: attemptNo,
      status: "graded",
      language: "mn",
      questions: "[]",
      started_at: now,
      deadline_at: null,
      submitted_at: now,
      graded_at: now,
      auto_submitted: 0,
      score: percent,
      max_score: 100,
      percent,
      passed: passed ? 1 : 0,
      grades: "[]",
    })
    .execute();
}

/** Four learners in the aimag, one in each status, and one in Dornod. Each test takes its own aimag. */
async function scenario(AIMAG: string) {
  const coord = await createUser(db, { aimagCode: AIMAG, roles: [{ role: "coordinator", aimag_code: AIMAG }] });
  const overdue = await createUser(db, { aimagCode: AIMAG, surname: "Өлзий", givenName: "Сарнай" });
  const started = await createUser(db, { aimagCode: AIMAG, surname: "Батаа", givenName: "Үүрцайх" });
  const fresh = await createUser(db, { aimagCode: AIMAG, surname: '=HYPERLINK("http://x")', givenName: "Ганаа" });
  const done = await createUser(db, { aimagCode: AIMAG, surname: "Дорж", givenName: "Түвшин" });
  const elsewhere = await createUser(db, { aimagCode: OTHER, surname: "Гадны", givenName: "Хүн" });
  await enrol(overdue.id, COURSE, { by: coord.id, dueAt: "2020-01-01T00:00:00.000Z" });
  for (const u of [started, fresh, done, elsewhere]) await enrol(u.id, COURSE);
  await markLessonDone(started.id, COURSE, "device-updates-and-protection");
  await gradedExam(started.id, 40, false);
  await gradedExam(started.id, 65, false, 2);
  await gradedExam(done.id, 90, true);
  const e = await db.selectFrom("enrolment").select("id").where("user_id", "=", done.id).executeTakeFirstOrThrow();
  await setEnrolmentCompleted(e.id, new Date().toISOString());
  const cert = await issueCertificate(done.id, findCourse(COURSE, { canPreview: true })!);
  return { coord, overdue, started, fresh, done, elsewhere, cert };
}

describe("learner report", () => {
  it("lists a coordinator's own learners with status, progress, best exam score and certificate", async () => {
    const s = await scenario("MN-057");
    const cookie = await sessionCookieFor(s.coord.id);
    const body = await (await settle(() => loader(args(get(`/admin/reports/learners?course=${COURSE}`, { cookie }))))).json();
    const ids = body.learners.map((l: any) => l.userId);
    expect(ids).not.toContain(s.elsewhere.id);
    // in name order (the database's collation), whatever their status
    expect([...ids].sort()).toEqual([s.overdue.id, s.started.id, s.fresh.id, s.done.id].sort());
    const byUser = new Map(body.learners.map((l: any) => [l.userId, l]));
    expect(byUser.get(s.overdue.id)).toMatchObject({ status: "overdue", due: "2020.01.01", exam: null });
    expect(byUser.get(s.started.id)).toMatchObject({ status: "in_progress", exam: { percent: "65", attempts: 2, passed: false } });
    expect((byUser.get(s.started.id) as any).lessons.done).toBe(1);
    expect((byUser.get(s.started.id) as any).percent).toBeGreaterThan(0);
    expect(byUser.get(s.fresh.id)).toMatchObject({ status: "not_started", percent: 0 });
    expect(byUser.get(s.done.id)).toMatchObject({ status: "completed", percent: 100, certificate: s.cert.serial, exam: { percent: "90", passed: true } });
    expect(body.counts.overdue.n).toBe("1");
    expect(body.counts.completed.n).toBe("1");
  });

  it("filters by status and finds a Cyrillic name whatever its case", async () => {
    const s = await scenario("MN-059");
    const cookie = await sessionCookieFor(s.coord.id);
    const overdue = await (await settle(() => loader(args(get(`/admin/reports/learners?course=${COURSE}&status=overdue`, { cookie }))))).json();
    expect(overdue.learners.map((l: any) => l.userId)).toEqual([s.overdue.id]);
    const search = await (await settle(() => loader(args(get(`/admin/reports/learners?q=${encodeURIComponent("өлзИЙ")}`, { cookie }))))).json();
    expect(search.learners.map((l: any) => l.userId)).toEqual([s.overdue.id]);
    const percent = await (await settle(() => loader(args(get(`/admin/reports/learners?q=${encodeURIComponent("%")}`, { cookie }))))).json();
    expect(percent.learners).toEqual([]); // a wildcard typed in the box is a character, not "everything"
    // the start of each word: "Ба Үү" finds Батаа Үүрцайх, the middle of a name finds nobody
    const twoWords = await (await settle(() => loader(args(get(`/admin/reports/learners?q=${encodeURIComponent("ба үү")}`, { cookie }))))).json();
    expect(twoWords.learners.map((l: any) => l.userId)).toEqual([s.started.id]);
    const middle = await (await settle(() => loader(args(get(`/admin/reports/learners?q=${encodeURIComponent("лзий")}`, { cookie }))))).json();
    expect(middle.learners).toEqual([]);
  });

  it("pages through fifty at a time, forwards and back, by cursor", async () => {
    const coord = await createUser(db, { aimagCode: "MN-039", roles: [{ role: "coordinator", aimag_code: "MN-039" }] });
    for (let i = 0; i < 53; i++) await enrol((await createUser(db, { aimagCode: "MN-039", surname: `Суралцагч${String(i).padStart(2, "0")}` })).id, COURSE);
    const cookie = await sessionCookieFor(coord.id);
    const first = await (await settle(() => loader(args(get("/admin/reports/learners", { cookie }))))).json();
    expect(first.learners).toHaveLength(50);
    expect(first.matching).toBe("53");
    expect(first.previous).toBeNull();
    expect(first.next).toMatch(/after=/);
    const second = await (await settle(() => loader(args(get(`/admin/reports/learners${first.next}`, { cookie }))))).json();
    expect(second.learners).toHaveLength(3);
    expect(second.next).toBeNull();
    const all = new Set([...first.learners, ...second.learners].map((l: any) => l.userId));
    expect(all.size).toBe(53);
    // back from the second page: the first page again
    const back = await (await settle(() => loader(args(get(`/admin/reports/learners${second.previous}`, { cookie }))))).json();
    expect(back.learners.map((l: any) => l.userId)).toEqual(first.learners.map((l: any) => l.userId));
    expect(back.previous).toBeNull();
    // a cursor that is not one is ignored: the first page
    const junk = await (await settle(() => loader(args(get("/admin/reports/learners?after=%E2%80%A6not-base64", { cookie }))))).json();
    expect(junk.learners.map((l: any) => l.userId)).toEqual(first.learners.map((l: any) => l.userId));
  });

  it("keeps a learner who left an assigned course on the coordinator's list as withdrawn, audited, until they come back", async () => {
    const s = await scenario("MN-046");
    const leaver = await sessionCookieFor(s.overdue.id);
    const left = await settle(() => courseAction(args(post(`/courses/${COURSE}`, { intent: "unenrol" }, { cookie: leaver }), { course: COURSE })));
    expect(left.status).toBe(302);
    const cookie = await sessionCookieFor(s.coord.id);
    const list = await (await settle(() => loader(args(get(`/admin/reports/learners?course=${COURSE}`, { cookie }))))).json();
    expect(list.learners.map((l: any) => [l.userId, l.status])).toContainEqual([s.overdue.id, "withdrawn"]);
    expect(list.counts.withdrawn.n).toBe("1");
    const filtered = await (await settle(() => loader(args(get(`/admin/reports/learners?course=${COURSE}&status=withdrawn`, { cookie }))))).json();
    expect(filtered.learners.map((l: any) => l.userId)).toEqual([s.overdue.id]);
    const summary = await (await settle(() => summaryLoader(args(get(`/admin/reports?course=${COURSE}`, { cookie }))))).json();
    expect(summary.total.cells).toMatchObject({ enrolled: "4", overdue: "0" });
    const audit = await db.selectFrom("audit_log").selectAll().where("actor_id", "=", s.overdue.id).where("action", "=", "enrolment.withdraw").execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].detail!)).toMatchObject({ course: COURSE, assignedBy: s.coord.id, dueAt: "2020-01-01T00:00:00.000Z" });
    // coming back restores the assignment and its due date: leaving cannot shed a deadline
    await settle(() => courseAction(args(post(`/courses/${COURSE}`, { intent: "enrol" }, { cookie: leaver }), { course: COURSE })));
    const back = await (await settle(() => loader(args(get(`/admin/reports/learners?course=${COURSE}&status=overdue`, { cookie }))))).json();
    expect(back.learners.map((l: any) => l.userId)).toEqual([s.overdue.id]);
    expect(await db.selectFrom("audit_log").select("id").where("actor_id", "=", s.overdue.id).where("action", "=", "enrolment.rejoin").execute()).toHaveLength(
      1,
    );
  });

  it("refuses another aimag to a coordinator and the whole report to a learner", async () => {
    const s = await scenario("MN-063");
    const cookie = await sessionCookieFor(s.coord.id);
    expect((await settle(() => loader(args(get(`/admin/reports/learners?aimag=${OTHER}`, { cookie }))))).status).toBe(403);
    expect((await settle(() => exportLoader(args(get(`/admin/reports/export?view=learners&aimag=${OTHER}`, { cookie }))))).status).toBe(403);
    const learner = await sessionCookieFor(s.started.id);
    expect((await settle(() => loader(args(get("/admin/reports/learners", { cookie: learner }))))).status).toBe(403);
    expect((await settle(() => exportLoader(args(get("/admin/reports/export", { cookie: learner }))))).status).toBe(403);
  });
});

describe("CSV export", () => {
  const parse = (text: string) =>
    text
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");

  it("gives a coordinator their learners, Mongolian headers, formulas made inert, and is audited", async () => {
    const s = await scenario("MN-064");
    const cookie = await sessionCookieFor(s.coord.id);
    const res = await settle(() => exportLoader(args(get(`/admin/reports/export?view=learners&course=${COURSE}`, { cookie }))));
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="erdem-learners-ict-cyber-hygiene-MN-064-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the byte-order mark Excel needs for UTF-8
    const text = new TextDecoder().decode(bytes);
    const lines = parse(text);
    expect(lines[0].split(",").slice(0, 3)).toEqual(["Овог", "Нэр", "Цахим шуудан"]);
    expect(lines).toHaveLength(5); // header + the aimag's four learners
    expect(text).not.toContain("Гадны");
    const formula = lines.find((l) => l.includes("HYPERLINK"))!;
    expect(formula.startsWith(`"'=HYPERLINK`)).toBe(true);
    const completed = lines.find((l) => l.startsWith("Дорж,Түвшин"))!;
    expect(completed).toContain(",Дууссан,100,");
    expect(completed.endsWith(s.cert.serial)).toBe(true);
    const audit = await db.selectFrom("audit_log").selectAll().where("actor_id", "=", s.coord.id).where("action", "=", "report.export.learners").execute();
    expect(audit).toHaveLength(1);
  });

  it("exports the summary with a total row, in English when the reader reads English", async () => {
    const s = await scenario("MN-065");
    const cookie = await sessionCookieFor(s.coord.id);
    const res = await settle(() => exportLoader(args(get(`/admin/reports/export?view=summary&course=${COURSE}&lng=en`, { cookie }))));
    const rows: string[][] = parseCsv((await res.text()).replace(/^\uFEFF/, ""));
    expect(rows[0]).toEqual([
      "Sum or district",
      "Learners",
      "Active in 30 days",
      "Enrolled",
      "Started",
      "Completed",
      "Completion, %",
      "Exam passed, %",
      "Average score",
      "Valid certificates",
      "Expiring in 90 days",
      "Expired",
      "Overdue",
      "Left",
    ]);
    // the coordinator and four learners live there; two did something lately; of the four enrolled
    // two began, one completed (a quarter), one of the two exam takers passed (best scores 65 and 90)
    expect(rows.at(-1)).toEqual(["Total", "5", "2", "4", "2", "1", "0.25", "0.5", "77.5", "1", "0", "0", "1", "0"]);
    // every sum of the aimag is a row, those where nobody is enrolled too
    const sums = await db.selectFrom("sum").select("id").where("aimag_code", "=", "MN-065").execute();
    expect(rows).toHaveLength(1 + sums.length + 1);
  });
});
