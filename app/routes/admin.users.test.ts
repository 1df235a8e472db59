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
});
