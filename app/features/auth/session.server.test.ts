import { describe, expect, it } from "vitest";
import { createUser } from "../../../db/factories";
import { db } from "~/db.server";
import { get } from "../../../tests/helpers";
import { startSession } from "./auth.server";
import { readSessionToken, setSessionCookie } from "./cookie.server";
import { createSession, generateSessionToken, invalidateAllUserSessions, invalidateSession, sessionIdFromToken, validateSessionToken } from "./session.server";

const DAY = 24 * 60 * 60 * 1000;

describe("sessions", () => {
  it("creates a session whose token has 160 bits and is stored only as a SHA-256 hash", async () => {
    const user = await createUser(db);
    const token = generateSessionToken();
    expect(token).toMatch(/^[a-z2-7]{32}$/); // 20 bytes in base32
    const session = await createSession(token, user.id);
    const row = await db.selectFrom("session").selectAll().where("user_id", "=", user.id).executeTakeFirstOrThrow();
    expect(row.id).toBe(session.id);
    expect(row.id).toMatch(/^[0-9a-f]{64}$/);
    expect(row.id).not.toContain(token);
    const validated = await validateSessionToken(token);
    expect(validated?.user.id).toBe(user.id);
    expect(validated?.user.roles.map((r) => r.role)).toEqual(["learner"]);
  });

  it("rejects an unknown token", async () => {
    expect(await validateSessionToken(generateSessionToken())).toBeNull();
  });

  it("expires: a session past its expiry is refused and deleted", async () => {
    const user = await createUser(db);
    const token = generateSessionToken();
    const start = new Date("2026-01-01T00:00:00Z");
    await createSession(token, user.id, null, start);
    expect(await validateSessionToken(token, new Date(start.getTime() + 29 * DAY))).not.toBeNull();
    expect(await validateSessionToken(token, new Date(start.getTime() + 200 * DAY))).toBeNull();
    const left = await db.selectFrom("session").select("id").where("id", "=", sessionIdFromToken(token)).executeTakeFirst();
    expect(left).toBeUndefined();
  });

  it("slides: a session used in the second half of its life is extended", async () => {
    const user = await createUser(db);
    const token = generateSessionToken();
    const start = new Date("2026-01-01T00:00:00Z");
    const created = await createSession(token, user.id, null, start);
    const early = await validateSessionToken(token, new Date(start.getTime() + 2 * DAY));
    expect(early?.renewed).toBe(false);
    const late = await validateSessionToken(token, new Date(start.getTime() + 20 * DAY));
    expect(late?.renewed).toBe(true);
    expect(late!.session.expiresAt.getTime()).toBeGreaterThan(created.expiresAt.getTime());
    // still valid after the original expiry thanks to the renewal
    expect(await validateSessionToken(token, new Date(created.expiresAt.getTime() + DAY))).not.toBeNull();
  });

  it("rotates on log-in: the session the browser came with is ended and a new token issued", async () => {
    const user = await createUser(db);
    const oldToken = generateSessionToken();
    const old = await createSession(oldToken, user.id);
    const oldCookie = (await setSessionCookie(oldToken, old.expiresAt)).split(";")[0];
    const cookie = await startSession(get("/login", { cookie: oldCookie }), user.id);
    const newToken = await readSessionToken(get("/", { cookie: cookie.split(";")[0] }));
    expect(newToken).toBeTruthy();
    expect(newToken).not.toBe(oldToken);
    expect(await validateSessionToken(oldToken)).toBeNull();
    expect(await validateSessionToken(newToken!)).not.toBeNull();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Secure/i);
  });

  it("invalidates one session, or all of a user's sessions but the current one", async () => {
    const user = await createUser(db);
    const other = await createUser(db);
    const tokens = [generateSessionToken(), generateSessionToken(), generateSessionToken()];
    const sessions = await Promise.all(tokens.map((t) => createSession(t, user.id)));
    const othersToken = generateSessionToken();
    await createSession(othersToken, other.id);

    await invalidateSession(sessions[0].id);
    expect(await validateSessionToken(tokens[0])).toBeNull();

    expect(await invalidateAllUserSessions(user.id, sessions[1].id)).toBe(1);
    expect(await validateSessionToken(tokens[1])).not.toBeNull();
    expect(await validateSessionToken(tokens[2])).toBeNull();

    await invalidateAllUserSessions(user.id);
    expect(await validateSessionToken(tokens[1])).toBeNull();
    expect(await validateSessionToken(othersToken)).not.toBeNull();
  });

  it("refuses the sessions of a disabled account", async () => {
    const user = await createUser(db);
    const token = generateSessionToken();
    await createSession(token, user.id);
    await db.updateTable("users").set({ disabled_at: new Date().toISOString() }).where("id", "=", user.id).execute();
    expect(await validateSessionToken(token)).toBeNull();
  });
});
