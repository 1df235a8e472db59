// The SQL of sign-in security: throttle rows, known devices and reset links. Sessions keep theirs
// in session.server.ts (the Lucia-guide module); user rows and roles are in features/users.
import type { Kysely } from "kysely";
import type { DB, LoginThrottleTable } from "../../../db/schema";
import { database, db } from "~/db.server";

type Executor = Kysely<DB>;

/**
 * Reads the throttle rows of `keys` inside the caller's write transaction, locked until it ends:
 * missing rows are created first so that PostgreSQL has a row to lock (SQLite's BEGIN IMMEDIATE
 * already excludes every other writer). Keys are locked in one order so two logins cannot deadlock.
 */
export async function lockThrottleRows(trx: Executor, keys: string[], now: Date): Promise<Map<string, LoginThrottleTable>> {
  const sorted = [...new Set(keys)].sort();
  const at = now.toISOString();
  await trx
    .insertInto("login_throttle")
    .values(sorted.map((key) => ({ key, attempts: 0, first_at: at, last_at: at, not_before: null })))
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const rows = new Map<string, LoginThrottleTable>();
  for (const key of sorted) {
    let q = trx.selectFrom("login_throttle").selectAll().where("key", "=", key);
    if (database.engine === "postgres") q = q.forUpdate();
    const row = await q.executeTakeFirstOrThrow();
    rows.set(key, { ...row, attempts: Number(row.attempts) });
  }
  return rows;
}

export async function saveThrottleRow(trx: Executor, row: LoginThrottleTable): Promise<void> {
  const { key, ...values } = row;
  await trx.updateTable("login_throttle").set(values).where("key", "=", key).execute();
}

/** Gives one reserved attempt back, in one statement (the row may be in use by another login). */
export async function giveBackThrottleAttempt(key: string): Promise<void> {
  await db
    .updateTable("login_throttle")
    .set((eb) => ({ attempts: eb("attempts", "-", 1), not_before: null }))
    .where("key", "=", key)
    .where("attempts", ">", 0)
    .execute();
}

export async function deleteThrottleRow(key: string): Promise<void> {
  await db.deleteFrom("login_throttle").where("key", "=", key).execute();
}

export async function deleteStaleThrottleRows(lastBefore: Date, now: Date): Promise<number> {
  const res = await db
    .deleteFrom("login_throttle")
    .where("last_at", "<", lastBefore.toISOString())
    .where((eb) => eb.or([eb("not_before", "is", null), eb("not_before", "<", now.toISOString())]))
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

export async function isKnownDevice(id: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom("login_device").select("id").where("id", "=", id).where("user_id", "=", userId).executeTakeFirst();
  return Boolean(row);
}

export async function saveLoginDevice(id: string, userId: string, now: Date): Promise<void> {
  const at = now.toISOString();
  await db
    .insertInto("login_device")
    .values({ id, user_id: userId, created_at: at, last_used_at: at })
    .onConflict((oc) => oc.columns(["id", "user_id"]).doUpdateSet({ last_used_at: at }))
    .execute();
}

/** A new password forgets the browsers that knew the old one. */
export async function deleteLoginDevicesOf(executor: Executor, userId: string): Promise<void> {
  await executor.deleteFrom("login_device").where("user_id", "=", userId).execute();
}

export async function deleteStaleLoginDevices(usedBefore: Date): Promise<number> {
  const res = await db.deleteFrom("login_device").where("last_used_at", "<", usedBefore.toISOString()).executeTakeFirst();
  return Number(res.numDeletedRows);
}

export async function insertResetLink(trx: Executor, link: { id: string; userId: string; createdBy: string; createdAt: Date; expiresAt: Date }): Promise<void> {
  // a newer link replaces the ones not yet used: links for one person are made one at a time (on
  // PostgreSQL two at once would each delete nothing the other had not committed yet)
  if (database.engine === "postgres") await trx.selectFrom("users").select("id").where("id", "=", link.userId).forUpdate().execute();
  await trx.deleteFrom("password_reset").where("user_id", "=", link.userId).execute();
  await trx
    .insertInto("password_reset")
    .values({
      id: link.id,
      user_id: link.userId,
      created_by: link.createdBy,
      created_at: link.createdAt.toISOString(),
      expires_at: link.expiresAt.toISOString(),
    })
    .execute();
}

/** A link still in time, with the person it is for; locked until the transaction ends when `lock`. */
export function findResetLinkById(executor: Executor, id: string, now: Date, lock = false) {
  let q = executor
    .selectFrom("password_reset")
    .innerJoin("users", "users.id", "password_reset.user_id")
    .select(["password_reset.id", "password_reset.user_id", "password_reset.created_by", "users.email", "users.surname", "users.given_name"])
    .where("password_reset.id", "=", id)
    .where("password_reset.expires_at", ">", now.toISOString());
  if (lock && database.engine === "postgres") q = q.forUpdate("password_reset");
  return q.executeTakeFirst();
}

/** Spends a link: true for the one caller that deleted it. */
export async function deleteResetLink(trx: Executor, id: string): Promise<boolean> {
  const res = await trx.deleteFrom("password_reset").where("id", "=", id).executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}

export async function deleteExpiredResetLinks(now: Date): Promise<number> {
  const res = await db.deleteFrom("password_reset").where("expires_at", "<=", now.toISOString()).executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** What the reset-link rule needs to know about a person, as it is now; locked when `lock`. */
export async function findResetParty(executor: Executor, userId: string, lock = false) {
  let q = executor.selectFrom("users").select(["id", "aimag_code", "disabled_at"]).where("id", "=", userId);
  if (lock && database.engine === "postgres") q = q.forUpdate();
  const user = await q.executeTakeFirst();
  if (!user) return undefined;
  const roles = await executor.selectFrom("user_role").select(["role", "aimag_code"]).where("user_id", "=", userId).execute();
  return { ...user, roles };
}
