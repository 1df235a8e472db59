// The phone's queue of roll-call marks not yet confirmed by the server (see decision 018). Kept in
// localStorage, one key per trainer and session, so marks survive a reload or a dead battery and are
// only ever sent by the trainer who made them; when storage is unavailable (private mode, blocked)
// the queue lives in memory and is still sent.
import type { AttendanceMark } from "../../../db/schema";

export interface QueuedMark {
  clientId: string;
  userId: string;
  mark: AttendanceMark;
  markedAt: string;
}

const memory = new Map<string, QueuedMark[]>();

export function queueKey(userId: string, sessionId: string): string {
  return `erdem.rollCall.${userId}.${sessionId}`;
}

/** The service worker's store of roll-call pages (public/roll-call-sw.js names it the same way). */
export const ROLL_CALL_PAGES_CACHE = "erdem-roll-call-pages-v1";

/**
 * Signing out on this device: the stored roll-call pages (names of people) go, so nobody opens
 * them offline afterwards; the queue of unsent marks stays for its trainer's next sign-in.
 */
export async function forgetStoredPages(): Promise<void> {
  if (typeof caches === "undefined") return;
  await Promise.race([caches.delete(ROLL_CALL_PAGES_CACHE).catch(() => false), new Promise((resolve) => setTimeout(resolve, 1000))]);
}

function isMark(v: unknown): v is QueuedMark {
  if (!v || typeof v !== "object") return false;
  const m = v as Record<string, unknown>;
  return typeof m.clientId === "string" && typeof m.userId === "string" && typeof m.mark === "string" && typeof m.markedAt === "string";
}

export function readQueue(key: string): QueuedMark[] {
  try {
    const raw = window.localStorage.getItem(key);
    if (raw === null) return memory.get(key) ?? [];
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter(isMark) : [];
  } catch {
    return memory.get(key) ?? [];
  }
}

export function writeQueue(key: string, queue: QueuedMark[]): void {
  memory.set(key, queue);
  try {
    if (queue.length) window.localStorage.setItem(key, JSON.stringify(queue));
    else window.localStorage.removeItem(key);
  } catch {
    // storage full or blocked: the in-memory copy is still sent while the page is open
  }
}

export function newClientId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // crypto.randomUUID needs a secure context; a hall's intranet address may not be one
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

/** Adds a tap at the end of the queue; returns the new queue. */
export function enqueue(key: string, entry: Omit<QueuedMark, "clientId" | "markedAt">, now = new Date()): QueuedMark[] {
  const queue = [...readQueue(key), { ...entry, clientId: newClientId(), markedAt: now.toISOString() }];
  writeQueue(key, queue);
  return queue;
}

/** Drops the entries the server has answered for (by client id); entries added meanwhile stay. */
export function acknowledge(key: string, clientIds: Iterable<string>): QueuedMark[] {
  const done = new Set(clientIds);
  const queue = readQueue(key).filter((e) => !done.has(e.clientId));
  writeQueue(key, queue);
  return queue;
}

/** The latest queued mark per person: what the screen shows until the server answers. */
export function pendingMarks(queue: QueuedMark[]): Map<string, AttendanceMark> {
  const out = new Map<string, AttendanceMark>();
  for (const e of queue) out.set(e.userId, e.mark);
  return out;
}
