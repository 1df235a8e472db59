import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { createUser } from "../../db/factories";
import { args, get, post, sessionCookieFor, settle } from "../../tests/helpers";
import { action, loader } from "./admin.enrolments";

const COURSE = "ict-cyber-hygiene";
const NEXT_YEAR = new Date().getUTCFullYear() + 1;
const DUE = `${NEXT_YEAR}-12-31`;

async function coordinatorOf(aimag: string) {
  const c = await createUser(db, { aimagCode: aimag, roles: [{ role: "coordinator", aimag_code: aimag }] });
  return sessionCookieFor(c.id);
}

const enrolmentsOf = (userId: string) => db.selectFrom("enrolment").selectAll().where("user_id", "=", userId).execute();

describe("assigning learners", () => {
  it("is closed to learners", async () => {
    const l = await createUser(db);
    const cookie = await sessionCookieFor(l.id);
    expect((await settle(() => loader(args(get("/admin/enrolments", { cookie }))))).status).toBe(403);
    expect((await settle(() => action(args(post("/admin/enrolments", { intent: "individual", course: COURSE, email: l.email }, { cookie }))))).status).toBe(
      403,
    );
    expect(await enrolmentsOf(l.id)).toHaveLength(0);
  });

  it("lets a coordinator enrol a learner of their aimag, with a due date, and records where they work", async () => {
    const cookie = await coordinatorOf("MN-069");
    const l = await createUser(db, { aimagCode: "MN-069" });
    const res = await settle(() => action(args(post("/admin/enrolments", { intent: "individual", course: COURSE, email: l.email, due: DUE }, { cookie }))));
    expect(res.status).toBe(302);
    const [e] = await enrolmentsOf(l.id);
    expect(e).toMatchObject({
      course_slug: COURSE,
      status: "active",
      due_at: `${DUE}T15:59:59.000Z`,
      aimag_code: "MN-069",
      sum_id: l.sumId,
      organisation_id: l.organisationId,
    });
    expect(e.enrolled_by).not.toBeNull();
  });

  it("refuses a coordinator enrolling someone from another aimag — one by one, by filter or by CSV", async () => {
    const cookie = await coordinatorOf("MN-069");
    const foreign = await createUser(db, { aimagCode: "MN-037" });
    const one = await settle(() => action(args(post("/admin/enrolments", { intent: "individual", course: COURSE, email: foreign.email }, { cookie }))));
    expect(one.status).toBe(400);
    expect((await one.json()).error).toBe("assign.wrongAimag");
    const filter = await settle(() => action(args(post("/admin/enrolments", { intent: "filter-confirm", course: COURSE, aimag: "MN-037" }, { cookie }))));
    expect(filter.status).toBe(403);
    const csv = await settle(() => action(args(post("/admin/enrolments", { intent: "csv-confirm", course: COURSE, csvText: foreign.email }, { cookie }))));
    expect(csv.status).toBe(400);
    expect(await enrolmentsOf(foreign.id)).toHaveLength(0);
  });

  it("previews a CSV with each row's problem and writes nothing until confirmed", async () => {
    const cookie = await coordinatorOf("MN-041");
    const ok = await createUser(db, { aimagCode: "MN-041" });
    const enrolled = await createUser(db, { aimagCode: "MN-041" });
    const foreign = await createUser(db, { aimagCode: "MN-1" });
    await settle(() => action(args(post("/admin/enrolments", { intent: "individual", course: COURSE, email: enrolled.email }, { cookie }))));
    const csv = [
      "email,due",
      `${ok.email},${DUE}`,
      "nobody@example.mn,",
      `${foreign.email},`,
      `${ok.email.toUpperCase()},`,
      `${enrolled.email},`,
      "not-an-email,",
      `${ok.email.replace("@", "+x@")},${NEXT_YEAR}-02-30`,
    ].join("\n");
    const res = await settle(() => action(args(post("/admin/enrolments", { intent: "csv-preview", course: COURSE, csvText: csv }, { cookie }))));
    const body = await res.json();
    expect(body.rows.map((r: any) => [r.line, r.problem])).toEqual([
      [2, null],
      [3, "unknownEmail"],
      [4, "wrongAimag"],
      [5, "duplicate"],
      [6, "alreadyEnrolled"],
      [7, "badEmail"],
      [8, "badDate"],
    ]);
    expect(await enrolmentsOf(ok.id)).toHaveLength(0);
    const confirm = await settle(() => action(args(post("/admin/enrolments", { intent: "csv-confirm", course: COURSE, csvText: csv }, { cookie }))));
    expect(confirm.status).toBe(302);
    expect(await enrolmentsOf(ok.id)).toHaveLength(1);
    expect(await enrolmentsOf(foreign.id)).toHaveLength(0);
  });

  it("enrols everyone matching a filter within scope, after a preview", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const cookie = await sessionCookieFor(admin.id);
    const ops = [
      await createUser(db, { aimagCode: "MN-064", roles: [{ role: "sum_operator" }] }),
      await createUser(db, { aimagCode: "MN-064", roles: [{ role: "sum_operator" }] }),
    ];
    const other = await createUser(db, { aimagCode: "MN-064" });
    const preview = await (
      await settle(() =>
        action(args(post("/admin/enrolments", { intent: "filter-preview", course: COURSE, aimag: "MN-064", role: "sum_operator" }, { cookie }))),
      )
    ).json();
    expect(preview.count).toBe(2);
    const res = await settle(() =>
      action(args(post("/admin/enrolments", { intent: "filter-confirm", course: COURSE, aimag: "MN-064", role: "sum_operator" }, { cookie }))),
    );
    expect(res.status).toBe(302);
    for (const o of ops) expect(await enrolmentsOf(o.id)).toHaveLength(1);
    expect(await enrolmentsOf(other.id)).toHaveLength(0);
  });

  it("reads an uploaded UTF-16 spreadsheet file with a header, semicolons and quotes, and audits the assignment with it", async () => {
    const coord = await createUser(db, { aimagCode: "MN-043", roles: [{ role: "coordinator", aimag_code: "MN-043" }] });
    const cookie = await sessionCookieFor(coord.id);
    const a = await createUser(db, { aimagCode: "MN-043", email: `email.officer.${NEXT_YEAR}.${Date.now()}@example.mn` });
    const b = await createUser(db, { aimagCode: "MN-043" });
    const text = `Цахим шуудан;Хугацаа\r\n"${a.email}";"${DUE}"\r\n${b.email.toUpperCase()};\r\n`;
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) bytes.set([text.charCodeAt(i) & 0xff, text.charCodeAt(i) >> 8], 2 + i * 2);
    const upload = (intent: string, file: Blob) => {
      const form = new FormData();
      form.set("intent", intent);
      form.set("course", COURSE);
      form.set("file", new File([file], "learners.csv", { type: "text/csv" }));
      return new Request("http://localhost/admin/enrolments", { method: "POST", body: form, headers: { Cookie: cookie, Origin: "http://localhost" } });
    };
    const preview = await (await settle(() => action(args(upload("csv-preview", new Blob([bytes])))))).json();
    expect(preview.rows.map((r: any) => [r.line, r.email, r.problem])).toEqual([
      [2, a.email, null],
      [3, b.email, null],
    ]);
    const confirm = await settle(() =>
      action(args(post("/admin/enrolments", { intent: "csv-confirm", course: COURSE, csvText: preview.csvText }, { cookie }))),
    );
    expect(confirm.status).toBe(302);
    expect((await enrolmentsOf(a.id))[0]).toMatchObject({ due_at: `${DUE}T15:59:59.000Z`, enrolled_by: coord.id });
    expect(await enrolmentsOf(b.id)).toHaveLength(1);
    const audit = await db.selectFrom("audit_log").selectAll().where("actor_id", "=", coord.id).where("action", "=", "enrolment.assign.csv-confirm").execute();
    expect(audit.map((r) => JSON.parse(r.detail!))).toEqual([{ count: 2 }]);
  });

  it("refuses a file it cannot read, saying which row, and a due date in the past or decades ahead", async () => {
    const cookie = await coordinatorOf("MN-046");
    const l = await createUser(db, { aimagCode: "MN-046" });
    const broken = await settle(() =>
      action(args(post("/admin/enrolments", { intent: "csv-preview", course: COURSE, csvText: `${l.email}\n"oops@example.mn,${DUE}\n` }, { cookie }))),
    );
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: "assign.malformed", line: 2 });
    const past = await settle(() =>
      action(args(post("/admin/enrolments", { intent: "individual", course: COURSE, email: l.email, due: "2020-01-01" }, { cookie }))),
    );
    expect((await past.json()).error).toBe("assign.pastDate");
    const far = await settle(() =>
      action(args(post("/admin/enrolments", { intent: "filter-confirm", course: COURSE, aimag: "MN-046", due: `${NEXT_YEAR + 40}-01-01` }, { cookie }))),
    );
    expect((await far.json()).error).toBe("assign.farDate");
    expect(await enrolmentsOf(l.id)).toHaveLength(0);
  });

  it("rejects an unknown course", async () => {
    const cookie = await coordinatorOf("MN-069");
    const res = await settle(() => action(args(post("/admin/enrolments", { intent: "individual", course: "nope", email: "x@example.mn" }, { cookie }))));
    expect(res.status).toBe(400);
  });
});
