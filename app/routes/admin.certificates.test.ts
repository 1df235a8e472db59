// An administrator's offline completion goes through the completion service: the enrolment is
// completed with the certificate, and a learner who already holds a valid one gets no second.
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { createUser } from "../../db/factories";
import { args, post, sessionCookieFor, settle } from "../../tests/helpers";
import { action } from "./admin.certificates";

const COURSE = "ict-cyber-hygiene";

describe("offline certificates", () => {
  it("completes the enrolment with the certificate, and refuses a second valid one with a form message", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const learner = await createUser(db);
    const cookie = await sessionCookieFor(admin.id);
    const form = { intent: "offline", email: learner.email, course: COURSE, reason: "Танхимын сургалт, 2026.11.20" };
    const first = await settle(() => action(args(post("/admin/certificates", form, { cookie }))));
    expect(first.status).toBe(302);
    const enrolment = await db.selectFrom("enrolment").selectAll().where("user_id", "=", learner.id).executeTakeFirstOrThrow();
    expect(enrolment.completed_at).not.toBeNull();
    const again = await settle(() => action(args(post("/admin/certificates", form, { cookie }))));
    expect(again.status).toBe(409);
    expect((await again.json()).errors).toEqual(["adminCertificates.alreadyCertified"]);
    expect(await db.selectFrom("certificate").select("id").where("user_id", "=", learner.id).execute()).toHaveLength(1);
  });
});
