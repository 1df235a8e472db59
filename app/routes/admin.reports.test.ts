import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { enrol, markLessonDone, setEnrolmentCompleted } from "~/features/enrolment/repository.server";
import { createUser } from "../../db/factories";
import { args, get, sessionCookieFor, settle } from "../../tests/helpers";
import { loader } from "./admin.reports._index";

const COURSE = "internal-operations-system";

describe("learning reports", () => {
  it("count by where learners were when they enrolled, even after they move", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const a = await createUser(db, { aimagCode: "MN-046" }); // Uvs
    const b = await createUser(db, { aimagCode: "MN-046" });
    const c = await createUser(db, { aimagCode: "MN-035" }); // Orkhon
    for (const u of [a, b, c]) await enrol(u.id, COURSE);
    await markLessonDone(a.id, COURSE, "what-the-system-covers");
    const ea = await db.selectFrom("enrolment").select("id").where("user_id", "=", a.id).executeTakeFirstOrThrow();
    await setEnrolmentCompleted(ea.id, new Date().toISOString());
    // b moves to Orkhon after enrolling: still counted in Uvs
    await db.updateTable("users").set({ aimag_code: "MN-035", sum_id: c.sumId }).where("id", "=", b.id).execute();

    const cookie = await sessionCookieFor(admin.id);
    const body = await (await settle(() => loader(args(get(`/admin/reports?course=${COURSE}`, { cookie }))))).json();
    const uvs = body.rows.find((r: any) => r.key === "MN-046");
    const orkhon = body.rows.find((r: any) => r.key === "MN-035");
    expect(uvs).toMatchObject({ name: "Увс", nobody: false, cells: { enrolled: "2", completed: "1", completionRate: "50%", overdue: "0" } });
    expect(orkhon.cells).toMatchObject({ enrolled: "1", completed: "0" });
    // every aimag and the capital are listed, on the map too; those with nobody enrolled are marked
    expect(body.rows).toHaveLength(22);
    expect(body.map).toHaveLength(22);
    expect(body.rows.filter((r: any) => r.nobody).length).toBe(body.nobody);
    expect(uvs.links.completed).toBe(`/admin/reports/learners?course=${COURSE}&aimag=MN-046&status=completed`);
    const bySum = await (await settle(() => loader(args(get(`/admin/reports?course=${COURSE}&aimag=MN-046`, { cookie }))))).json();
    expect(bySum.filter.by).toBe("sum");
    expect(bySum.map).toBeNull();
    const sums = await db.selectFrom("sum").select("id").where("aimag_code", "=", "MN-046").execute();
    expect(bySum.rows).toHaveLength(sums.length); // every sum of Uvs, the empty ones too
    expect(bySum.rows.find((r: any) => r.key === a.sumId)).toMatchObject({ nobody: false, cells: { enrolled: "2" } });
    expect(bySum.rows.filter((r: any) => r.nobody)).toHaveLength(sums.length - 1);
  });

  it("keep a coordinator inside their aimag", async () => {
    const coord = await createUser(db, { aimagCode: "MN-051", roles: [{ role: "coordinator", aimag_code: "MN-051" }] });
    const mine = await createUser(db, { aimagCode: "MN-051" });
    const other = await createUser(db, { aimagCode: "MN-053" });
    await enrol(mine.id, COURSE);
    await enrol(other.id, COURSE);
    const cookie = await sessionCookieFor(coord.id);
    const body = await (await settle(() => loader(args(get("/admin/reports", { cookie }))))).json();
    expect(body.filter).toMatchObject({ aimag: "MN-051", by: "sum" });
    const sums = await db.selectFrom("sum").select("id").where("aimag_code", "=", "MN-051").execute();
    expect(body.rows.map((r: any) => r.key).sort()).toEqual(sums.map((x) => x.id).sort());
    expect(body.total.cells.enrolled).toBe("1"); // the learner of another aimag is not counted
    expect((await settle(() => loader(args(get("/admin/reports?aimag=MN-053", { cookie }))))).status).toBe(403);
    const learner = await sessionCookieFor(mine.id);
    expect((await settle(() => loader(args(get("/admin/reports", { cookie: learner }))))).status).toBe(403);
  });
});
