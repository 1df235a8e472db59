// One-time password reset links: who may create them, and that a link works once, in time, and
// signs the person out everywhere.

import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { changePassword } from "~/features/auth/auth.server";
import { createResetLink, findResetLink, useResetLink } from "~/features/auth/password-reset.server";
import { createSession, generateSessionToken } from "~/features/auth/session.server";
import { updateProfile } from "~/features/users/repository.server";
import { createUser } from "../../db/factories";
import { args, context, get, post, sessionCookieFor, settle } from "../../tests/helpers";
import { action as userAction, loader as userLoader } from "./admin.users.$userId";
import { action as loginAction } from "./login";
import { action, loader } from "./reset-password.$token";

const setPassword = (token: string, password: string) =>
  settle(() => action(args(post(`/reset-password/${token}`, { newPassword: password, confirmPassword: password }), { token })));
const passwordHashOf = async (userId: string) =>
  (await db.selectFrom("users").select("password_hash").where("id", "=", userId).executeTakeFirstOrThrow()).password_hash;
const linksOf = (userId: string) => db.selectFrom("password_reset").select("id").where("user_id", "=", userId).execute();
const coordinatorOf = (aimag: string) => createUser(db, { aimagCode: aimag, roles: [{ role: "coordinator", aimag_code: aimag }] });
const adminAction = async (adminId: string, userId: string, fields: Record<string, string | string[]>) =>
  settle(async () => userAction(args(post(`/admin/users/${userId}`, fields, { cookie: await sessionCookieFor(adminId) }), { userId })));

const tokenOf = (link: string) => link.split("/reset-password/")[1];

async function linkFor(userId: string, createdBy: string, now?: Date) {
  const created = await createResetLink(userId, createdBy, now);
  if (!created.ok) throw new Error("the link was refused");
  return created;
}

describe("password reset links", () => {
  it("an administrator creates a link; the learner sets a new password once and is signed out elsewhere", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const learner = await createUser(db, { password: "old password 1" });
    await createSession(generateSessionToken(), learner.id);
    const cookie = await sessionCookieFor(admin.id);
    const res = await settle(() => userAction(args(post(`/admin/users/${learner.id}`, { intent: "reset-link" }, { cookie }), { userId: learner.id })));
    const { resetLink } = await res.json();
    expect(resetLink).toMatch(/^http:\/\/localhost\/reset-password\/[a-z2-7]{32}$/);
    const token = tokenOf(resetLink);
    // only the hash is stored
    const stored = await db.selectFrom("password_reset").selectAll().where("user_id", "=", learner.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0].id).not.toContain(token);

    const page = await (await settle(() => loader(args(get(`/reset-password/${token}`), { token })))).json();
    expect(page.email).toBe(learner.email);

    const mismatch = await settle(() => action(args(post(`/reset-password/${token}`, { newPassword: "new password 2", confirmPassword: "other" }), { token })));
    expect(mismatch.status).toBe(400);
    expect((await mismatch.json()).result.error.confirmPassword).toEqual(["errors.passwordMismatch"]); // translated on the page, in the reader's language

    const done = await settle(() =>
      action(args(post(`/reset-password/${token}`, { newPassword: "new password 2", confirmPassword: "new password 2" }), { token })),
    );
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/login");
    const sessions = await db.selectFrom("session").select("id").where("user_id", "=", learner.id).execute();
    expect(sessions).toEqual([]);
    const login = (password: string) => settle(() => loginAction(args(post("/login", { email: learner.email, password }), {}, context("10.7.0.1"))));
    expect((await login("new password 2")).status).toBe(302);

    // the link is spent
    const again = await settle(() =>
      action(args(post(`/reset-password/${token}`, { newPassword: "third password 3", confirmPassword: "third password 3" }), { token })),
    );
    expect(again.status).toBe(410);
    expect((await (await settle(() => loader(args(get(`/reset-password/${token}`), { token })))).json()).email).toBeNull();
  });

  it("expires after 48 hours, and a newer link cancels an older one", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const learner = await createUser(db);
    const t0 = new Date("2026-11-20T00:00:00Z");
    const first = await linkFor(learner.id, admin.id, t0);
    expect(await findResetLink(first.token, new Date("2026-11-21T23:59:00Z"))).toBeTruthy();
    expect(await findResetLink(first.token, new Date("2026-11-22T00:00:01Z"))).toBeUndefined();
    const second = await linkFor(learner.id, admin.id, new Date("2026-11-20T01:00:00Z"));
    expect(await findResetLink(first.token, new Date("2026-11-20T02:00:00Z"))).toBeUndefined();
    expect(await findResetLink(second.token, new Date("2026-11-20T02:00:00Z"))).toBeTruthy();
  });

  it("two submissions racing with one link: exactly one succeeds", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const learner = await createUser(db);
    const { token } = await linkFor(learner.id, admin.id);
    const results = await Promise.all([useResetLink(token, "first password 1"), useResetLink(token, "second password 2")]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("a coordinator may create one for a learner of their aimag only; a learner never", async () => {
    const coord = await createUser(db, { aimagCode: "MN-071", roles: [{ role: "coordinator", aimag_code: "MN-071" }] });
    const mine = await createUser(db, { aimagCode: "MN-071" });
    const trainerHere = await createUser(db, { aimagCode: "MN-071", roles: [{ role: "trainer" }] });
    const elsewhere = await createUser(db, { aimagCode: "MN-073" });
    const cookie = await sessionCookieFor(coord.id);
    const create = (target: string, c = cookie) =>
      settle(() => userAction(args(post(`/admin/users/${target}`, { intent: "reset-link" }, { cookie: c }), { userId: target })));
    expect((await create(mine.id)).status).toBe(200);
    expect((await create(trainerHere.id)).status).toBe(403);
    expect((await create(elsewhere.id)).status).toBe(403);
    const page = await (await settle(() => userLoader(args(get(`/admin/users/${mine.id}`, { cookie }), { userId: mine.id })))).json();
    expect(page.canReset).toBe(true);
    const learnerCookie = await sessionCookieFor(mine.id);
    expect((await create(elsewhere.id, learnerCookie)).status).toBe(403);
  });

  it("an unknown or malformed token shows the 'no longer works' page, never an error", async () => {
    for (const token of ["a".repeat(32), "not-a-token", "'; drop table users; --"]) {
      const res = await settle(() => loader(args(get(`/reset-password/${encodeURIComponent(token)}`), { token })));
      expect(res.status).toBe(200);
      expect((await res.json()).email).toBeNull();
    }
  });

  it("a role change kills the person's links: a coordinator's link cannot take over someone made staff", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const coord = await coordinatorOf("MN-071");
    const learner = await createUser(db, { aimagCode: "MN-071", password: "old password 1" });
    const { token } = await linkFor(learner.id, coord.id);
    const before = await passwordHashOf(learner.id);
    expect((await adminAction(admin.id, learner.id, { intent: "roles", roles: ["learner", "admin"] })).status).toBe(302);
    expect(await linksOf(learner.id)).toEqual([]);
    expect((await setPassword(token, "taken over 1")).status).toBe(410);
    expect(await passwordHashOf(learner.id)).toBe(before);
  });

  it("using a link checks the rule again: a person made staff by any path is out of a coordinator's reach", async () => {
    const coord = await coordinatorOf("MN-071");
    const learner = await createUser(db, { aimagCode: "MN-071" });
    const { token } = await linkFor(learner.id, coord.id);
    // a role granted outside the application (the admin:create script, an SQL console)
    await db
      .insertInto("user_role")
      .values({ user_id: learner.id, role: "admin", aimag_code: null, granted_at: new Date().toISOString(), granted_by: null })
      .execute();
    expect((await (await settle(() => loader(args(get(`/reset-password/${token}`), { token })))).json()).email).toBeNull();
    const before = await passwordHashOf(learner.id);
    expect((await setPassword(token, "taken over 1")).status).toBe(410);
    expect(await passwordHashOf(learner.id)).toBe(before);
  });

  it.each([
    ["loses the coordinator role", async (_: string, coordId: string) => db.deleteFrom("user_role").where("user_id", "=", coordId).execute()],
    [
      "is moved to another aimag",
      async (_: string, coordId: string) => db.updateTable("user_role").set({ aimag_code: "MN-073" }).where("user_id", "=", coordId).execute(),
    ],
    ["is disabled", async (adminId: string, coordId: string) => adminAction(adminId, coordId, { intent: "disable" })],
  ])("a link dies when its creator %s", async (_name, change) => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const coord = await coordinatorOf("MN-071");
    const learner = await createUser(db, { aimagCode: "MN-071" });
    const { token } = await linkFor(learner.id, coord.id);
    await change(admin.id, coord.id);
    expect((await setPassword(token, "new password 1")).status).toBe(410);
  });

  it("disabling the person, moving them to another aimag or their own password change kills their links", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const a = await createUser(db, { aimagCode: "MN-071" });
    await linkFor(a.id, admin.id);
    await createSession(generateSessionToken(), a.id);
    expect((await adminAction(admin.id, a.id, { intent: "disable" })).status).toBe(302);
    expect(await linksOf(a.id)).toEqual([]);
    expect(await db.selectFrom("session").select("id").where("user_id", "=", a.id).execute()).toEqual([]);

    const b = await createUser(db, { aimagCode: "MN-071" });
    const { token } = await linkFor(b.id, admin.id);
    const sum = await db.selectFrom("sum").select("id").where("aimag_code", "=", "MN-073").executeTakeFirstOrThrow();
    const org = await db.selectFrom("organisation").select("id").executeTakeFirstOrThrow();
    const profile = { surname: "Бат", givenName: "Дорж", position: "мэргэжилтэн", organisationId: org.id, sumId: sum.id, locale: "mn" };
    await updateProfile(b.id, {
      ...profile,
      aimagCode: "MN-071",
      sumId: (await db.selectFrom("users").select("sum_id").where("id", "=", b.id).executeTakeFirstOrThrow()).sum_id,
    });
    expect(await findResetLink(token)).toBeTruthy(); // the same aimag keeps the link
    await updateProfile(b.id, { ...profile, aimagCode: "MN-073" });
    expect(await linksOf(b.id)).toEqual([]);

    const c = await createUser(db, { password: "old password 1" });
    await linkFor(c.id, admin.id);
    const session = await createSession(generateSessionToken(), c.id);
    expect((await changePassword(c.id, session.id, "old password 1", "new password 2")).ok).toBe(true);
    expect(await linksOf(c.id)).toEqual([]);
  });

  it("spends the link, sets the password, ends the sessions and writes the audit row together or not at all", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const learner = await createUser(db, { password: "old password 1" });
    await createSession(generateSessionToken(), learner.id);
    const { token } = await linkFor(learner.id, admin.id);
    const before = await passwordHashOf(learner.id);
    // the last step of the use case fails: the audit table is away
    await sql`alter table audit_log rename to audit_log_away`.execute(db);
    try {
      await expect(setPassword(token, "new password 2")).rejects.toThrow();
    } finally {
      await sql`alter table audit_log_away rename to audit_log`.execute(db);
    }
    expect(await passwordHashOf(learner.id)).toBe(before);
    expect(await linksOf(learner.id)).toHaveLength(1);
    expect(await db.selectFrom("session").select("id").where("user_id", "=", learner.id).execute()).toHaveLength(1);
    // and the link still works once the database is whole again
    expect((await setPassword(token, "new password 2")).status).toBe(302);
    const audit = await db.selectFrom("audit_log").select("action").where("target_id", "=", learner.id).where("action", "=", "user.password_reset").execute();
    expect(audit).toHaveLength(1);
  });
});
