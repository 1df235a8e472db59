// Deletes what can no longer be used: expired sessions, expired reset links, throttle rows past
// their window and devices not seen for the cookie's lifetime. Run on session creation at most once
// per PURGE_EVERY_MS in each process, so no ordinary request pays a write for it.
import { deleteExpiredResetLinks, deleteStaleLoginDevices } from "./repository.server";
import { deleteStaleThrottles } from "./rate-limit.server";
import { deleteExpiredSessions } from "./session.server";

export const PURGE_EVERY_MS = 10 * 60_000;
const DEVICE_DAYS = 400; // the device cookie's lifetime

export async function purgeExpired(now = new Date()) {
  const [sessions, resetLinks, throttles, devices] = await Promise.all([
    deleteExpiredSessions(now),
    deleteExpiredResetLinks(now),
    deleteStaleThrottles(now),
    deleteStaleLoginDevices(new Date(now.getTime() - DEVICE_DAYS * 24 * 3600_000)),
  ]);
  return { sessions, resetLinks, throttles, devices };
}

let lastRun: number | undefined;

/** Purges when this process has not done so for PURGE_EVERY_MS; a failure is logged, never a failed log-in. */
export async function purgeExpiredIfDue(now = new Date()): Promise<boolean> {
  if (lastRun !== undefined && Math.abs(now.getTime() - lastRun) < PURGE_EVERY_MS) return false;
  lastRun = now.getTime();
  try {
    await purgeExpired(now);
  } catch (error) {
    console.error("Purging expired sessions and links failed", error);
  }
  return true;
}
