// In-person trainings, the use cases: plan an event, register and cancel (with a waiting list that
// holds under concurrent requests), take the roll (marks from a phone that was offline are accepted
// once each, the later tap winning a conflict), self check-in by rotating QR code, and the credit
// attendance gives toward a course. Each use case is one write transaction; attendance that meets
// the event's threshold completes the course through the completion service in that transaction.
import type { Kysely } from "kysely";
import { writeTransaction } from "../../../db/connection";
import type { AttendanceMark, DB, EventAudience } from "../../../db/schema";
import { database, db } from "~/db.server";
import { recordAudit } from "~/features/audit/audit.server";
import { hasRole, readableAimags } from "~/features/auth/guards.server";
import type { SessionUser } from "~/features/auth/session.server";
import { latestCertificate, revokeCertificate } from "~/features/certificates/certificates.server";
import type { CourseEntry } from "~/features/content/catalogue.server";
import { getCatalogue } from "~/features/content/content.server";
import { completeIfDue } from "~/features/enrolment/completion.server";
import { joinInTransaction } from "~/features/enrolment/enrolment.server";
import { attendanceSatisfied } from "~/features/enrolment/progress.server";
import { lockEnrolment } from "~/features/enrolment/repository.server";
import { notice, notify } from "~/features/notifications/notify.server";
import { EmailTakenError, insertWalkInUser } from "~/features/users/repository.server";
import * as repo from "./repository.server";
import { checkInCodeValid, CHECK_IN_EARLY_MINUTES, clampMarkTime, newSecret, newSheetCode, supersedes } from "./rules";

type Actor = Pick<SessionUser, "id" | "roles">;
export type EventRow = NonNullable<Awaited<ReturnType<typeof repo.findEvent>>>;

// ---- who may do what (one place; routes and tests ask these)

/** Plan a new event in this aimag: administrators anywhere, coordinators in their own aimag, trainers anywhere they travel. */
export function canPlanIn(user: Pick<SessionUser, "roles">, aimagCode: string): boolean {
  if (hasRole(user, "admin", "trainer")) return true;
  const scope = readableAimags(user);
  return scope !== "all" && scope.includes(aimagCode);
}

/** Edit an event and take its roll: administrators, the coordinator of its aimag, and its own trainers. */
export async function canManageEvent(user: Actor, event: Pick<EventRow, "id" | "aimag_code">, executor: Kysely<DB> = db): Promise<boolean> {
  if (hasRole(user, "admin")) return true;
  const scope = readableAimags(user);
  if (scope !== "all" && scope.includes(event.aimag_code)) return true;
  return hasRole(user, "trainer") && (await repo.isEventTrainer(event.id, user.id, executor));
}

/** Register someone else: administrators anyone, coordinators people of their aimag. Trainers add walk-ins through the roll call. */
export function canRegisterPeopleOf(user: Pick<SessionUser, "roles">, aimagCode: string): boolean {
  const scope = readableAimags(user);
  return scope === "all" || scope.includes(aimagCode);
}

// ---- planning

export interface EventInput {
  campaignId: string | null;
  titleMn: string;
  titleEn: string;
  aimagCode: string;
  sumId: string | null;
  venue: string;
  audience: EventAudience[];
  capacity: number;
  thresholdPercent: number;
  courses: string[];
  trainers: string[];
  sessions: repo.SessionValues[];
}

export type PlanProblem = "forbidden" | "noSessions" | "sessionHasMarks" | "notFound";

function eventColumns(input: EventInput) {
  const starts = input.sessions.map((s) => s.starts_at).sort();
  const ends = input.sessions.map((s) => s.ends_at).sort();
  return {
    campaign_id: input.campaignId,
    title_mn: input.titleMn,
    title_en: input.titleEn,
    aimag_code: input.aimagCode,
    sum_id: input.sumId,
    venue: input.venue,
    audience: input.audience.join(","),
    capacity: input.capacity,
    threshold_percent: input.thresholdPercent,
    starts_at: starts[0],
    ends_at: ends[ends.length - 1],
  };
}

/** Creates an event with its sessions, courses and trainers; a trainer who plans it runs it. */
export async function createEvent(actor: Actor, input: EventInput, now = new Date()): Promise<{ id: string } | { problem: PlanProblem }> {
  if (!canPlanIn(actor, input.aimagCode)) return { problem: "forbidden" };
  if (!input.sessions.length) return { problem: "noSessions" };
  const trainers = [...new Set([...input.trainers, ...(hasRole(actor, "trainer") && !hasRole(actor, "admin") ? [actor.id] : [])])];
  const id = crypto.randomUUID();
  await writeTransaction(database, async (trx) => {
    await repo.insertEvent(
      trx,
      { id, ...eventColumns(input), status: "scheduled", created_by: actor.id, created_at: now.toISOString(), updated_at: now.toISOString() },
      [...new Set(input.courses)],
      trainers,
    );
    await repo.insertSessions(
      trx,
      input.sessions.map((s) => ({
        id: crypto.randomUUID(),
        event_id: id,
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        self_check_in: s.self_check_in ? 1 : 0,
        check_in_secret: newSecret(),
      })),
    );
    await recordAudit(
      { actorId: actor.id, action: "event.create", targetType: "training_event", targetId: id, detail: { title: input.titleMn, aimag: input.aimagCode } },
      trx,
    );
  });
  return { id };
}

/**
 * Changes an event. Sessions keep their ids (and marks); a session with marks cannot be removed.
 * A larger capacity lets the first people waiting in; a smaller one moves nobody out.
 */
export async function updateEvent(
  actor: Actor,
  eventId: string,
  input: EventInput,
  now = new Date(),
): Promise<{ id: string; promoted: string[] } | { problem: PlanProblem }> {
  if (!input.sessions.length) return { problem: "noSessions" };
  try {
    return await writeTransaction(database, async (trx) => {
      const event = await repo.lockEvent(trx, eventId);
      if (!event) throw new Problem("notFound");
      // the old aimag's coordinator and the event's trainers may edit; moving it needs the right to plan in the new aimag too
      if (!(await canManageEvent(actor, event, trx)) || (!canPlanIn(actor, input.aimagCode) && input.aimagCode !== event.aimag_code))
        throw new Problem("forbidden");
      // attendance credit as it stands before the change (sessions, threshold and courses all count)
      const marked = await repo.usersWithMarksAtEvent(eventId, trx);
      const coursesBefore = creditedCourses((await repo.findEventCourses(eventId, trx)).map((c) => c.course_slug));
      const creditBefore = new Map<string, Set<string>>();
      for (const userId of marked) creditBefore.set(userId, await creditedSlugs(trx, userId, coursesBefore));
      const existing = await repo.findSessions(eventId, trx);
      const keep = new Set(input.sessions.flatMap((s) => (s.id ? [s.id] : [])));
      const removed = existing.filter((s) => !keep.has(s.id)).map((s) => s.id);
      if ((await repo.sessionsWithMarks(trx, removed)).size) throw new Problem("sessionHasMarks");
      await repo.deleteSessions(trx, removed);
      const known = new Set(existing.map((s) => s.id));
      for (const s of input.sessions)
        if (s.id && known.has(s.id))
          await repo.updateSession(trx, s.id, { starts_at: s.starts_at, ends_at: s.ends_at, self_check_in: s.self_check_in ? 1 : 0 });
      await repo.insertSessions(
        trx,
        input.sessions
          .filter((s) => !s.id || !known.has(s.id))
          .map((s) => ({
            id: crypto.randomUUID(),
            event_id: eventId,
            starts_at: s.starts_at,
            ends_at: s.ends_at,
            self_check_in: s.self_check_in ? 1 : 0,
            check_in_secret: newSecret(),
          })),
      );
      await repo.updateEventRow(trx, eventId, { ...eventColumns(input), updated_at: now.toISOString() });
      await repo.replaceEventLinks(trx, eventId, [...new Set(input.courses)], [...new Set(input.trainers)]);
      const promoted = await promoteWaiting(trx, eventId, input.capacity, now);
      await settleCredit(trx, actor.id, eventId, creditBefore, [...coursesBefore, ...creditedCourses(input.courses)], now);
      await recordAudit(
        { actorId: actor.id, action: "event.update", targetType: "training_event", targetId: eventId, detail: { title: input.titleMn, promoted } },
        trx,
      );
      return { id: eventId, promoted };
    });
  } catch (error) {
    if (error instanceof Problem) return { problem: error.problem as PlanProblem };
    throw error;
  }
}

/**
 * Cancels an event: nobody can register any more; registrations stay for the record. An event
 * whose roll has been taken is not cancelled: it took place, and cancelling it would silently take
 * away the credit its attendance gave (attendance counts only at scheduled events).
 */
export async function cancelEvent(actor: Actor, eventId: string, now = new Date()): Promise<"cancelled" | "already" | "forbidden" | "hasAttendance"> {
  return writeTransaction(database, async (trx) => {
    const event = await repo.lockEvent(trx, eventId);
    if (!event || !(await canManageEvent(actor, event, trx))) return "forbidden";
    if (event.status === "cancelled") return "already";
    const sessions = await repo.findSessions(eventId, trx);
    if (
      (
        await repo.sessionsWithMarks(
          trx,
          sessions.map((s) => s.id),
        )
      ).size
    )
      return "hasAttendance";
    await repo.updateEventRow(trx, eventId, { status: "cancelled", updated_at: now.toISOString() });
    const people = (await repo.listRegistrations(eventId, {}, trx)).filter((r) => r.status === "registered" || r.status === "waiting");
    await notify(
      trx,
      people.map((r) =>
        notice({
          userId: r.user_id,
          kind: "event_cancelled",
          params: { event: { mn: event.title_mn, en: event.title_en }, starts: event.starts_at },
          link: "/events",
          dedupeKey: `event_cancelled:${eventId}:${r.user_id}`,
        }),
      ),
      now,
    );
    await recordAudit({ actorId: actor.id, action: "event.cancel", targetType: "training_event", targetId: eventId, detail: { title: event.title_mn } }, trx);
    return "cancelled";
  });
}

// ---- registration and the waiting list

export type RegistrationOutcome =
  | { status: "registered"; already: boolean }
  | { status: "waiting"; position: number; already: boolean }
  | { problem: "notFound" | "cancelled" | "ended" | "forbidden" };

/** Lets the first people waiting in while there is room; their ids, in the order they came in. */
async function promoteWaiting(trx: Kysely<DB>, eventId: string, capacity: number, now: Date): Promise<string[]> {
  const free = capacity - (await repo.countRegistered(eventId, trx));
  if (free <= 0) return [];
  const next = await repo.firstWaiting(eventId, free, trx);
  for (const r of next) {
    await repo.updateRegistration(trx, r.id, { status: "registered", promoted_at: now.toISOString() });
    await recordAudit({ actorId: null, action: "event.promote", targetType: "training_event", targetId: eventId, detail: { userId: r.user_id } }, trx);
  }
  const event = next.length ? await repo.findEvent(eventId, trx) : undefined;
  if (event)
    await notify(
      trx,
      next.map((r) =>
        notice({
          userId: r.user_id,
          kind: "event_promoted",
          params: eventParams(event),
          link: `/events/${eventId}`,
          dedupeKey: `event_promoted:${r.id}:${now.toISOString()}`,
        }),
      ),
      now,
    );
  return next.map((r) => r.user_id);
}

/** What an event's notifications say of it. */
function eventParams(event: Pick<DB["training_event"], "title_mn" | "title_en" | "starts_at" | "venue">) {
  return { event: { mn: event.title_mn, en: event.title_en }, starts: event.starts_at, venue: event.venue };
}

/**
 * Registers a person for an event — a place if there is one, else the end of the waiting list —
 * and enrols them in the event's courses. The event row is locked first, so concurrent
 * registrations are counted one after the other: never more registered than places, and the
 * waiting list in the order the requests got the lock. Registering again changes nothing.
 * `by` is the coordinator or administrator who registers someone else (checked by the caller).
 */
export async function register(
  userId: string,
  eventId: string,
  opts: { by?: string; now?: Date; executor?: Kysely<DB>; walkIn?: boolean } = {},
): Promise<RegistrationOutcome> {
  const now = opts.now ?? new Date();
  const run = async (trx: Kysely<DB>): Promise<RegistrationOutcome> => {
    const event = await repo.lockEvent(trx, eventId);
    if (!event) return { problem: "notFound" };
    if (event.status === "cancelled") return { problem: "cancelled" };
    if (event.ends_at < now.toISOString() && !opts.walkIn) return { problem: "ended" };
    const existing = await repo.findRegistration(eventId, userId, trx);
    if (existing && existing.status === "registered") return { status: "registered", already: true };
    if (existing && existing.status === "waiting" && !opts.walkIn)
      return { status: "waiting", position: await repo.waitingPosition(eventId, existing.queue_no, trx), already: true };
    // a walk-in is in the hall: they get a place whatever the capacity says
    const room = opts.walkIn || (await repo.countRegistered(eventId, trx)) < event.capacity;
    const status = room ? "registered" : "waiting";
    const queueNo = await repo.nextQueueNo(eventId, trx);
    const stamp = { status, queue_no: queueNo, registered_at: now.toISOString(), registered_by: opts.by ?? userId, walk_in: opts.walkIn ? 1 : 0 } as const;
    if (existing) await repo.updateRegistration(trx, existing.id, { ...stamp, cancelled_at: null, promoted_at: null });
    else
      await repo.insertRegistration(trx, {
        id: crypto.randomUUID(),
        event_id: eventId,
        user_id: userId,
        sheet_code: newSheetCode(),
        promoted_at: null,
        cancelled_at: null,
        ...stamp,
      });
    for (const { course_slug } of await repo.findEventCourses(eventId, trx)) {
      const e = await lockEnrolment(trx, userId, course_slug);
      if (e?.status !== "active") await joinInTransaction(trx, userId, course_slug, { actorId: opts.by ?? userId, by: opts.by });
    }
    if (!opts.walkIn) {
      const params = eventParams(event);
      const waiting = status === "waiting" ? { position: await repo.waitingPosition(eventId, queueNo, trx) } : null;
      await notify(
        trx,
        [
          waiting
            ? notice({
                userId,
                kind: "event_waiting",
                params: { ...params, ...waiting },
                link: `/events/${eventId}`,
                dedupeKey: `event_waiting:${eventId}:${userId}:${now.toISOString()}`,
              })
            : notice({
                userId,
                kind: "event_registered",
                params,
                link: `/events/${eventId}`,
                dedupeKey: `event_registered:${eventId}:${userId}:${now.toISOString()}`,
              }),
        ],
        now,
      );
    }
    await recordAudit(
      {
        actorId: opts.by ?? userId,
        action: "event.register",
        targetType: "training_event",
        targetId: eventId,
        detail: { userId, status, walkIn: Boolean(opts.walkIn) },
      },
      trx,
    );
    if (status === "registered") return { status, already: false };
    return { status, position: await repo.waitingPosition(eventId, queueNo, trx), already: false };
  };
  return opts.executor ? run(opts.executor) : writeTransaction(database, run);
}

/** Cancels a registration (or leaves the waiting list); a freed place goes to the first person waiting. */
export async function cancelRegistration(
  userId: string,
  eventId: string,
  opts: { by?: string; now?: Date } = {},
): Promise<{ cancelled: boolean; promoted: string[] }> {
  const now = opts.now ?? new Date();
  return writeTransaction(database, async (trx) => {
    const event = await repo.lockEvent(trx, eventId);
    const existing = event && (await repo.findRegistration(eventId, userId, trx));
    if (!event || !existing || existing.status === "cancelled") return { cancelled: false, promoted: [] };
    await repo.updateRegistration(trx, existing.id, { status: "cancelled", cancelled_at: now.toISOString() });
    const promoted = event.status === "scheduled" ? await promoteWaiting(trx, eventId, event.capacity, now) : [];
    await recordAudit(
      {
        actorId: opts.by ?? userId,
        action: "event.unregister",
        targetType: "training_event",
        targetId: eventId,
        detail: { userId, was: existing.status, promoted },
      },
      trx,
    );
    return { cancelled: true, promoted };
  });
}

// ---- attendance

export interface IncomingMark {
  userId: string;
  mark: AttendanceMark;
  /** Made by the device that took the mark; the same id sent twice is one mark. */
  clientId: string;
  /** When the trainer tapped (the device's clock). */
  markedAt?: string;
}

export interface MarkResult {
  clientId: string;
  userId: string;
  /** applied: this mark is the current one; superseded: a later mark (another trainer's) stands; refused: not on this event's lists. */
  outcome: "applied" | "superseded" | "refused";
  current: { mark: AttendanceMark; markedBy: string | null; markedAt: string } | null;
}

/** Courses (with an in-person requirement) an event gives credit toward. */
function creditedCourses(slugs: string[]): CourseEntry[] {
  const courses = getCatalogue().courses;
  return slugs.flatMap((slug) => courses.filter((c) => c.slug === slug && c.meta.inPersonRequired));
}

/**
 * Records marks for one session: each client id once (a replay returns the first answer), the
 * later tap winning a conflict. Then, for everyone whose attendance changed, completes the
 * event's courses when it now meets the threshold — or, when a correction took credit away from
 * someone already certified, flags it for an administrator (nothing is revoked silently).
 * One transaction: the marks, the receipts, completions and certificates, flags and audit rows.
 */
export async function recordMarks(
  actor: Actor,
  sessionId: string,
  marks: IncomingMark[],
  opts: { source?: "roll" | "qr" | "sheet"; now?: Date; skipAuthorization?: boolean } = {},
): Promise<MarkResult[] | { problem: "notFound" | "forbidden" }> {
  const now = opts.now ?? new Date();
  const source = opts.source ?? "roll";
  try {
    return await writeTransaction(database, async (trx) => {
      const session = await repo.findSession(sessionId, trx);
      if (!session) throw new Problem("notFound");
      const event = (await repo.lockEvent(trx, session.event_id))!;
      if (!opts.skipAuthorization && !(await canManageEvent(actor, event, trx))) throw new Problem("forbidden");
      return applyMarks(trx, actor.id, event, session, marks, source, now);
    });
  } catch (error) {
    if (error instanceof Problem) return { problem: error.problem as "notFound" | "forbidden" };
    throw error;
  }
}

async function applyMarks(
  trx: Kysely<DB>,
  actorId: string,
  event: EventRow,
  session: { id: string; starts_at: string; ends_at: string },
  marks: IncomingMark[],
  source: "roll" | "qr" | "sheet",
  now: Date,
): Promise<MarkResult[]> {
  const results: MarkResult[] = [];
  const changed = new Set<string>();
  const courses = creditedCourses((await repo.findEventCourses(event.id, trx)).map((c) => c.course_slug));
  const creditBefore = new Map<string, Set<string>>();
  for (const m of marks) {
    const receipt = await repo.findReceipt(m.clientId, trx);
    if (receipt) {
      const row = await repo.findAttendanceRow(receipt.session_id, receipt.user_id, trx);
      results.push({
        clientId: m.clientId,
        userId: receipt.user_id,
        outcome: receipt.outcome,
        current: row ? { mark: row.mark, markedBy: row.marked_by, markedAt: row.marked_at } : null,
      });
      continue;
    }
    const registration = await repo.findRegistration(event.id, m.userId, trx);
    if (!registration) {
      results.push({ clientId: m.clientId, userId: m.userId, outcome: "refused", current: null });
      continue;
    }
    if (!creditBefore.has(m.userId)) creditBefore.set(m.userId, await creditedSlugs(trx, m.userId, courses));
    // someone waiting or cancelled who is marked as there came after all: they hold a place now
    if (registration.status !== "registered" && (m.mark === "present" || m.mark === "late"))
      await repo.updateRegistration(trx, registration.id, { status: "registered", walk_in: 1, cancelled_at: null });
    const markedAt = clampMarkTime(m.markedAt, now, session.starts_at);
    const current = await repo.findAttendanceRow(session.id, m.userId, trx);
    const wins = supersedes({ markedAt, clientId: m.clientId }, current ? { markedAt: current.marked_at, clientId: current.client_id } : undefined);
    if (wins) {
      await repo.upsertAttendance(trx, {
        session_id: session.id,
        user_id: m.userId,
        mark: m.mark,
        source,
        marked_by: actorId,
        marked_at: markedAt,
        received_at: now.toISOString(),
        client_id: m.clientId,
      });
      if (current && current.mark !== m.mark) {
        await recordAudit(
          {
            actorId,
            action: "attendance.correct",
            targetType: "training_event",
            targetId: event.id,
            detail: { sessionId: session.id, userId: m.userId, from: current.mark, to: m.mark, previousBy: current.marked_by },
          },
          trx,
        );
      }
      if (!current || current.mark !== m.mark) changed.add(m.userId);
    }
    await repo.insertReceipt(trx, {
      client_id: m.clientId,
      session_id: session.id,
      user_id: m.userId,
      outcome: wins ? "applied" : "superseded",
      received_at: now.toISOString(),
    });
    const row = wins ? { mark: m.mark, markedBy: actorId, markedAt } : { mark: current!.mark, markedBy: current!.marked_by, markedAt: current!.marked_at };
    results.push({ clientId: m.clientId, userId: m.userId, outcome: wins ? "applied" : "superseded", current: row });
  }
  if (changed.size) {
    await recordAudit(
      { actorId, action: "attendance.mark", targetType: "training_event", targetId: event.id, detail: { sessionId: session.id, source, people: changed.size } },
      trx,
    );
  }
  await settleCredit(trx, actorId, event.id, new Map([...changed].map((userId) => [userId, creditBefore.get(userId) ?? new Set<string>()])), courses, now);
  return results;
}

/**
 * After a change to marks or to the event itself: completes the courses whose in-person part is
 * now met, and flags credit that was there before and is gone (never revokes by itself).
 */
async function settleCredit(trx: Kysely<DB>, actorId: string, eventId: string, creditBefore: Map<string, Set<string>>, courses: CourseEntry[], now: Date) {
  const unique = [...new Map(courses.map((c) => [c.slug, c])).values()];
  for (const [userId, before] of creditBefore) {
    const after = await creditedSlugs(trx, userId, unique);
    for (const course of unique) {
      if (after.has(course.slug)) await completeIfDue(trx, userId, course, { now });
      else if (before.has(course.slug)) await flagWithdrawnCredit(trx, actorId, userId, course.slug, eventId, now);
    }
  }
}

async function creditedSlugs(trx: Kysely<DB>, userId: string, courses: CourseEntry[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const c of courses) if (await attendanceSatisfied(userId, c, trx)) out.add(c.slug);
  return out;
}

/** Credit taken away after the fact from someone who holds a certificate: an administrator decides. */
async function flagWithdrawnCredit(trx: Kysely<DB>, actorId: string, userId: string, courseSlug: string, eventId: string, now: Date) {
  const certificate = await latestCertificate(userId, courseSlug, trx);
  if (!certificate || certificate.revoked_at) return;
  if (await repo.findOpenCreditReview(userId, courseSlug, trx)) return;
  const id = crypto.randomUUID();
  await repo.insertCreditReview(trx, {
    id,
    user_id: userId,
    course_slug: courseSlug,
    event_id: eventId,
    certificate_id: certificate.id,
    created_at: now.toISOString(),
    created_by: actorId,
    resolved_at: null,
    resolved_by: null,
    resolution: null,
  });
  await recordAudit(
    {
      actorId,
      action: "attendance.creditWithdrawn",
      targetType: "certificate",
      targetId: certificate.id,
      detail: { userId, course: courseSlug, eventId, reviewId: id },
    },
    trx,
  );
}

// ---- walk-ins, self check-in, the paper sheet

export type WalkInInput =
  | { userId: string }
  | { surname: string; givenName: string; phone: string | null; email: string | null; aimagCode: string; sumId: string; locale: string };

/**
 * Someone who turns up without a registration: found among existing accounts, or given a minimal
 * new account (learner role, no password until staff give them a reset link), then registered
 * as a walk-in and — when `mark` is given — marked for the session. One transaction.
 */
export async function addWalkIn(
  actor: Actor,
  sessionId: string,
  who: WalkInInput,
  mark: IncomingMark["mark"] | null,
  now = new Date(),
): Promise<{ userId: string; created: boolean } | { problem: "notFound" | "forbidden" | "emailTaken" | "badPlace" }> {
  try {
    return await writeTransaction(database, async (trx) => {
      const session = await repo.findSession(sessionId, trx);
      if (!session) throw new Problem("notFound");
      const event = (await repo.lockEvent(trx, session.event_id))!;
      if (!(await canManageEvent(actor, event, trx))) throw new Problem("forbidden");
      let userId: string;
      let created = false;
      if ("userId" in who) {
        const user = await trx.selectFrom("users").select("id").where("id", "=", who.userId).where("disabled_at", "is", null).executeTakeFirst();
        if (!user) throw new Problem("notFound");
        userId = user.id;
      } else {
        const sum = await trx.selectFrom("sum").select(["id", "aimag_code"]).where("id", "=", who.sumId).executeTakeFirst();
        if (!sum || sum.aimag_code !== who.aimagCode) throw new Problem("badPlace");
        const office = await trx
          .selectFrom("organisation")
          .select("id")
          .where("id", "in", [`org-${sum.id}`, `org-${sum.aimag_code}`])
          .orderBy("id", "desc")
          .executeTakeFirst();
        if (!office) throw new Problem("badPlace");
        const email = who.email ?? `walk-in-${crypto.randomUUID()}@invalid`;
        const taken = await trx.selectFrom("users").select("id").where("email", "=", email.toLowerCase()).executeTakeFirst();
        if (taken) throw new Problem("emailTaken");
        userId = await insertWalkInUser(trx, {
          email,
          phone: who.phone,
          surname: who.surname,
          givenName: who.givenName,
          aimagCode: who.aimagCode,
          sumId: who.sumId,
          organisationId: office.id,
          locale: who.locale,
        });
        created = true;
        await recordAudit({ actorId: actor.id, action: "user.walkIn", targetType: "user", targetId: userId, detail: { eventId: event.id } }, trx);
      }
      await register(userId, event.id, { by: actor.id, now, executor: trx, walkIn: true });
      if (mark) await applyMarks(trx, actor.id, event, session, [{ userId, mark, clientId: `walk-in:${session.id}:${userId}:${now.getTime()}` }], "roll", now);
      return { userId, created };
    });
  } catch (error) {
    if (error instanceof Problem) return { problem: error.problem as "notFound" | "forbidden" | "emailTaken" | "badPlace" };
    // two trainers adding the same e-mail at once: the unique key decides, and the second is told so
    if (error instanceof EmailTakenError) return { problem: "emailTaken" };
    throw error;
  }
}

export type CheckInOutcome = { checkedIn: true; eventId: string } | { problem: "notFound" | "disabled" | "expired" | "closed" | "cancelled" };

/**
 * A signed-in learner scanned the session's QR code: with a fresh, genuine code during the session
 * (from half an hour before its start), they are marked present — registered as a walk-in if they
 * were not. Scanning again changes nothing.
 */
export async function selfCheckIn(userId: string, sessionId: string, code: string, now = new Date()): Promise<CheckInOutcome> {
  try {
    return await writeTransaction(database, async (trx) => {
      const session = await repo.findSession(sessionId, trx);
      if (!session) throw new Problem("notFound");
      if (!session.self_check_in) throw new Problem("disabled");
      if (!checkInCodeValid(code, session.check_in_secret, session.id, now)) throw new Problem("expired");
      const t = now.getTime();
      if (t < Date.parse(session.starts_at) - CHECK_IN_EARLY_MINUTES * 60_000 || t > Date.parse(session.ends_at)) throw new Problem("closed");
      const event = (await repo.lockEvent(trx, session.event_id))!;
      if (event.status === "cancelled") throw new Problem("cancelled");
      const reg = await repo.findRegistration(event.id, userId, trx);
      if (!reg || reg.status !== "registered") await register(userId, event.id, { now, executor: trx, walkIn: true });
      const current = await repo.findAttendanceRow(session.id, userId, trx);
      if (!current || (current.mark !== "present" && current.mark !== "late"))
        await applyMarks(trx, userId, event, session, [{ userId, mark: "present", clientId: `qr:${session.id}:${userId}:${t}` }], "qr", now);
      return { checkedIn: true as const, eventId: event.id };
    });
  } catch (error) {
    if (error instanceof Problem) return { problem: error.problem as "notFound" | "disabled" | "expired" | "closed" | "cancelled" };
    throw error;
  }
}

class Problem extends Error {
  constructor(readonly problem: string) {
    super(problem);
  }
}

// ---- campaigns

export interface CampaignInput {
  titleMn: string;
  titleEn: string;
  startsOn: string;
  endsOn: string;
}

/** A campaign row with its audit entry; who may create one is the caller's check. */
export async function createCampaignRow(actorId: string, input: CampaignInput, now = new Date()): Promise<string> {
  const id = crypto.randomUUID();
  await writeTransaction(database, async (trx) => {
    await repo.insertCampaign(
      {
        id,
        title_mn: input.titleMn,
        title_en: input.titleEn,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        created_by: actorId,
        created_at: now.toISOString(),
      },
      trx,
    );
    await recordAudit({ actorId, action: "campaign.create", targetType: "campaign", targetId: id, detail: { title: input.titleMn } }, trx);
  });
  return id;
}

// ---- campaigns (planning pages)

/** Administrators and coordinators start campaigns; a campaign groups events across aimags. */
export function canCreateCampaign(user: Pick<SessionUser, "roles">): boolean {
  return hasRole(user, "admin", "coordinator");
}

export async function createCampaign(actor: Actor, input: CampaignInput, now = new Date()): Promise<{ id: string } | { problem: "forbidden" }> {
  if (!canCreateCampaign(actor)) return { problem: "forbidden" };
  return { id: await createCampaignRow(actor.id, input, now) };
}

// ---- credit reviews (the paper fallback and reports part)

export type ReviewDecision = "kept" | "revoked";
export type ReviewOutcome = { resolved: true } | { problem: "notFound" | "forbidden" | "alreadyResolved" };

/**
 * An administrator decides on credit withdrawn after a certificate was issued: keep the
 * certificate, or revoke it with a reason. One transaction: the revocation (with its audit row),
 * the review's resolution and the decision's audit row; a review is decided once.
 */
export async function resolveCreditReview(
  adminId: string,
  reviewId: string,
  decision: ReviewDecision,
  reason: string,
  now = new Date(),
): Promise<ReviewOutcome> {
  if (!(await repo.isAdministrator(adminId))) return { problem: "forbidden" };
  return writeTransaction(database, async (trx): Promise<ReviewOutcome> => {
    const review = await repo.lockCreditReview(trx, reviewId);
    if (!review) return { problem: "notFound" };
    if (review.resolved_at) return { problem: "alreadyResolved" };
    if (decision === "revoked" && review.certificate_id) await revokeCertificate(review.certificate_id, reason, adminId, now, trx);
    await repo.resolveCreditReview(trx, reviewId, { resolved_at: now.toISOString(), resolved_by: adminId, resolution: decision });
    await recordAudit(
      {
        actorId: adminId,
        action: "creditReview.resolve",
        targetType: "certificate",
        targetId: review.certificate_id ?? review.id,
        detail: { reviewId, decision, reason, userId: review.user_id, course: review.course_slug, eventId: review.event_id },
      },
      trx,
    );
    return { resolved: true };
  });
}
