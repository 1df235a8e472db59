import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { recordAudit } from "~/features/audit/audit.server";
import { getCatalogue } from "~/features/content/content.server";
import { createUser } from "../../db/factories";
import { args, get, sessionCookieFor, settle } from "../../tests/helpers";
import { loader } from "./admin.audit";

describe("audit log page", () => {
  it("shows administrators the newest entries first, filtered by kind and by who did it", async () => {
    const admin = await createUser(db, { surname: "Аудитор", roles: [{ role: "admin" }] });
    const other = await createUser(db, { surname: "Өөр", roles: [{ role: "admin" }] });
    await recordAudit({ actorId: admin.id, action: "certificate.revoke", targetType: "certificate", targetId: "c1", detail: { reason: "алдаа" } });
    await new Promise((r) => setTimeout(r, 5));
    await recordAudit({ actorId: other.id, action: "user.roles", targetType: "user", targetId: admin.id });
    const cookie = await sessionCookieFor(admin.id);
    const all = await (await settle(() => loader(args(get("/admin/audit", { cookie }))))).json();
    expect(all.entries.slice(0, 2).map((e: any) => e.action)).toEqual(["user.roles", "certificate.revoke"]);
    const certs = await (await settle(() => loader(args(get("/admin/audit?category=certificate", { cookie }))))).json();
    expect(certs.entries.every((e: any) => e.action.startsWith("certificate."))).toBe(true);
    expect(certs.entries[0].sentence).toContain("«алдаа»");
    const byActor = await (await settle(() => loader(args(get(`/admin/audit?actor=${encodeURIComponent("өөр")}`, { cookie }))))).json();
    expect(byActor.entries.map((e: any) => e.actor.id)).toEqual([other.id]);
  });

  it("says in words who did what to whom, names and titles looked up, in the reader's language", async () => {
    const admin = await createUser(db, { surname: "Ганбаатар", givenName: "Сарангэрэл", roles: [{ role: "admin" }] });
    const coord = await createUser(db, { surname: "Батын", givenName: "Болд", aimagCode: "MN-069", roles: [{ role: "coordinator", aimag_code: "MN-069" }] });
    const learners = await Promise.all(
      [
        ["Гомбо", "Дорж"],
        ["Болд", "Сараа"],
        ["Нямаа", "Бат"],
        ["Өлзий", "Түвшин"],
      ].map(([surname, givenName]) => createUser(db, { surname, givenName })),
    );
    const course = getCatalogue().courses.find((c) => c.slug === "ict-cyber-hygiene")!;
    await recordAudit({
      actorId: coord.id,
      action: "enrolment.assign.xlsx",
      targetType: "course",
      targetId: course.slug,
      detail: { count: 12, userIds: learners.map((l) => l.id), dueAt: "2027-03-31T15:59:59.000Z" },
    });
    const cookie = await sessionCookieFor(admin.id);
    const page = async (lng: string) =>
      (await (await settle(() => loader(args(get(`/admin/audit?category=enrolment&lng=${lng}`, { cookie }))))).json()).entries;
    const [mn] = await page("mn");
    expect(mn.sentence.replace(/\u00a0/g, " ")).toBe(
      `Б. Болд Excel файлаар «${course.meta.title.mn}» сургалтад 12 суралцагч хуваарилсан (дуусгах хугацаа 2027.03.31): Г. Дорж, Б. Сараа, Н. Бат болон бусад 9.`,
    );
    const [en] = await page("en");
    expect(en.sentence.replace(/\u00a0/g, " ")).toBe(
      `Б. Болд assigned 12 learners to «${course.meta.title.en}» from an Excel file (due 31/03/2027): Г. Дорж, Б. Сараа, Н. Бат and 9 more.`,
    );
    expect(en).not.toHaveProperty("detail");
    // nothing on the page is raw JSON, whatever the entries hold
    await recordAudit({ actorId: admin.id, action: "something.new", targetType: "thing", targetId: "t1", detail: { a: { b: [1, 2] }, text: "x" } });
    const all = await (await settle(() => loader(args(get("/admin/audit", { cookie }))))).json();
    for (const e of all.entries) expect(e.sentence, e.action).not.toMatch(/[{}[\]"]/);
  });

  it("is for administrators only", async () => {
    const coord = await createUser(db, { aimagCode: "MN-069", roles: [{ role: "coordinator", aimag_code: "MN-069" }] });
    const cookie = await sessionCookieFor(coord.id);
    const res = await settle(() => loader(args(get("/admin/audit", { cookie }))));
    expect(res.status).toBe(403);
  });
});
