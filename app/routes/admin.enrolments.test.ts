import ExcelJS from "exceljs";
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
    // the learners are named (by id) in the order of the file; their due dates differ
    expect(audit.map((r) => JSON.parse(r.detail!))).toEqual([{ count: 2, userIds: [a.id, b.id], dueVaries: true }]);
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

  it("reads an Excel workbook: date cells, serial numbers and typed dates, the same row problems, one audited transaction", async () => {
    const coord = await createUser(db, { aimagCode: "MN-061", roles: [{ role: "coordinator", aimag_code: "MN-061" }] });
    const cookie = await sessionCookieFor(coord.id);
    const people = await Promise.all([0, 1, 2, 3, 4].map(() => createUser(db, { aimagCode: "MN-061" })));
    const foreign = await createUser(db, { aimagCode: "MN-037" });
    const serial = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000 + 25_569;
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet("Жагсаалт");
    sheet.addRows([
      ["Нэр", "Цахим шуудан", "Дуусгах хугацаа"],
      ["Нэг", people[0].email, new Date(Date.UTC(NEXT_YEAR, 2, 31))],
      ["Хоёр", people[1].email.toUpperCase(), serial(NEXT_YEAR, 3, 31)],
      ["Гурав", people[2].email, `31.03.${NEXT_YEAR}`],
      ["Дөрөв", { text: people[3].email, hyperlink: `mailto:${people[3].email}` }, `31/03/${NEXT_YEAR}`],
      ["Тав", people[4].email, `${NEXT_YEAR}-03-31`],
      ["Гадны", foreign.email, ""],
      ["Давхар", people[0].email, ""],
      ["Буруу", "nobody@example.mn", "2020-01-01"],
    ]);
    const upload = (file: Uint8Array<ArrayBuffer>, name: string) => {
      const form = new FormData();
      form.set("intent", "csv-preview");
      form.set("course", COURSE);
      form.set("file", new File([file], name));
      return new Request("http://localhost/admin/enrolments", { method: "POST", body: form, headers: { Cookie: cookie, Origin: "http://localhost" } });
    };
    // the name says CSV; the content is a workbook, and that is what counts
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const preview = await (await settle(() => action(args(upload(bytes, "learners.csv"))))).json();
    expect(preview).toMatchObject({ format: "xlsx", sheet: "Жагсаалт", csvText: "" });
    expect(preview.rows.map((r: any) => [r.line, r.problem, r.dueAt])).toEqual([
      [2, null, `${NEXT_YEAR}-03-31T15:59:59.000Z`],
      [3, null, `${NEXT_YEAR}-03-31T15:59:59.000Z`],
      [4, null, `${NEXT_YEAR}-03-31T15:59:59.000Z`],
      [5, null, `${NEXT_YEAR}-03-31T15:59:59.000Z`],
      [6, null, `${NEXT_YEAR}-03-31T15:59:59.000Z`],
      [7, "wrongAimag", null],
      [8, "duplicate", null],
      [9, "pastDate", null],
    ]);
    for (const p of people) expect(await enrolmentsOf(p.id)).toHaveLength(0);
    // confirming sends back the rows the preview showed; they are checked again
    const rows = JSON.stringify(preview.rows.map((r: any) => ({ line: r.line, email: r.email, due: r.due })));
    const confirm = await settle(() => action(args(post("/admin/enrolments", { intent: "csv-confirm", course: COURSE, rows }, { cookie }))));
    expect(confirm.status).toBe(302);
    for (const p of people) expect((await enrolmentsOf(p.id))[0]).toMatchObject({ due_at: `${NEXT_YEAR}-03-31T15:59:59.000Z`, enrolled_by: coord.id });
    expect(await enrolmentsOf(foreign.id)).toHaveLength(0);
    const audit = await db.selectFrom("audit_log").selectAll().where("actor_id", "=", coord.id).execute();
    expect(audit.map((r) => [r.action, JSON.parse(r.detail!)])).toEqual([
      ["enrolment.assign.xlsx", { count: 5, userIds: people.map((p) => p.id), dueAt: `${NEXT_YEAR}-03-31T15:59:59.000Z` }],
    ]);
    // tampered rows are refused, not half-read
    const bad = await settle(() => action(args(post("/admin/enrolments", { intent: "csv-confirm", course: COURSE, rows: '[{"line":"x"}]' }, { cookie }))));
    expect(bad.status).toBe(400);
    // an old .xls is refused by what it is, whatever its name
    const xls = await settle(() => action(args(upload(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), "learners.xlsx"))));
    expect(xls.status).toBe(400);
    expect((await xls.json()).error).toBe("assign.oldExcel");
  });

  it("finds people by the start of their name within the coordinator's aimag and enrols those picked", async () => {
    const t = Math.random().toString(36).slice(2, 7);
    const coord = await createUser(db, { aimagCode: "MN-065", roles: [{ role: "coordinator", aimag_code: "MN-065" }] });
    const cookie = await sessionCookieFor(coord.id);
    const batbold = await createUser(db, { aimagCode: "MN-065", surname: "Дорж", givenName: `Батболд${t}` });
    const batsukh = await createUser(db, { aimagCode: "MN-065", surname: `Батсүх${t}`, givenName: "Сараа" });
    const away = await createUser(db, { aimagCode: "MN-037", surname: `Батсүх${t}`, givenName: "Гадны" });
    const page = await (await settle(() => loader(args(get(`/admin/enrolments?course=${COURSE}&q=${encodeURIComponent(`БАТ`)}`, { cookie }))))).json();
    const ids = page.search.people.map((p: any) => p.id);
    expect(ids).toEqual(expect.arrayContaining([batbold.id, batsukh.id]));
    expect(ids).not.toContain(away.id);
    expect(page.search.people.find((p: any) => p.id === batbold.id)).toMatchObject({ name: `Дорж Батболд${t}`, email: batbold.email, enrolled: false });
    expect(page.search.people.find((p: any) => p.id === batbold.id).place).toMatch(/, /);

    const due = `31.12.${NEXT_YEAR}`;
    const res = await settle(() =>
      action(args(post("/admin/enrolments", { intent: "pick", course: COURSE, q: "бат", due, userId: [batbold.id, batsukh.id, away.id] }, { cookie }))),
    );
    // the one outside the aimag (an id sent by hand) is left out, as a file's row would be
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/admin/enrolments?course=${COURSE}&q=%D0%B1%D0%B0%D1%82`);
    expect((await enrolmentsOf(batbold.id))[0]).toMatchObject({ due_at: `${NEXT_YEAR}-12-31T15:59:59.000Z`, enrolled_by: coord.id });
    expect(await enrolmentsOf(batsukh.id)).toHaveLength(1);
    expect(await enrolmentsOf(away.id)).toHaveLength(0);
    const [audit] = await db.selectFrom("audit_log").selectAll().where("actor_id", "=", coord.id).execute();
    expect(audit.action).toBe("enrolment.assign.search");
    expect(JSON.parse(audit.detail!)).toEqual({
      count: 2,
      userIds: expect.arrayContaining([batbold.id, batsukh.id]),
      dueAt: `${NEXT_YEAR}-12-31T15:59:59.000Z`,
    });

    // the search now shows them enrolled; picking them again enrols nobody
    const again = await (await settle(() => loader(args(get(`/admin/enrolments?course=${COURSE}&q=${encodeURIComponent(`батболд${t}`)}`, { cookie }))))).json();
    expect(again.search.people).toEqual([expect.objectContaining({ id: batbold.id, enrolled: true })]);
    const twice = await settle(() => action(args(post("/admin/enrolments", { intent: "pick", course: COURSE, userId: batbold.id }, { cookie }))));
    expect(twice.status).toBe(400);
    const none = await settle(() => action(args(post("/admin/enrolments", { intent: "pick", course: COURSE }, { cookie }))));
    expect((await none.json()).error).toBe("assignPick.noneChosen");
    const badDue = await settle(() =>
      action(args(post("/admin/enrolments", { intent: "pick", course: COURSE, userId: batsukh.id, due: "2020-01-01" }, { cookie }))),
    );
    expect((await badDue.json()).error).toBe("assign.pastDate");
  });

  it("hands out the Excel template to those who assign", async () => {
    const { loader: template } = await import("./admin.enrolments_.template[.]xlsx");
    const cookie = await coordinatorOf("MN-069");
    const res = await settle(() => template(args(get("/admin/enrolments/template.xlsx", { cookie }))));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ExcelJS.Buffer);
    expect(wb.worksheets[0].getCell("A1").value).toBe("Цахим шуудан");
    const learner = await sessionCookieFor((await createUser(db)).id);
    expect((await settle(() => template(args(get("/admin/enrolments/template.xlsx", { cookie: learner }))))).status).toBe(403);
  });

  it("rejects an unknown course", async () => {
    const cookie = await coordinatorOf("MN-069");
    const res = await settle(() => action(args(post("/admin/enrolments", { intent: "individual", course: "nope", email: "x@example.mn" }, { cookie }))));
    expect(res.status).toBe(400);
  });
});
