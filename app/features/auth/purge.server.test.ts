// Expired sessions, reset links, throttle rows and forgotten devices are deleted on log-in, at
// most once per ten minutes per process.
import { describe, expect, it } from "vitest";
import { createUser } from "../../../db/factories";
import { db } from "~/db.server";
import { get } from "../../../tests/helpers";
import { rememberDevice, startSession } from "./auth.server";
import { createResetLink } from "./password-reset.server";
import { reserveLoginAttempt } from "./rate-limit.server";
import { createSession, generateSessionToken } from "./session.server";

const DAY = 24 * 3600_000;
const MIN = 60_000;

async function counts() {
  const n = async (table: "session" | "password_reset" | "login_throttle" | "login_device") =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { sessions: await n("session"), links: await n("password_reset"), throttles: await n("login_throttle"), devices: await n("login_device") };
}

describe("purging what can no longer be used", () => {
  it("runs on log-in, at most once per ten minutes, and keeps what is still alive", async () => {
    const now = new Date();
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const user = await createUser(db);
    // dead: a session past its expiry, a link past its 48 hours, throttle rows from two days ago, a device not seen for 401 days
    await createSession(generateSessionToken(), user.id, null, new Date(now.getTime() - 100 * DAY));
    await createResetLink(user.id, admin.id, new Date(now.getTime() - 3 * DAY));
    await reserveLoginAttempt({ email: "old@example.mn", ip: "10.0.0.1" }, new Date(now.getTime() - 2 * DAY));
    await rememberDevice(get("/"), user.id, new Date(now.getTime() - 401 * DAY));
    // alive
    await createSession(generateSessionToken(), admin.id, null, now);
    const other = await createUser(db);
    await createResetLink(other.id, admin.id, now);
    await reserveLoginAttempt({ email: "recent@example.mn", ip: "10.0.0.2" }, new Date(now.getTime() - 30 * MIN));
    await rememberDevice(get("/"), admin.id, now);
    expect(await counts()).toEqual({ sessions: 2, links: 2, throttles: 4, devices: 2 });

    await startSession(get("/login"), user.id, now);
    expect(await counts()).toEqual({ sessions: 2, links: 1, throttles: 2, devices: 1 }); // the new session replaces the expired one

    // within ten minutes no purge runs again
    await createSession(generateSessionToken(), user.id, null, new Date(now.getTime() - 100 * DAY));
    await startSession(get("/login"), user.id, new Date(now.getTime() + 5 * MIN));
    expect((await counts()).sessions).toBe(4);
    await startSession(get("/login"), user.id, new Date(now.getTime() + 11 * MIN));
    expect((await counts()).sessions).toBe(4); // one expired gone, one new
    const expired = await db
      .selectFrom("session")
      .select("id")
      .where("expires_at", "<", new Date(now.getTime() + 11 * MIN).toISOString())
      .execute();
    expect(expired).toEqual([]);
  });
});
