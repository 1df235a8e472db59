// The roll call of one session, for the routes: who may open it (404 for unknown or mismatched
// ids, 403 for people who may not manage the event), the list it shows, and the checks on what a
// phone sends back (a form tap, or a queued batch from a phone that was offline).
import QRCode from "qrcode";
import { z } from "zod";
import { ATTENDANCE_MARKS, type AttendanceMark } from "../../../db/schema";
import { forbidden, hasRole, readableAimags } from "~/features/auth/guards.server";
import type { CurrentUser } from "~/features/auth/guards.server";
import { publicBase } from "~/features/certificates/base-url.server";
import { listAimags, listSums } from "~/features/geo/repository.server";
import { normalisePhone } from "~/features/users/schemas";
import type { Language } from "~/i18n/config";
import { formatDateLong, shortName } from "~/i18n/format";
import { canManageEvent, type MarkResult } from "./events.server";
import * as repo from "./repository.server";
import { checkInCode, instantToLocal, QR_STEP_SECONDS, qrStep } from "./rules";

export const SYNC_MAX = 200;

function notFound(): Response {
  return new Response("Not found", { status: 404 });
}

/** The event and session named in the URL, for someone who may take its roll; throws 404/403 otherwise. */
export async function requireRollCall(user: CurrentUser, eventId: string | undefined, sessionId: string | undefined) {
  const session = sessionId ? await repo.findSession(sessionId) : undefined;
  if (!session || session.event_id !== eventId) throw notFound();
  const event = await repo.findEvent(session.event_id);
  if (!event) throw notFound();
  if (!(await canManageEvent(user, event))) throw forbidden();
  return { event, session };
}

/** "2026 оны 12 сарын 10, 09:30–12:30" in Ulaanbaatar time. */
export function sessionWhen(session: { starts_at: string; ends_at: string }, lng: Language): string {
  return `${formatDateLong(session.starts_at, lng)}, ${instantToLocal(session.starts_at).time}–${instantToLocal(session.ends_at).time}`;
}

/** hh:mm in Ulaanbaatar time. */
export function clock(iso: string): string {
  return instantToLocal(iso).time;
}

export interface RollRow {
  userId: string;
  name: string;
  place: string;
  walkIn: boolean;
  /** Has completed one of the event's courses (attendance may have been the last step). */
  completed: boolean;
  /** A fresh id per rendered row: re-sending the same form is one mark. */
  clientId: string;
  mark: AttendanceMark | null;
  /** Set when someone else (another trainer, or the learner by QR) made the current mark. */
  by: { name: string; at: string; qr: boolean } | null;
}

/** The people of the session's event with their marks: registered (and walk-ins), then waiting. */
export async function rollCallList(user: CurrentUser, eventId: string, sessionId: string, lng: Language) {
  const [people, marks, completed] = await Promise.all([
    repo.listRegistrations(eventId),
    repo.listSessionMarks(sessionId),
    repo.usersWhoCompletedEventCourses(eventId),
  ]);
  const byUser = new Map(marks.map((m) => [m.user_id, m]));
  const row = (p: (typeof people)[number]): RollRow => {
    const m = byUser.get(p.user_id);
    const sum = lng === "en" ? p.sum_en : p.sum_mn;
    const org = lng === "en" ? p.organisation_en : p.organisation_mn;
    return {
      userId: p.user_id,
      name: `${p.surname} ${p.given_name}`.trim(),
      place: [sum, org].filter(Boolean).join(" · "),
      walkIn: Boolean(p.walk_in),
      completed: completed.has(p.user_id),
      clientId: crypto.randomUUID(),
      mark: m?.mark ?? null,
      by:
        m && m.marked_by !== user.id
          ? {
              name: m.marker_surname ? shortName({ surname: m.marker_surname, given_name: m.marker_given_name ?? "" }) : "—",
              at: clock(m.marked_at),
              qr: m.source === "qr",
            }
          : null,
    };
  };
  const registered = people.filter((p) => p.status === "registered").map(row);
  const waiting = people.filter((p) => p.status === "waiting").map(row);
  const counts = { present: 0, late: 0, absent: 0, excused: 0, unmarked: 0 };
  for (const r of registered) counts[r.mark ?? "unmarked"] += 1;
  return { registered, waiting, counts };
}

/** Whose search a walk-in search is: trainers and administrators find anyone, coordinators their aimag. */
export function walkInScope(user: CurrentUser): "all" | string[] {
  return hasRole(user, "trainer") ? "all" : readableAimags(user);
}

/** Aimags with their sums, the event's aimag first: the choices for a new walk-in's place. */
export async function placeChoices(eventAimag: string, lng: Language) {
  const [aimags, sums] = await Promise.all([listAimags(), listSums()]);
  const pick = (r: { name_mn: string; name_en: string }) => (lng === "en" ? r.name_en : r.name_mn);
  const ordered = [...aimags.filter((a) => a.code === eventAimag), ...aimags.filter((a) => a.code !== eventAimag)];
  return ordered.map((a) => ({
    code: a.code,
    name: pick(a),
    sums: sums.filter((s) => s.aimag_code === a.code).map((s) => ({ id: s.id, name: pick(s) })),
  }));
}

// ---- what the phone sends

const markEnum = z.enum(ATTENDANCE_MARKS as [AttendanceMark, ...AttendanceMark[]]);
const id = z.string().trim().min(1).max(100);

/** One tap without JavaScript: the row's form. */
export const MarkFormSchema = z.object({ userId: id, clientId: id, mark: markEnum });

/** A batch from the queue of a phone that was offline. */
export const SyncSchema = z
  .array(
    z.object({
      clientId: id,
      userId: z
        .string()
        .max(100)
        .regex(/^[A-Za-z0-9_-]{1,100}$/),
      mark: markEnum,
      markedAt: z.string().datetime({ offset: true }).optional(),
    }),
  )
  .min(1)
  .max(SYNC_MAX);

export function parseSyncBody(raw: FormDataEntryValue | null) {
  if (typeof raw !== "string" || raw.length > 100_000) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = SyncSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The answer to a batch: per mark its outcome and the mark that stands, with who made it (a name, not an id). */
export async function syncAnswer(sessionId: string, results: MarkResult[]) {
  const marks = new Map((await repo.listSessionMarks(sessionId)).map((m) => [m.user_id, m]));
  return results.map((r) => {
    const m = marks.get(r.userId);
    return {
      clientId: r.clientId,
      userId: r.userId,
      outcome: r.outcome,
      current: m
        ? {
            mark: m.mark,
            by: m.marker_surname ? shortName({ surname: m.marker_surname, given_name: m.marker_given_name ?? "" }) : "—",
            byId: m.marked_by,
            at: clock(m.marked_at),
          }
        : null,
    };
  });
}
export type SyncResult = Awaited<ReturnType<typeof syncAnswer>>[number];

/** A new walk-in's details: names, a phone and/or an e-mail, and their aimag and sum. */
export const NewWalkInSchema = z
  .object({
    surname: z.string().trim().min(1, "rollCall.errors.required").max(100, "rollCall.errors.tooLong"),
    givenName: z.string().trim().min(1, "rollCall.errors.required").max(100, "rollCall.errors.tooLong"),
    phone: z
      .string()
      .trim()
      .max(30)
      .refine((v) => v === "" || /^\+?[\d\s()-]+$/.test(v), "rollCall.errors.phone")
      .transform(normalisePhone)
      .refine((v) => v === "" || (v.length >= 6 && v.length <= 15), "rollCall.errors.phone"),
    email: z
      .string()
      .trim()
      .max(200)
      .refine((v) => v === "" || z.string().email().safeParse(v).success, "rollCall.errors.email"),
    aimagCode: z.string().trim().min(1, "rollCall.errors.required").max(20),
    sumId: z.string().trim().min(1, "rollCall.errors.required").max(100),
  })
  .superRefine((v, ctx) => {
    if (!v.phone && !v.email) ctx.addIssue({ code: "custom", path: ["phone"], message: "rollCall.errors.phoneOrEmail" });
  });

// ---- self check-in by rotating QR code

/** The code shown now, the URL a learner's camera opens, the code as an SVG, and the seconds it has left. */
export async function currentCheckIn(session: { id: string; check_in_secret: string }, now = new Date()) {
  const step = qrStep(now);
  const code = checkInCode(session.check_in_secret, session.id, step);
  const url = `${publicBase().replace(/\/$/, "")}/check-in/${session.id}?c=${encodeURIComponent(code)}`;
  const svg = await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  const secondsLeft = Math.max(1, Math.ceil((step + 1) * QR_STEP_SECONDS - now.getTime() / 1000));
  const checkedIn = (await repo.listSessionMarks(session.id)).filter((m) => m.source === "qr").length;
  return { code, url, svg, secondsLeft, checkedIn };
}
