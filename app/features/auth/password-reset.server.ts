// One-time password reset links, made two ways. A learner who has forgotten their password asks
// for one by e-mail (`requestPasswordReset`, decision 031): it goes to their account's address and
// works for an hour. Or, for people without e-mail at hand, their aimag coordinator or an
// administrator creates one here and hands it over (by phone, SMS or in person): it works for 48
// hours, only while its creator may still create it (canIssueReset, checked again when it is
// used). Either link holds a 160-bit token of which only the SHA-256 is stored, works once, and
// replaces older ones. Using it signs the person out everywhere. Decision 008.
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import type { Kysely } from "kysely";
import { writeTransaction } from "../../../db/connection";
import type { DB, Role } from "../../../db/schema";
import { recordAudit } from "~/features/audit/audit.server";
import { queueMail } from "~/features/notifications/outbox.server";
import { passwordResetMail } from "~/features/notifications/templates.server";
import { config } from "~/config.server";
import { isLanguage } from "~/i18n/config";
import { shortName } from "~/i18n/format";
import { updatePasswordHash } from "~/features/users/repository.server";
import { database, db } from "~/db.server";
import { hasRole } from "./guards.server";
import { hashPassword } from "./password.server";
import { reserveResetRequest } from "./rate-limit.server";
import { deleteLoginDevicesOf, deleteResetLink, findResetLinkById, findResetParty, insertResetLink } from "./repository.server";
import { hashToken, invalidateAllUserSessions } from "./session.server";

export const RESET_LINK_HOURS = 48;
/** A link asked for by e-mail: long enough to read the message, short enough for a mailbox left open. */
export const SELF_RESET_MINUTES = 60;

interface Party {
  id: string;
  roles: { role: Role; aimag_code: string | null }[];
  disabled_at?: string | null;
}

/**
 * The one rule for who may create a link for whom, used when a link is created and again, on
 * fresh data, when it is used: both people active; an administrator for anybody but themselves
 * (they use the profile page); a coordinator for the people of their own aimag who hold no
 * staff role.
 */
export function canIssueReset(actor: Party, target: Party & { aimag_code: string }): boolean {
  if (actor.id === target.id || actor.disabled_at || target.disabled_at) return false;
  if (hasRole(actor, "admin")) return true;
  const scope = actor.roles.filter((r) => r.role === "coordinator").map((r) => r.aimag_code);
  const staff = hasRole(target, "admin", "coordinator", "trainer");
  return !staff && scope.includes(target.aimag_code);
}

/**
 * Both people as they are now, inside `executor`'s transaction; the target's row locked when
 * `lock`. A link the person asked for themselves (by e-mail) works while their account is active.
 */
async function mayIssueNow(executor: Kysely<DB>, createdBy: string, userId: string, lock: boolean): Promise<boolean> {
  const target = await findResetParty(executor, userId, lock);
  if (createdBy === userId) return Boolean(target && !target.disabled_at);
  const creator = await findResetParty(executor, createdBy);
  return Boolean(creator && target && canIssueReset(creator, target));
}

function newToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export type ResetRequest = { ok: true } | { ok: false; retryAfterMinutes: number };

/**
 * "Forgot password": a link by e-mail to the address given, when it is an active account's. The
 * answer is the same whether or not it is, so no one learns who has an account here; throttled
 * per address and per IP address. The link, its message in the outbox and the audit row are
 * written in one transaction.
 */
export async function requestPasswordReset({ email, ip }: { email: string; ip: string }, now = new Date()): Promise<ResetRequest> {
  const reservation = await reserveResetRequest(email, ip, now);
  if (!reservation.allowed) return { ok: false, retryAfterMinutes: reservation.retryAfterMinutes };
  const token = newToken();
  const expiresAt = new Date(now.getTime() + SELF_RESET_MINUTES * 60_000);
  await writeTransaction(database, async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select(["id", "email", "surname", "given_name", "locale", "disabled_at"])
      .where("email", "=", email.trim().toLowerCase())
      .executeTakeFirst();
    if (!user || user.disabled_at) return;
    await insertResetLink(trx, { id: hashToken(token), userId: user.id, createdBy: user.id, createdAt: now, expiresAt });
    const language = isLanguage(user.locale) ? user.locale : "mn";
    const link = `${config.PUBLIC_URL}/reset-password/${token}`;
    await queueMail(
      trx,
      {
        kind: "password_reset",
        userId: user.id,
        to: user.email,
        language,
        ...passwordResetMail(language, { name: shortName(user), link, minutes: SELF_RESET_MINUTES }),
      },
      now,
    );
    await recordAudit(
      { actorId: user.id, action: "user.password_reset_requested", targetType: "user", targetId: user.id, detail: { expiresAt: expiresAt.toISOString() } },
      trx,
    );
  });
  return { ok: true };
}

export type ResetLinkCreation = { ok: true; token: string; expiresAt: Date } | { ok: false };

/** Creates a link when the rule allows it on the data as it is inside the transaction. */
export async function createResetLink(userId: string, createdBy: string, now = new Date()): Promise<ResetLinkCreation> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + RESET_LINK_HOURS * 3600_000);
  return writeTransaction(database, async (trx) => {
    if (!(await mayIssueNow(trx, createdBy, userId, false))) return { ok: false as const };
    await insertResetLink(trx, { id: hashToken(token), userId, createdBy, createdAt: now, expiresAt });
    await recordAudit(
      { actorId: createdBy, action: "user.password_reset_link", targetType: "user", targetId: userId, detail: { expiresAt: expiresAt.toISOString() } },
      trx,
    );
    return { ok: true as const, token, expiresAt };
  });
}

/** The person a link is for, while it is usable; undefined for an unknown, spent, expired or no longer permitted link. */
export async function findResetLink(token: string, now = new Date()) {
  if (!/^[a-z2-7]{32}$/.test(token)) return undefined;
  const link = await findResetLinkById(db, hashToken(token), now);
  if (!link || !(await mayIssueNow(db, link.created_by, link.user_id, false))) return undefined;
  return { user_id: link.user_id, email: link.email, surname: link.surname, given_name: link.given_name };
}

/**
 * Sets the new password from a link, in one transaction: the link is spent (of two racing
 * submissions only the one that deletes it goes on), the rule is checked again on the data as it
 * is now, the password is set, every session and known device of the person ends and the audit
 * row is written. The new password is hashed before the transaction, as argon2 is slow.
 */
export async function useResetLink(token: string, newPassword: string, now = new Date()): Promise<{ ok: true; userId: string } | { ok: false }> {
  // a cheap look first, so that no one can make the server hash for links that do not work
  if (!(await findResetLink(token, now))) return { ok: false };
  const passwordHash = await hashPassword(newPassword);
  return writeTransaction(database, async (trx) => {
    const link = await findResetLinkById(trx, hashToken(token), now, true);
    if (!link) return { ok: false as const };
    if (!(await mayIssueNow(trx, link.created_by, link.user_id, true))) {
      await deleteResetLink(trx, link.id); // it can never work again
      return { ok: false as const };
    }
    if (!(await deleteResetLink(trx, link.id))) return { ok: false as const };
    await updatePasswordHash(trx, link.user_id, passwordHash);
    await invalidateAllUserSessions(link.user_id, undefined, trx);
    await deleteLoginDevicesOf(trx, link.user_id);
    await recordAudit(
      { actorId: link.user_id, action: "user.password_reset", targetType: "user", targetId: link.user_id, detail: { linkCreatedBy: link.created_by } },
      trx,
    );
    return { ok: true as const, userId: link.user_id };
  });
}
