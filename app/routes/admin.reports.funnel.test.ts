// The course funnel and its export: who may read which course's funnel, and that the file holds the
// page's numbers. Against the real database.
import { parse as parseCsv } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { createEvent } from "~/features/events/events.server";
import { enrol, markLessonDone } from "~/features/enrolment/repository.server";
import { createUser } from "../../db/factories";
import { args, get, sessionCookieFor, settle } from "../../tests/helpers";
import { loader as exportLoader } from "./admin.reports.export";
import { loader } from "./admin.reports.funnel";

const COURSE = "ict-cyber-hygiene";
const OTHER_COURSE = "internal-operations-system";
const AIMAG = "MN-041"; // Khövsgöl

/** A trainer of COURSE (through a scheduled event in AIMAG) and two learners there, one of whom started. */
async function scenario() {
  const admin = await createUser(db, { roles: [{ role: "admin", aimag_code: null }] });
  const trainer = await createUser(db, { roles: [{ role: "trainer", aimag_code: null }] });
  const idle = await createUser(db, { roles: [{ role: "trainer", aimag_code: null }] });
  const year = new Date().getUTCFullYear() + 1;
  const created = await createEvent(
    { id: admin.id, roles: [{ role: "admin", aimag_code: null }] },
    {
      campaignId: null,
      titleMn: "Юүлүүрийн сургалт",
      titleEn: "Funnel training",
      aimagCode: AIMAG,
      sumId: null,
      venue: "Танхим",
      audience: ["sum_operator"],
      capacity: 20,
      thresholdPercent: 80,
      courses: [COURSE],
      trainers: [trainer.id],
      sessions: [{ starts_at: `${year}-03-02T01:00:00.000Z`, ends_at: `${year}-03-02T09:00:00.000Z`, self_check_in: true }],
    },
  );
  if (!("id" in created)) throw new Error(created.problem);
  const a = await createUser(db, { aimagCode: AIMAG });
  const b = await createUser(db, { aimagCode: AIMAG });
  await enrol(a.id, COURSE);
  await enrol(b.id, COURSE);
  await markLessonDone(a.id, COURSE, "device-updates-and-protection");
  return { trainer, idle };
}

describe("course funnel", () => {
  it("a trainer reads and exports the funnel of the course they teach, and no other", async () => {
    const { trainer, idle } = await scenario();
    const cookie = await sessionCookieFor(trainer.id);
    const page = await settle(() => loader(args(get("/admin/reports/funnel", { cookie }))));
    expect(page.status).toBe(200);
    const body = await page.json();
    // the only course they teach is chosen for them, for the whole country
    expect(body.filter.course).toBe(COURSE);
    expect(body.courses.map((c: { slug: string }) => c.slug)).toEqual([COURSE]);
    const row = body.report.rows.find((r: { key: string }) => r.key === AIMAG);
    expect(row.steps[0].n).not.toBe("0");
    expect(body.aimags).toHaveLength(22);

    const csv = await settle(() => exportLoader(args(get(body.exports.csv, { cookie }))));
    expect(csv.status).toBe(200);
    const lines = parseCsv((await csv.text()).replace(/^\uFEFF/, ""), { relax_column_count: true }) as string[][];
    expect(lines).toHaveLength(1 + 22 + 1); // header, every aimag, total
    const exported = lines.find((l) => l[0] === row.name)!;
    expect(exported.slice(1, 3).map(Number)).toEqual([Number(row.steps[0].n), Number(row.steps[1].n)]);

    // another course's funnel, the learner views and a trainer of nothing are refused
    expect((await settle(() => loader(args(get(`/admin/reports/funnel?course=${OTHER_COURSE}`, { cookie }))))).status).toBe(403);
    expect((await settle(() => exportLoader(args(get(`/admin/reports/export?view=funnel&course=${OTHER_COURSE}`, { cookie }))))).status).toBe(403);
    expect((await settle(() => exportLoader(args(get(`/admin/reports/export?view=learners&course=${COURSE}`, { cookie }))))).status).toBe(403);
    expect((await settle(() => exportLoader(args(get(`/admin/reports/export?view=summary`, { cookie }))))).status).toBe(403);
    const other = await sessionCookieFor(idle.id);
    expect((await settle(() => loader(args(get("/admin/reports/funnel", { cookie: other }))))).status).toBe(403);
    expect((await settle(() => exportLoader(args(get(`/admin/reports/export?view=funnel&course=${COURSE}`, { cookie: other }))))).status).toBe(403);
  });
});
