import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { recordAudit } from "~/features/audit/audit.server";
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
    expect(certs.entries[0].detail).toContain("алдаа");
    const byActor = await (await settle(() => loader(args(get(`/admin/audit?actor=${encodeURIComponent("өөр")}`, { cookie }))))).json();
    expect(byActor.entries.map((e: any) => e.actor.id)).toEqual([other.id]);
  });

  it("is for administrators only", async () => {
    const coord = await createUser(db, { aimagCode: "MN-069", roles: [{ role: "coordinator", aimag_code: "MN-069" }] });
    const cookie = await sessionCookieFor(coord.id);
    const res = await settle(() => loader(args(get("/admin/audit", { cookie }))));
    expect(res.status).toBe(403);
  });
});
