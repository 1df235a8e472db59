// One-time password reset links. Erdem sends no e-mail: a learner who has forgotten their password
// asks their aimag coordinator or an administrator, who creates a link here and hands it over (by
// phone, SMS or in person). The link holds a 160-bit token; only its SHA-256 is stored. It works
// once, for 48 hours, and a newer link cancels older ones. Using it signs the person out everywhere.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { recordAudit } from "~/features/audit/audit.server";
import { hasRole } from "~/features/auth/guards.server";
import type { SessionUser } from "~/features/auth/session.server";
import { invalidateAllUserSessions } from "~/features/auth/session.server";
import { hashPassword } from "~/features/auth/password.server";
import { db } from "~/db.server";

export const RESET_LINK_HOURS = 48;

const idOf = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

/**
 * Who may create a link for whom: an administrator for anybody but themselves (they use the
 * profile page); a coordinator for the learners of their own aimag who hold no staff role.
 */
export function canIssueReset(actor: Pick<SessionUser, "id" | "roles">, target: { id: string; aimag_code: string; roles: string[] }): boolean {
  if (actor.id === target.id) return false;
  if (hasRole(actor, "admin")) return true;
  const scope = actor.roles.filter((r) => r.role === "coordinator").map((r) => r.aimag_code);
  const staff = target.roles.some((r) => r === "admin" || r === "coordinator" || r === "trainer");
  return !staff && scope.includes(target.aimag_code);
}

export async function createResetLink(userId: string, createdBy: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  const token = encodeBase32LowerCaseNoPadding(bytes);
  const expiresAt = new Date(now.getTime() + RESET_LINK_HOURS * 3600_000);
  // a newer link cancels the ones not yet used
  await db.updateTable("password_reset").set({ used_at: now.toISOString() }).where("user_id", "=", userId).where("used_at", "is", null).execute();
  await db
    .insertInto("password_reset")
    .values({ id: idOf(token), user_id: userId, created_by: createdBy, created_at: now.toISOString(), expires_at: expiresAt.toISOString(), used_at: null })
    .execute();
  await recordAudit({ actorId: createdBy, action: "user.password_reset_link", targetType: "user", targetId: userId, detail: { expiresAt: expiresAt.toISOString() } });
  return { token, expiresAt };
}

/** The person a link is for, while it is usable; undefined for an unknown, used or expired link. */
export async function findResetLink(token: string, now = new Date()) {
  if (!/^[a-z2-7]{32}$/.test(token)) return undefined;
  return db
    .selectFrom("password_reset")
    .innerJoin("users", "users.id", "password_reset.user_id")
    .select(["password_reset.id", "password_reset.user_id", "users.email", "users.surname", "users.given_name"])
    .where("password_reset.id", "=", idOf(token))
    .where("password_reset.used_at", "is", null)
    .where("password_reset.expires_at", ">", now.toISOString())
    .where("users.disabled_at", "is", null)
    .executeTakeFirst();
}

/**
 * Sets the new password and spends the link, once: of two submissions racing with the same link,
 * only the one whose conditional update marks it used goes on.
 */
export async function useResetLink(token: string, newPassword: string, now = new Date()): Promise<{ ok: true; userId: string } | { ok: false }> {
  const link = await findResetLink(token, now);
  if (!link) return { ok: false };
  const passwordHash = await hashPassword(newPassword);
  const spent = await db
    .updateTable("password_reset")
    .set({ used_at: now.toISOString() })
    .where("id", "=", link.id)
    .where("used_at", "is", null)
    .where("expires_at", ">", now.toISOString())
    .executeTakeFirst();
  if (Number(spent.numUpdatedRows) !== 1) return { ok: false };
  await db.updateTable("users").set({ password_hash: passwordHash, updated_at: now.toISOString() }).where("id", "=", link.user_id).execute();
  await invalidateAllUserSessions(link.user_id);
  await recordAudit({ actorId: link.user_id, action: "user.password_reset", targetType: "user", targetId: link.user_id });
  return { ok: true, userId: link.user_id };
}
