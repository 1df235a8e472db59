// Login throttling per account, per IP address and per known device, and the public lookup limit,
// stored in the application's own database so that limits hold across restarts and server
// processes. An attempt is reserved atomically (one write transaction) before the password is
// verified, so parallel requests cannot all pass a check made before any of them is counted.
// The policy and its trade-offs: decision 010.
import { writeTransaction } from "../../../db/connection";
import { config } from "~/config.server";
import { database } from "~/db.server";
import { deleteStaleThrottleRows, deleteThrottleRow, giveBackThrottleAttempt, lockThrottleRows, saveThrottleRow } from "./repository.server";
import { reserve, retentionMs, type ThrottlePolicy } from "./throttle";

const MINUTE = 60_000;

const accountPolicy: ThrottlePolicy = {
  kind: "slowdown",
  free: config.LOGIN_ACCOUNT_FREE_ATTEMPTS,
  baseDelayMs: MINUTE,
  maxDelayMs: config.LOGIN_ACCOUNT_MAX_DELAY_MINUTES * MINUTE,
  forgetMs: config.LOGIN_ACCOUNT_FORGET_HOURS * 60 * MINUTE,
};
const ipPolicy: ThrottlePolicy = { kind: "window", max: config.LOGIN_MAX_ATTEMPTS_PER_IP, windowMs: config.LOGIN_IP_WINDOW_MINUTES * MINUTE };
const verifyPolicy: ThrottlePolicy = { kind: "window", max: config.VERIFY_MAX_PER_MINUTE, windowMs: MINUTE };

/**
 * Charges one attempt to every key in one write transaction, or to none: the longest wait (ms)
 * when a key refuses, 0 when all were charged.
 */
async function chargeAll(charges: [string, ThrottlePolicy][], now: Date): Promise<number> {
  return writeTransaction(database, async (trx) => {
    const rows = await lockThrottleRows(
      trx,
      charges.map(([key]) => key),
      now,
    );
    const decisions = charges.map(([key, policy]) => ({ key, decision: reserve(rows.get(key), policy, now) }));
    const waits = decisions.flatMap(({ decision }) => (decision.allowed ? [] : [decision.retryAfterMs]));
    if (waits.length) return Math.max(...waits);
    for (const { key, decision } of decisions) if (decision.allowed) await saveThrottleRow(trx, { key, ...decision.next });
    return 0;
  });
}

export const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;
const deviceKey = (deviceId: string) => `device:${deviceId}`;

/** The keys an attempt was charged to, to settle once the password has been checked. */
export interface LoginKeys {
  slowdown: string;
  ip: string | null;
}

export type LoginReservation = { allowed: true; keys: LoginKeys } | { allowed: false; retryAfterMinutes: number };

/**
 * Reserves one verification. From a browser that has signed in to this account before (a known
 * device) the attempt is charged to that device alone: strangers guessing at the account can then
 * neither slow down nor lock out its owner. Otherwise it is charged to the account (slow-down) and
 * to the IP address (a hard hourly budget); when either refuses, nothing is charged.
 */
export async function reserveLoginAttempt(who: { email: string; ip: string; knownDeviceId?: string | null }, now = new Date()): Promise<LoginReservation> {
  const charges: [string, ThrottlePolicy][] = who.knownDeviceId
    ? [[deviceKey(who.knownDeviceId), accountPolicy]]
    : [
        [accountKey(who.email), accountPolicy],
        [ipKey(who.ip), ipPolicy],
      ];
  const refusal = await chargeAll(charges, now);
  if (refusal > 0) return { allowed: false, retryAfterMinutes: Math.max(1, Math.ceil(refusal / MINUTE)) };
  return { allowed: true, keys: { slowdown: charges[0][0], ip: who.knownDeviceId ? null : charges[1][0] } };
}

/**
 * After the right password: the account's (or device's) count starts over, and the IP address
 * gets back only the attempt just made, so signing in to an account one holds does not refill a
 * budget spent guessing at others.
 */
export async function settleLoginSuccess(keys: LoginKeys): Promise<void> {
  await deleteThrottleRow(keys.slowdown);
  if (keys.ip) await giveBackThrottleAttempt(keys.ip);
}

const resetAccountPolicy: ThrottlePolicy = { kind: "window", max: 3, windowMs: 60 * MINUTE };
const resetIpPolicy: ThrottlePolicy = { kind: "window", max: 20, windowMs: 60 * MINUTE };

/**
 * "Forgot password" requests: 3 an hour per address asked about (whether or not it has an
 * account, so the limit tells nothing) and 20 an hour per IP address; when either refuses,
 * nothing is charged.
 */
export async function reserveResetRequest(
  email: string,
  ip: string,
  now = new Date(),
): Promise<{ allowed: true } | { allowed: false; retryAfterMinutes: number }> {
  const charges: [string, ThrottlePolicy][] = [
    [`reset:${email.trim().toLowerCase()}`, resetAccountPolicy],
    [`reset-ip:${ip}`, resetIpPolicy],
  ];
  const refusal = await chargeAll(charges, now);
  return refusal > 0 ? { allowed: false, retryAfterMinutes: Math.max(1, Math.ceil(refusal / MINUTE)) } : { allowed: true };
}

/** Public verification lookups: VERIFY_MAX_PER_MINUTE a minute per IP address. */
export async function allowVerifyLookup(ip: string, now = new Date()): Promise<boolean> {
  const key = `verify:${ip}`;
  return writeTransaction(database, async (trx) => {
    const rows = await lockThrottleRows(trx, [key], now);
    const decision = reserve(rows.get(key), verifyPolicy, now);
    if (decision.allowed) await saveThrottleRow(trx, { key, ...decision.next });
    return decision.allowed;
  });
}

/** Rows that can no longer change a decision. */
export function deleteStaleThrottles(now = new Date()): Promise<number> {
  const keep = Math.max(...[accountPolicy, ipPolicy, verifyPolicy, resetAccountPolicy, resetIpPolicy].map(retentionMs));
  return deleteStaleThrottleRows(new Date(now.getTime() - keep), now);
}
