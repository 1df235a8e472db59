// Registration, log-in, log-out and password change: what the auth routes call.
import type { z } from "zod";
import { writeTransaction } from "../../../db/connection";
import { EmailTakenError, findPasswordHash, findUserByEmail, insertUser, updatePasswordHash } from "~/features/users/repository.server";
import type { RegisterSchema } from "~/features/users/schemas";
import { recordAudit } from "~/features/audit/audit.server";
import { database } from "~/db.server";
import { clearSessionCookie, readDeviceToken, readSessionToken, setDeviceCookie, setSessionCookie } from "./cookie.server";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./password.server";
import { purgeExpiredIfDue } from "./purge.server";
import { reserveLoginAttempt, settleLoginSuccess } from "./rate-limit.server";
import { deleteLoginDevicesOf, isKnownDevice, saveLoginDevice } from "./repository.server";
import { createSession, generateSessionToken, hashToken, invalidateAllUserSessions, invalidateSession, sessionIdFromToken } from "./session.server";

/** Starts a fresh session; any session the browser already carried is ended (rotation on log-in). */
export async function startSession(request: Request, userId: string, now = new Date()): Promise<string> {
  const previous = await readSessionToken(request);
  if (previous) await invalidateSession(sessionIdFromToken(previous));
  await purgeExpiredIfDue(now);
  const token = generateSessionToken();
  const session = await createSession(token, userId, request.headers.get("User-Agent"), now);
  return setSessionCookie(token, session.expiresAt);
}

/**
 * After a successful log-in: marks the browser as a known device of this person (keeping its mark
 * if it has one, since a shared computer knows several people) and returns the cookie to set.
 */
export async function rememberDevice(request: Request, userId: string, now = new Date()): Promise<string> {
  const token = (await readDeviceToken(request)) ?? generateSessionToken();
  await saveLoginDevice(hashToken(token), userId, now);
  return setDeviceCookie(token);
}

export async function endSession(request: Request): Promise<string> {
  const token = await readSessionToken(request);
  if (token) await invalidateSession(sessionIdFromToken(token));
  return clearSessionCookie();
}

export async function registerUser(input: z.infer<typeof RegisterSchema>, locale: string) {
  try {
    const id = await insertUser({ ...input, passwordHash: await hashPassword(input.password), locale });
    await recordAudit({ actorId: id, action: "user.register", targetType: "user", targetId: id });
    return { ok: true as const, userId: id };
  } catch (e) {
    if (e instanceof EmailTakenError) return { ok: false as const, error: "emailTaken" as const };
    throw e;
  }
}

export type LoginResult =
  | { ok: true; userId: string; locale: string }
  | { ok: false; error: "invalidCredentials" }
  | { ok: false; error: "rateLimited"; minutes: number };

/**
 * Checks an e-mail and password. The attempt is reserved (counted) before argon2 runs and stays
 * counted unless the password is right, so no number of parallel requests verifies more guesses
 * than the budget allows (decision 010).
 */
export async function authenticate(email: string, password: string, ip: string, request?: Request): Promise<LoginResult> {
  const user = await findUserByEmail(email);
  const deviceToken = request ? await readDeviceToken(request) : null;
  // looked up whether or not the account exists, so that timing does not tell
  const known = deviceToken ? await isKnownDevice(hashToken(deviceToken), user?.id ?? "") : false;
  const gate = await reserveLoginAttempt({ email, ip, knownDeviceId: known && user && deviceToken ? `${hashToken(deviceToken)}:${user.id}` : null });
  if (!gate.allowed) return { ok: false, error: "rateLimited", minutes: gate.retryAfterMinutes };
  // Verify against a dummy hash when there is no such account, so response time does not reveal it.
  const valid = user
    ? (await verifyPassword(user.password_hash, password)) && !user.disabled_at
    : (await verifyPassword(await dummyPasswordHash(), password)) && false;
  if (!user || !valid) return { ok: false, error: "invalidCredentials" };
  await settleLoginSuccess(gate.keys);
  return { ok: true, userId: user.id, locale: user.locale };
}

/**
 * The person's own change of password: their other sessions end, reset links and known devices
 * are forgotten and the audit row written, in one transaction. Both argon2 runs happen before it.
 */
export async function changePassword(userId: string, sessionId: string, current: string, next: string) {
  const row = await findPasswordHash(userId);
  if (!row || !(await verifyPassword(row.password_hash, current))) return { ok: false as const };
  const passwordHash = await hashPassword(next);
  await writeTransaction(database, async (trx) => {
    await updatePasswordHash(trx, userId, passwordHash);
    await invalidateAllUserSessions(userId, sessionId, trx);
    await deleteLoginDevicesOf(trx, userId);
    await recordAudit({ actorId: userId, action: "user.password_change", targetType: "user", targetId: userId }, trx);
  });
  return { ok: true as const };
}
