// Sessions as the Lucia guide describes: a random token goes to the browser, only its SHA-256
// is stored; sessions slide forward when used in their second half, and can be revoked one by one
// or all at once.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { type Kysely, sql } from "kysely";
import type { DB } from "../../../db/schema";
import { config } from "~/config.server";
import { db } from "~/db.server";
import { preparedQuery } from "../../../db/prepared";
import { UNREAD_CAP } from "~/features/notifications/kinds";

const DAY_MS = 24 * 60 * 60 * 1000;

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20); // 160 bits
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** What is stored for a token handed to a browser (sessions, known devices, reset links): its SHA-256. */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export function sessionIdFromToken(token: string): string {
  return hashToken(token);
}

export interface Session {
  id: string;
  userId: string;
  expiresAt: Date;
}

export async function createSession(token: string, userId: string, userAgent: string | null = null, now = new Date()): Promise<Session> {
  const session: Session = {
    id: sessionIdFromToken(token),
    userId,
    expiresAt: new Date(now.getTime() + config.SESSION_DAYS * DAY_MS),
  };
  await db
    .insertInto("session")
    .values({
      id: session.id,
      user_id: userId,
      expires_at: session.expiresAt.toISOString(),
      created_at: now.toISOString(),
      user_agent: userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return session;
}

// run on every signed-in request: built once (db/prepared.ts)
const sessionById = preparedQuery((db) =>
  db
    .selectFrom("session")
    .innerJoin("users", "users.id", "session.user_id")
    .select([
      "session.id as sessionId",
      "session.expires_at as expiresAt",
      "users.id",
      "users.email",
      "users.surname",
      "users.given_name",
      "users.position",
      "users.organisation_id",
      "users.aimag_code",
      "users.sum_id",
      "users.locale",
      "users.disabled_at",
      // the header's bell: unread notifications, counted up to UNREAD_CAP (an index range, never the whole list)
      (eb) =>
        eb
          .selectFrom(
            eb
              .selectFrom("notification")
              .select("notification.id")
              .whereRef("notification.user_id", "=", "users.id")
              .where("notification.read_at", "is", null)
              .limit(sql.lit(UNREAD_CAP))
              .as("unread_rows"),
          )
          .select((c) => c.fn.countAll<number | string>().as("n"))
          .as("unread"),
    ])
    .where("session.id", "=", ""),
);
const rolesOf = preparedQuery((db) => db.selectFrom("user_role").select(["role", "aimag_code"]).where("user_id", "=", ""));

export async function validateSessionToken(token: string, now = new Date()) {
  const id = sessionIdFromToken(token);
  const [row] = await sessionById(db, id);
  if (!row) return null;
  let expiresAt = new Date(row.expiresAt);
  if (now >= expiresAt || row.disabled_at) {
    await db.deleteFrom("session").where("id", "=", id).execute();
    return null;
  }
  let renewed = false;
  const lifetime = config.SESSION_DAYS * DAY_MS;
  if (now.getTime() >= expiresAt.getTime() - lifetime / 2) {
    expiresAt = new Date(now.getTime() + lifetime);
    await db.updateTable("session").set({ expires_at: expiresAt.toISOString() }).where("id", "=", id).execute();
    renewed = true;
  }
  const roles = await rolesOf(db, row.id);
  const { sessionId, expiresAt: _e, disabled_at: _d, unread, ...user } = row;
  return {
    session: { id: sessionId, userId: row.id, expiresAt } satisfies Session,
    renewed,
    user: { ...user, unread: Number(unread ?? 0), roles },
  };
}

export type SessionUser = NonNullable<Awaited<ReturnType<typeof validateSessionToken>>>["user"];

export async function invalidateSession(sessionId: string): Promise<void> {
  await db.deleteFrom("session").where("id", "=", sessionId).execute();
}

/**
 * Logs a user out everywhere (password change, "log out of all devices", account disabled); pass
 * the use case's transaction as `executor` so that the sessions end with the change that ends them.
 */
export async function invalidateAllUserSessions(userId: string, exceptSessionId?: string, executor: Kysely<DB> = db): Promise<number> {
  let q = executor.deleteFrom("session").where("user_id", "=", userId);
  if (exceptSessionId) q = q.where("id", "!=", exceptSessionId);
  const res = await q.executeTakeFirst();
  return Number(res.numDeletedRows);
}

export async function listUserSessions(userId: string) {
  return db
    .selectFrom("session")
    .select(["id", "created_at", "expires_at", "user_agent"])
    .where("user_id", "=", userId)
    .orderBy("created_at", "desc")
    .execute();
}

export async function deleteExpiredSessions(now = new Date()): Promise<number> {
  const res = await db.deleteFrom("session").where("expires_at", "<", now.toISOString()).executeTakeFirst();
  return Number(res.numDeletedRows);
}
