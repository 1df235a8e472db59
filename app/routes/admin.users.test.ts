import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { createUser } from "../../db/factories";
import { args, get, sessionCookieFor, settle } from "../../tests/helpers";
import { loader } from "./admin.users._index";

describe("user list", () => {
  it("filters by role and shows staff roles on each row", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const trainer = await createUser(db, { aimagCode: "MN-047", roles: [{ role: "trainer" }, { role: "learner" }] });
    const learner = await createUser(db, { aimagCode: "MN-047", roles: [{ role: "learner" }] });
    const cookie = await sessionCookieFor(admin.id);
    const body = await (await settle(() => loader(args(get("/admin/users?aimag=MN-047&role=trainer", { cookie }))))).json();
    expect(body.users.map((u: any) => u.id)).toEqual([trainer.id]);
    expect(body.users[0].roles).toEqual(["trainer"]); // the learner role goes without saying
    const all = await (await settle(() => loader(args(get("/admin/users?aimag=MN-047", { cookie }))))).json();
    expect(all.users.map((u: any) => u.id).sort()).toEqual([trainer.id, learner.id].sort());
    // an unknown role is ignored rather than an error
    const odd = await settle(() => loader(args(get("/admin/users?aimag=MN-047&role=emperor", { cookie }))));
    expect(odd.status).toBe(200);
  });

  it("narrows to the people of one sum or organisation of the aimag (the dashboards' links)", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const sums = await db.selectFrom("sum").select("id").where("aimag_code", "=", "MN-049").orderBy("sort_order").limit(2).execute();
    const here = await createUser(db, { aimagCode: "MN-049", sumId: sums[1].id });
    const there = await createUser(db, { aimagCode: "MN-049", sumId: sums[0].id });
    const cookie = await sessionCookieFor(admin.id);
    const bySum = await (await settle(() => loader(args(get(`/admin/users?aimag=MN-049&sum=${sums[1].id}`, { cookie }))))).json();
    expect(bySum.users.map((u: any) => u.id)).toContain(here.id);
    expect(bySum.users.map((u: any) => u.id)).not.toContain(there.id);
    expect(bySum.place).not.toBe("");
    const byOrg = await (await settle(() => loader(args(get(`/admin/users?aimag=MN-049&organisation=org-${sums[0].id}`, { cookie }))))).json();
    expect(byOrg.users.map((u: any) => u.id)).toEqual([there.id]);
    // a sum of another aimag is ignored: the whole aimag is listed
    const stray = await (await settle(() => loader(args(get(`/admin/users?aimag=MN-051&sum=${sums[1].id}`, { cookie }))))).json();
    expect(stray.filter.sum).toBe("");
  });
});
