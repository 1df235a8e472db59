// Registration, log-in, log-out and password change: what the auth routes call.
import type { z } from "zod";
import { EmailTakenError, findPasswordHash, findUserByEmail, insertUser, updatePasswordHash } from "~/features/users/repository.server";
import type { RegisterSchema } from "~/features/users/schemas";
import { recordAudit } from "~/features/audit/audit.server";
import { clearSessionCookie, readSessionToken, setSessionCookie } from "./cookie.server";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./password.server";
import { checkLoginAllowed, recordLoginFailure, recordLoginSuccess } from "./rate-limit.server";
import {
  createSession,
  generateSessionToken,
  invalidateAllUserSessions,
  invalidateSession,
  sessionIdFromToken,
} from "./session.server";

/** Starts a fresh session; any session the browser already carried is ended (rotation on log-in). */
export async function startSession(request: Request, userId: string): Promise<string> {
  const previous = await readSessionToken(request);
  if (previous) await invalidateSession(sessionIdFromToken(previous));
  const token = generateSessionToken();
  const session = await createSession(token, userId, request.headers.get("User-Agent"));
  return setSessionCookie(token, session.expiresAt);
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
  | { ok: true; userId: string }
  | { ok: false; error: "invalidCredentials" }
  | { ok: false; error: "rateLimited"; minutes: number };

export async function authenticate(email: string, password: string, ip: string): Promise<LoginResult> {
  const gate = await checkLoginAllowed(email, ip);
  if (!gate.allowed) return { ok: false, error: "rateLimited", minutes: gate.retryAfterMinutes };
  const user = await findUserByEmail(email);
  // Verify against a dummy hash when there is no such account, so response time does not reveal it.
  const valid = user
    ? (await verifyPassword(user.password_hash, password)) && !user.disabled_at
    : (await verifyPassword(await dummyPasswordHash(), password)) && false;
  if (!user || !valid) {
    await recordLoginFailure(email, ip);
    return { ok: false, error: "invalidCredentials" };
  }
  await recordLoginSuccess(email);
  return { ok: true, userId: user.id };
}

export async function changePassword(userId: string, sessionId: string, current: string, next: string) {
  const row = await findPasswordHash(userId);
  if (!row || !(await verifyPassword(row.password_hash, current))) return { ok: false as const };
  await updatePasswordHash(userId, await hashPassword(next));
  await invalidateAllUserSessions(userId, sessionId);
  await recordAudit({ actorId: userId, action: "user.password_change", targetType: "user", targetId: userId });
  return { ok: true as const };
}
