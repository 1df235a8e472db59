// The rules of in-person trainings that need no database: who counts as attended, which of two
// conflicting marks wins, and the rotating self check-in code. Shared by the server and its tests.
import { hmac } from "@oslojs/crypto/hmac";
import { SHA256 } from "@oslojs/crypto/sha2";
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";
import type { AttendanceMark } from "../../../db/schema";

/** Marks that count as having been there. Late is attendance; excused is not. */
export const ATTENDED_MARKS: readonly AttendanceMark[] = ["present", "late"];

/**
 * Attended an event: at least `thresholdPercent` % of its sessions marked present or late.
 * An event without sessions counts nobody as attended.
 */
export function meetsThreshold(attendedSessions: number, totalSessions: number, thresholdPercent: number): boolean {
  if (totalSessions <= 0) return false;
  // integers only: 4 of 5 sessions is exactly 80 %, with no floating-point doubt at the boundary
  return attendedSessions * 100 >= thresholdPercent * totalSessions;
}

/** The fewest sessions that meet the threshold, for telling people what they need. */
export function sessionsNeeded(totalSessions: number, thresholdPercent: number): number {
  return Math.ceil((thresholdPercent * totalSessions) / 100);
}

export interface MarkStamp {
  markedAt: string;
  clientId: string;
}

/**
 * Two trainers mark the same person for the same session (one of them offline): the mark tapped
 * later wins, whichever reaches the server first; equal times are decided by the client id, so
 * every server and every replay order agrees. True when `incoming` replaces `current`.
 */
export function supersedes(incoming: MarkStamp, current: MarkStamp | undefined): boolean {
  if (!current) return true;
  if (incoming.markedAt !== current.markedAt) return incoming.markedAt > current.markedAt;
  return incoming.clientId > current.clientId;
}

/**
 * When a mark was made: the time the trainer's device gives, but never later than the server's
 * clock (a phone set in the future must not win every conflict) nor earlier than a day before the
 * session (a phone set years back must not lose every one).
 */
export function clampMarkTime(clientAt: string | undefined, now: Date, sessionStartsAt: string): string {
  const t = clientAt ? Date.parse(clientAt) : Number.NaN;
  if (!Number.isFinite(t)) return now.toISOString();
  // a day before the session — or before now, for marks taken ahead of it (a rehearsal, a wrong
  // session opened): otherwise every such tap would be clamped to `now` and their order lost
  const earliest = Math.min(Date.parse(sessionStartsAt), now.getTime()) - 24 * 3600_000;
  return new Date(Math.min(now.getTime(), Math.max(earliest, t))).toISOString();
}

/** A self check-in code lasts one step; a code is taken for QR_ACCEPT_STEPS steps after it is shown. */
export const QR_STEP_SECONDS = 10;
export const QR_ACCEPT_STEPS = 3;
/** Learners may check in from this long before a session starts until it ends. */
export const CHECK_IN_EARLY_MINUTES = 30;

export function qrStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / QR_STEP_SECONDS);
}

/** The code shown for `step`: `<step>.<mac>`, the MAC keyed by the session's own secret. */
export function checkInCode(secret: string, sessionId: string, step: number): string {
  const mac = hmac(SHA256, decodeBase64urlIgnorePadding(secret), new TextEncoder().encode(`check-in:${sessionId}:${step}`));
  return `${step}.${encodeBase64urlNoPadding(mac.slice(0, 12))}`;
}

/**
 * Whether a scanned code is genuine and fresh: made for this session, shown at most
 * QR_ACCEPT_STEPS steps ago (so a photo passed on stops working within half a minute), and not
 * from the future.
 */
export function checkInCodeValid(code: string, secret: string, sessionId: string, now: Date): boolean {
  const m = /^(\d{1,12})\.([A-Za-z0-9_-]{16})$/.exec(code);
  if (!m) return false;
  const step = Number(m[1]);
  const current = qrStep(now);
  if (step > current || step <= current - QR_ACCEPT_STEPS) return false;
  const expected = checkInCode(secret, sessionId, step);
  return timingSafeEqualText(expected, code);
}

function timingSafeEqualText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export function newSecret(): string {
  return encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(32)));
}

/** A short code for a person's row on the paper sheet: 8 characters without look-alikes. */
export function newSheetCode(): string {
  const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => alphabet[b % 32]).join("");
}

/** Ulaanbaatar keeps UTC+8 all year (no daylight saving since 2017). */
export const MONGOLIA_OFFSET = "+08:00";

/** A session's date and hh:mm in Ulaanbaatar time, as the ISO UTC instant stored. */
export function localToInstant(date: string, time: string): string {
  return new Date(`${date}T${time}:00${MONGOLIA_OFFSET}`).toISOString();
}

/** The Ulaanbaatar date (YYYY-MM-DD) and time (hh:mm) of a stored instant. */
export function instantToLocal(iso: string): { date: string; time: string } {
  const local = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}
