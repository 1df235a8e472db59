// Deny by default: who may reach the administration loaders and actions.
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { createUser } from "../../db/factories";
import { args, get, post, sessionCookieFor, settle } from "../../tests/helpers";
import * as orgs from "./admin.organisations";
import * as sums from "./admin.sums";
import * as users from "./admin.users._index";
import * as userDetail from "./admin.users.$userId";

describe("administration guards", () => {
  it("sends an anonymous visitor to log in", async () => {
    const res = await settle(() => users.loader(args(get("/admin/users"))));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin%2Fusers");
  });

  it("answers 403 to a learner on admin loaders and actions", async () => {
    const learner = await createUser(db);
    const cookie = await sessionCookieFor(learner.id);
    expect((await settle(() => users.loader(args(get("/admin/users", { cookie }))))).status).toBe(403);
    expect((await settle(() => orgs.loader(args(get("/admin/organisations", { cookie }))))).status).toBe(403);
    const add = await settle(() =>
      orgs.action(args(post("/admin/organisations", { intent: "add", nameMn: "Шинэ", nameEn: "New", kind: "agency" }, { cookie }))),
    );
    expect(add.status).toBe(403);
    expect(await db.selectFrom("organisation").select("id").where("name_mn", "=", "Шинэ").execute()).toHaveLength(0);
    const promote = await settle(() =>
      userDetail.action(args(post(`/admin/users/${learner.id}`, { intent: "roles", roles: "admin" }, { cookie }), { userId: learner.id })),
    );
    expect(promote.status).toBe(403);
    const roles = await db.selectFrom("user_role").select("role").where("user_id", "=", learner.id).execute();
    expect(roles.map((r) => r.role)).toEqual(["learner"]);
  });

  it("lets a coordinator read only their own aimag's users", async () => {
    const coordinator = await createUser(db, { aimagCode: "MN-069", roles: [{ role: "coordinator", aimag_code: "MN-069" }] });
    const own = await createUser(db, { aimagCode: "MN-069", surname: "Өөрийн" });
    const foreign = await createUser(db, { aimagCode: "MN-037", surname: "Гадны" });
    const cookie = await sessionCookieFor(coordinator.id);

    const list = await settle(() => users.loader(args(get("/admin/users", { cookie }))));
    expect(list.status).toBe(200);
    const ids = (await list.json()).users.map((u: { id: string }) => u.id);
    expect(ids).toContain(own.id);
    expect(ids).not.toContain(foreign.id);

    expect((await settle(() => users.loader(args(get("/admin/users?aimag=MN-037", { cookie }))))).status).toBe(403);
    expect((await settle(() => userDetail.loader(args(get(`/admin/users/${foreign.id}`, { cookie }), { userId: foreign.id })))).status).toBe(403);
    const ownDetail = await settle(() => userDetail.loader(args(get(`/admin/users/${own.id}`, { cookie }), { userId: own.id })));
    expect(ownDetail.status).toBe(200);
    expect((await ownDetail.json()).canEdit).toBe(false);
    // and cannot change roles even within the aimag
    const res = await settle(() =>
      userDetail.action(args(post(`/admin/users/${own.id}`, { intent: "roles", roles: "admin" }, { cookie }), { userId: own.id })),
    );
    expect(res.status).toBe(403);
    expect((await settle(() => sums.loader(args(get("/admin/sums", { cookie }))))).status).toBe(403);
  });

  it("lets an administrator grant roles, with a coordinator's aimag required", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const target = await createUser(db);
    const cookie = await sessionCookieFor(admin.id);
    const bad = await settle(() =>
      userDetail.action(args(post(`/admin/users/${target.id}`, { intent: "roles", roles: ["learner", "coordinator"] }, { cookie }), { userId: target.id })),
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toEqual(["errors.coordinatorNeedsAimag"]);
    const ok = await settle(() =>
      userDetail.action(
        args(post(`/admin/users/${target.id}`, { intent: "roles", roles: ["learner", "coordinator"], coordinatorAimag: "MN-041" }, { cookie }), {
          userId: target.id,
        }),
      ),
    );
    expect(ok.status).toBe(302);
    const roles = await db.selectFrom("user_role").select(["role", "aimag_code"]).where("user_id", "=", target.id).orderBy("role").execute();
    expect(roles).toEqual([
      { role: "coordinator", aimag_code: "MN-041" },
      { role: "learner", aimag_code: null },
    ]);
    const audit = await db.selectFrom("audit_log").select("action").where("target_id", "=", target.id).execute();
    expect(audit.map((a) => a.action)).toContain("user.roles");
  });

  it("lets an administrator add and rename a sum, refusing a duplicate name", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const cookie = await sessionCookieFor(admin.id);
    const added = await settle(() =>
      sums.action(args(post("/admin/sums", { intent: "add", aimagCode: "MN-064", nameMn: "Шинэсум", nameEn: "Shinesum" }, { cookie }))),
    );
    expect(added.status).toBe(302);
    const row = await db.selectFrom("sum").selectAll().where("name_mn", "=", "Шинэсум").executeTakeFirstOrThrow();
    expect(row.aimag_code).toBe("MN-064");
    const dup = await settle(() =>
      sums.action(args(post("/admin/sums", { intent: "add", aimagCode: "MN-064", nameMn: "Шинэсум", nameEn: "Again" }, { cookie }))),
    );
    expect(dup.status).toBe(400);
    const renamed = await settle(() =>
      sums.action(args(post("/admin/sums", { intent: "rename", sumId: row.id, nameMn: "Өөр нэр", nameEn: "Other name" }, { cookie }))),
    );
    expect(renamed.status).toBe(302);
    expect((await db.selectFrom("sum").select("name_en").where("id", "=", row.id).executeTakeFirstOrThrow()).name_en).toBe("Other name");
  });
});
