// Training events, campaigns, registrations and attendance: the only SQL for them. Functions a use
// case runs inside its write transaction take the transaction as `executor`.
import { sql, type Kysely } from "kysely";
import type { AttendanceMark, DB, EventAudience, RegistrationStatus } from "../../../db/schema";
import { database, db } from "~/db.server";
import { byMongolianName } from "~/i18n/format";
import { ATTENDED_MARKS } from "./rules";

type Executor = Kysely<DB>;

// ---- campaigns

export function insertCampaign(values: DB["campaign"], executor: Executor = db) {
  return executor.insertInto("campaign").values(values).execute();
}

export function findCampaign(id: string) {
  return db.selectFrom("campaign").selectAll().where("id", "=", id).executeTakeFirst();
}

export function listCampaigns() {
  return db.selectFrom("campaign").selectAll().orderBy("starts_on", "desc").orderBy("id").execute();
}

// ---- events

export interface EventValues {
  campaign_id: string | null;
  title_mn: string;
  title_en: string;
  aimag_code: string;
  sum_id: string | null;
  venue: string;
  audience: EventAudience[];
  capacity: number;
  threshold_percent: number;
}

export interface SessionValues {
  /** An existing session keeps its id (and its marks); a new one has none. */
  id?: string;
  starts_at: string;
  ends_at: string;
  self_check_in: boolean;
}

export function findEvent(id: string, executor: Executor = db) {
  return executor.selectFrom("training_event").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The event row, locked until the transaction ends: registrations and cancellations of one event run one after the other. */
export function lockEvent(trx: Executor, id: string) {
  const q = trx.selectFrom("training_event").selectAll().where("id", "=", id);
  return (database.engine === "postgres" ? q.forUpdate() : q).executeTakeFirst();
}

export async function insertEvent(trx: Executor, row: DB["training_event"], courses: string[], trainers: string[]) {
  await trx.insertInto("training_event").values(row).execute();
  await replaceEventLinks(trx, row.id, courses, trainers);
}

export async function updateEventRow(trx: Executor, id: string, values: Partial<DB["training_event"]>) {
  await trx.updateTable("training_event").set(values).where("id", "=", id).execute();
}

export async function replaceEventLinks(trx: Executor, eventId: string, courses: string[], trainers: string[]) {
  await trx.deleteFrom("event_course").where("event_id", "=", eventId).execute();
  await trx.deleteFrom("event_trainer").where("event_id", "=", eventId).execute();
  if (courses.length)
    await trx
      .insertInto("event_course")
      .values(courses.map((course_slug) => ({ event_id: eventId, course_slug })))
      .execute();
  if (trainers.length)
    await trx
      .insertInto("event_trainer")
      .values(trainers.map((user_id) => ({ event_id: eventId, user_id })))
      .execute();
}

export function findEventCourses(eventId: string, executor: Executor = db) {
  return executor.selectFrom("event_course").select("course_slug").where("event_id", "=", eventId).orderBy("course_slug").execute();
}

export function findEventTrainers(eventId: string, executor: Executor = db) {
  return executor
    .selectFrom("event_trainer")
    .innerJoin("users", "users.id", "event_trainer.user_id")
    .select(["users.id", "users.surname", "users.given_name", "users.email"])
    .where("event_trainer.event_id", "=", eventId)
    .orderBy("users.surname")
    .orderBy("users.given_name")
    .execute();
}

export async function isEventTrainer(eventId: string, userId: string, executor: Executor = db): Promise<boolean> {
  const row = await executor.selectFrom("event_trainer").select("user_id").where("event_id", "=", eventId).where("user_id", "=", userId).executeTakeFirst();
  return Boolean(row);
}

/**
 * The courses a trainer teaches and where: for each scheduled (not cancelled) event they are a
 * trainer of, its courses with the event's aimag: source (c) of the rule in content/trainers.server.ts.
 */
export function findTrainerCourseAimags(userId: string) {
  return db
    .selectFrom("event_trainer as t")
    .innerJoin("training_event as e", "e.id", "t.event_id")
    .innerJoin("event_course as c", "c.event_id", "e.id")
    .select(["c.course_slug", "e.aimag_code"])
    .distinct()
    .where("t.user_id", "=", userId)
    .where("e.status", "=", "scheduled")
    .execute();
}

export function findSessions(eventId: string, executor: Executor = db) {
  return executor.selectFrom("event_session").selectAll().where("event_id", "=", eventId).orderBy("starts_at").orderBy("id").execute();
}

export function findSession(sessionId: string, executor: Executor = db) {
  return executor.selectFrom("event_session").selectAll().where("id", "=", sessionId).executeTakeFirst();
}

export function insertSessions(trx: Executor, rows: DB["event_session"][]) {
  return rows.length ? trx.insertInto("event_session").values(rows).execute() : Promise.resolve([]);
}

export function updateSession(trx: Executor, id: string, values: { starts_at: string; ends_at: string; self_check_in: number }) {
  return trx.updateTable("event_session").set(values).where("id", "=", id).execute();
}

export function deleteSessions(trx: Executor, ids: string[]) {
  return ids.length ? trx.deleteFrom("event_session").where("id", "in", ids).execute() : Promise.resolve([]);
}

/** Sessions among `ids` that have any attendance mark (they may not be removed). */
export async function sessionsWithMarks(trx: Executor, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await trx.selectFrom("attendance").select("session_id").distinct().where("session_id", "in", ids).execute();
  return new Set(rows.map((r) => r.session_id));
}

export interface EventListFilter {
  /** Only these aimags (a coordinator's scope); "all" for everything. */
  aimags?: "all" | string[];
  aimagCode?: string;
  campaignId?: string;
  /** Events that end at or after this instant. */
  from?: string;
  /** Events that start before this instant. */
  to?: string;
  includeCancelled?: boolean;
  /** Only events this user trains. */
  trainerId?: string;
  /** Listed first: events in this aimag (a learner's own). */
  preferAimag?: string;
  limit?: number;
}

/** Events with their counts, soonest first — those in `preferAimag` before the rest. */
export function listEvents(f: EventListFilter = {}) {
  let q = db
    .selectFrom("training_event as e")
    .innerJoin("aimag", "aimag.code", "e.aimag_code")
    .leftJoin("sum", "sum.id", "e.sum_id")
    .select([
      "e.id",
      "e.campaign_id",
      "e.title_mn",
      "e.title_en",
      "e.aimag_code",
      "e.sum_id",
      "e.venue",
      "e.audience",
      "e.capacity",
      "e.threshold_percent",
      "e.status",
      "e.starts_at",
      "e.ends_at",
      "aimag.name_mn as aimag_mn",
      "aimag.name_en as aimag_en",
      "sum.name_mn as sum_mn",
      "sum.name_en as sum_en",
    ])
    .select((eb) => [
      eb
        .selectFrom("event_registration as r")
        .select((e2) => e2.fn.countAll<number>().as("n"))
        .whereRef("r.event_id", "=", "e.id")
        .where("r.status", "=", "registered")
        .as("registered"),
      eb
        .selectFrom("event_registration as r")
        .select((e2) => e2.fn.countAll<number>().as("n"))
        .whereRef("r.event_id", "=", "e.id")
        .where("r.status", "=", "waiting")
        .as("waiting"),
    ]);
  if (f.aimags && f.aimags !== "all") q = f.aimags.length ? q.where("e.aimag_code", "in", f.aimags) : q.where(sql<boolean>`1 = 0`);
  if (f.aimagCode) q = q.where("e.aimag_code", "=", f.aimagCode);
  if (f.campaignId) q = q.where("e.campaign_id", "=", f.campaignId);
  if (f.from) q = q.where("e.ends_at", ">=", f.from);
  if (f.to) q = q.where("e.starts_at", "<", f.to);
  if (!f.includeCancelled) q = q.where("e.status", "=", "scheduled");
  if (f.trainerId) {
    const trainerId = f.trainerId;
    q = q.where((eb) =>
      eb.exists(eb.selectFrom("event_trainer as t").select("t.user_id").whereRef("t.event_id", "=", "e.id").where("t.user_id", "=", trainerId)),
    );
  }
  if (f.preferAimag) q = q.orderBy(sql`case when e.aimag_code = ${f.preferAimag} then 0 else 1 end`);
  return q
    .orderBy("e.starts_at")
    .orderBy("e.id")
    .limit(f.limit ?? 500)
    .execute();
}

// ---- registrations

export function findRegistration(eventId: string, userId: string, executor: Executor = db) {
  return executor.selectFrom("event_registration").selectAll().where("event_id", "=", eventId).where("user_id", "=", userId).executeTakeFirst();
}

export function findRegistrationBySheetCode(eventId: string, code: string, executor: Executor = db) {
  return executor.selectFrom("event_registration").selectAll().where("event_id", "=", eventId).where("sheet_code", "=", code).executeTakeFirst();
}

export async function countRegistered(eventId: string, executor: Executor = db): Promise<number> {
  const row = await executor
    .selectFrom("event_registration")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("event_id", "=", eventId)
    .where("status", "=", "registered")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function nextQueueNo(eventId: string, executor: Executor): Promise<number> {
  const row = await executor
    .selectFrom("event_registration")
    .select((eb) => eb.fn.max<number | null>("queue_no").as("n"))
    .where("event_id", "=", eventId)
    .executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
}

/** The people first in line: waiting, in arrival order. */
export function firstWaiting(eventId: string, count: number, executor: Executor) {
  return executor
    .selectFrom("event_registration")
    .selectAll()
    .where("event_id", "=", eventId)
    .where("status", "=", "waiting")
    .orderBy("queue_no")
    .limit(count)
    .execute();
}

/** A waiting person's place in line (1 = next). */
export async function waitingPosition(eventId: string, queueNo: number, executor: Executor = db): Promise<number> {
  const row = await executor
    .selectFrom("event_registration")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("event_id", "=", eventId)
    .where("status", "=", "waiting")
    .where("queue_no", "<=", queueNo)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function insertRegistration(executor: Executor, row: DB["event_registration"]) {
  return executor.insertInto("event_registration").values(row).execute();
}

export function updateRegistration(
  executor: Executor,
  id: string,
  values: Partial<Pick<DB["event_registration"], "status" | "queue_no" | "promoted_at" | "cancelled_at" | "registered_at" | "registered_by" | "walk_in">>,
) {
  return executor.updateTable("event_registration").set(values).where("id", "=", id).execute();
}

/**
 * Everyone on an event's lists (registered, waiting; cancelled on request) with their details, in
 * Mongolian alphabetical order of surname and name (Ө after О, Ү after У — not code-point order),
 * the one order of the roll call, the paper sheet and its tick-off page.
 */
export async function listRegistrations(eventId: string, opts: { includeCancelled?: boolean } = {}, executor: Executor = db) {
  let q = executor
    .selectFrom("event_registration as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .innerJoin("sum as s", "s.id", "u.sum_id")
    .innerJoin("organisation as o", "o.id", "u.organisation_id")
    .select([
      "r.id",
      "r.user_id",
      "r.status",
      "r.queue_no",
      "r.sheet_code",
      "r.walk_in",
      "r.registered_at",
      "r.promoted_at",
      "r.cancelled_at",
      "u.surname",
      "u.given_name",
      "u.email",
      "u.phone",
      "u.position",
      "u.aimag_code",
      "s.name_mn as sum_mn",
      "s.name_en as sum_en",
      "o.name_mn as organisation_mn",
      "o.name_en as organisation_en",
    ])
    .where("r.event_id", "=", eventId);
  if (!opts.includeCancelled) q = q.where("r.status", "!=", "cancelled");
  const rows = await q.orderBy("r.id").execute();
  return rows.sort(byMongolianName);
}

/** A user's registrations for events that have not ended (with the event), soonest first. */
export function listUserRegistrations(userId: string, from: string) {
  return db
    .selectFrom("event_registration as r")
    .innerJoin("training_event as e", "e.id", "r.event_id")
    .select(["r.event_id", "r.status", "r.queue_no", "e.title_mn", "e.title_en", "e.starts_at", "e.ends_at", "e.venue", "e.aimag_code"])
    .where("r.user_id", "=", userId)
    .where("r.status", "!=", "cancelled")
    .where("e.ends_at", ">=", from)
    .orderBy("e.starts_at")
    .execute();
}

// ---- attendance

export function findAttendanceRow(sessionId: string, userId: string, executor: Executor) {
  return executor.selectFrom("attendance").selectAll().where("session_id", "=", sessionId).where("user_id", "=", userId).executeTakeFirst();
}

export async function upsertAttendance(executor: Executor, row: DB["attendance"]) {
  await executor
    .insertInto("attendance")
    .values(row)
    .onConflict((oc) =>
      oc.columns(["session_id", "user_id"]).doUpdateSet({
        mark: row.mark,
        source: row.source,
        marked_by: row.marked_by,
        marked_at: row.marked_at,
        received_at: row.received_at,
        client_id: row.client_id,
      }),
    )
    .execute();
}

export function findReceipt(clientId: string, executor: Executor) {
  return executor.selectFrom("attendance_receipt").selectAll().where("client_id", "=", clientId).executeTakeFirst();
}

export function insertReceipt(executor: Executor, row: DB["attendance_receipt"]) {
  return executor.insertInto("attendance_receipt").values(row).execute();
}

/** The marks of one session, with who made each. */
export function listSessionMarks(sessionId: string, executor: Executor = db) {
  return executor
    .selectFrom("attendance as a")
    .leftJoin("users as m", "m.id", "a.marked_by")
    .select(["a.user_id", "a.mark", "a.source", "a.marked_at", "a.marked_by", "m.surname as marker_surname", "m.given_name as marker_given_name"])
    .where("a.session_id", "=", sessionId)
    .execute();
}

/** How many of each event's sessions a user attended, for the events linked to a course. */
export function attendanceByEventForCourse(userId: string, courseSlug: string, executor: Executor = db) {
  return executor
    .selectFrom("training_event as e")
    .innerJoin("event_course as c", "c.event_id", "e.id")
    .select([
      "e.id",
      "e.threshold_percent",
      (eb) =>
        eb
          .selectFrom("event_session as s")
          .select((e2) => e2.fn.countAll<number>().as("n"))
          .whereRef("s.event_id", "=", "e.id")
          .as("sessions"),
      (eb) =>
        eb
          .selectFrom("attendance as a")
          .innerJoin("event_session as s", "s.id", "a.session_id")
          .select((e2) => e2.fn.countAll<number>().as("n"))
          .whereRef("s.event_id", "=", "e.id")
          .where("a.user_id", "=", userId)
          .where("a.mark", "in", ATTENDED_MARKS as AttendanceMark[])
          .as("attended"),
    ])
    .where("c.course_slug", "=", courseSlug)
    .where("e.status", "=", "scheduled")
    .where((eb) => eb.exists(eb.selectFrom("event_registration as r").select("r.id").whereRef("r.event_id", "=", "e.id").where("r.user_id", "=", userId)))
    .execute();
}

// ---- credit reviews

export function insertCreditReview(executor: Executor, row: DB["credit_review"]) {
  return executor.insertInto("credit_review").values(row).execute();
}

export function findOpenCreditReview(userId: string, courseSlug: string, executor: Executor) {
  return executor
    .selectFrom("credit_review")
    .selectAll()
    .where("user_id", "=", userId)
    .where("course_slug", "=", courseSlug)
    .where("resolved_at", "is", null)
    .executeTakeFirst();
}

export function resolveCreditReview(
  executor: Executor,
  id: string,
  values: { resolved_at: string; resolved_by: string; resolution: "kept" | "revoked" | "restored" },
) {
  return executor.updateTable("credit_review").set(values).where("id", "=", id).where("resolved_at", "is", null).executeTakeFirst();
}

export type { RegistrationStatus };

// ---- a course's in-person sessions, for its page

/** Scheduled events of a course that have not ended, those in `preferAimag` first, then soonest. */
export function listUpcomingEventsForCourse(courseSlug: string, from: string, preferAimag: string | null, limit = 5) {
  let q = db
    .selectFrom("training_event as e")
    .innerJoin("event_course as c", "c.event_id", "e.id")
    .innerJoin("aimag", "aimag.code", "e.aimag_code")
    .select([
      "e.id",
      "e.title_mn",
      "e.title_en",
      "e.starts_at",
      "e.ends_at",
      "e.aimag_code",
      "e.venue",
      "aimag.name_mn as aimag_mn",
      "aimag.name_en as aimag_en",
    ])
    .where("c.course_slug", "=", courseSlug)
    .where("e.status", "=", "scheduled")
    .where("e.ends_at", ">=", from);
  if (preferAimag) q = q.orderBy(sql`case when e.aimag_code = ${preferAimag} then 0 else 1 end`);
  return q.orderBy("e.starts_at").orderBy("e.id").limit(limit).execute();
}

/** A person's registration status for each of the given events (absent when none or cancelled). */
export async function registrationStatuses(userId: string, eventIds: string[]): Promise<Map<string, RegistrationStatus>> {
  return new Map((await findUserRegistrations(userId, eventIds)).map((r) => [r.event_id, r.status]));
}

// ---- planning pages (event form, people page)

/** Active users who hold the trainer role, for choosing an event's trainers. */
export function listTrainers() {
  return db
    .selectFrom("users as u")
    .innerJoin("user_role as r", "r.user_id", "u.id")
    .select(["u.id", "u.surname", "u.given_name", "u.email"])
    .where("r.role", "=", "trainer")
    .where("u.disabled_at", "is", null)
    .distinct()
    .orderBy("u.surname")
    .orderBy("u.given_name")
    .orderBy("u.id")
    .execute();
}

/** Of `ids`, those of active users who hold the trainer role. */
export async function trainerIds(ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectFrom("users as u")
    .innerJoin("user_role as r", "r.user_id", "u.id")
    .select("u.id")
    .where("r.role", "=", "trainer")
    .where("u.disabled_at", "is", null)
    .where("u.id", "in", ids)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** A user's registrations (not cancelled) for the given events. */
export function findUserRegistrations(userId: string, eventIds: string[]) {
  if (!eventIds.length) return Promise.resolve([]);
  return db
    .selectFrom("event_registration")
    .select(["event_id", "status", "queue_no"])
    .where("user_id", "=", userId)
    .where("event_id", "in", eventIds)
    .where("status", "!=", "cancelled")
    .execute();
}

export async function countWaiting(eventId: string): Promise<number> {
  const row = await db
    .selectFrom("event_registration")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("event_id", "=", eventId)
    .where("status", "=", "waiting")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- the roll call's view of completion

/** People on an event's lists who have completed one of its courses (the roll call shows it). */
export async function usersWhoCompletedEventCourses(eventId: string, executor: Executor = db): Promise<Set<string>> {
  const rows = await executor
    .selectFrom("event_registration as r")
    .innerJoin("event_course as c", "c.event_id", "r.event_id")
    .innerJoin("enrolment as e", (j) => j.onRef("e.user_id", "=", "r.user_id").onRef("e.course_slug", "=", "c.course_slug"))
    .select("r.user_id")
    .distinct()
    .where("r.event_id", "=", eventId)
    .where("e.completed_at", "is not", null)
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

// ---- paper sheet, credit reviews and event reports (the paper fallback and reports part)

/** An event with the names of its aimag, sum and campaign, for the printed sheet and the report pages. */
export function findEventWithPlace(eventId: string, executor: Executor = db) {
  return executor
    .selectFrom("training_event as e")
    .innerJoin("aimag as a", "a.code", "e.aimag_code")
    .leftJoin("sum as s", "s.id", "e.sum_id")
    .leftJoin("campaign as c", "c.id", "e.campaign_id")
    .selectAll("e")
    .select([
      "a.name_mn as aimag_mn",
      "a.name_en as aimag_en",
      "s.name_mn as sum_mn",
      "s.name_en as sum_en",
      "c.title_mn as campaign_mn",
      "c.title_en as campaign_en",
    ])
    .where("e.id", "=", eventId)
    .executeTakeFirst();
}

/** Credit reviews with the people around them (learner, who corrected, who decided), newest first. */
export function listCreditReviewItems(opts: { open: boolean; aimags: "all" | string[]; limit?: number }) {
  let q = db
    .selectFrom("credit_review as cr")
    .innerJoin("users as u", "u.id", "cr.user_id")
    .leftJoin("training_event as e", "e.id", "cr.event_id")
    .leftJoin("certificate as c", "c.id", "cr.certificate_id")
    .leftJoin("users as by", "by.id", "cr.created_by")
    .leftJoin("users as rb", "rb.id", "cr.resolved_by")
    .select([
      "cr.id",
      "cr.user_id",
      "cr.course_slug",
      "cr.event_id",
      "cr.certificate_id",
      "cr.created_at",
      "cr.resolved_at",
      "cr.resolution",
      "u.surname",
      "u.given_name",
      "u.aimag_code",
      "e.title_mn as event_title_mn",
      "e.title_en as event_title_en",
      "e.starts_at as event_starts_at",
      "c.serial",
      "c.revoked_at",
      "c.revoked_reason",
      "by.surname as by_surname",
      "by.given_name as by_given_name",
      "rb.surname as resolver_surname",
      "rb.given_name as resolver_given_name",
    ]);
  q = opts.open ? q.where("cr.resolved_at", "is", null) : q.where("cr.resolved_at", "is not", null);
  if (opts.aimags !== "all") q = opts.aimags.length ? q.where("u.aimag_code", "in", opts.aimags) : q.where(sql<boolean>`1 = 0`);
  return q
    .orderBy(opts.open ? "cr.created_at" : "cr.resolved_at", "desc")
    .orderBy("cr.id")
    .limit(opts.limit ?? 200)
    .execute();
}

export async function countOpenCreditReviews(aimags: "all" | string[]): Promise<number> {
  if (aimags !== "all" && !aimags.length) return 0;
  let q = db
    .selectFrom("credit_review as cr")
    .innerJoin("users as u", "u.id", "cr.user_id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("cr.resolved_at", "is", null);
  if (aimags !== "all") q = q.where("u.aimag_code", "in", aimags);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Whether the user holds the administrator role (the one role that decides on credit reviews). */
export async function isAdministrator(userId: string, executor: Executor = db): Promise<boolean> {
  const row = await executor.selectFrom("user_role").select("role").where("user_id", "=", userId).where("role", "=", "admin").executeTakeFirst();
  return Boolean(row);
}

/** One credit review, locked until the transaction ends (two administrators deciding at once decide once). */
export function lockCreditReview(trx: Executor, id: string) {
  const q = trx.selectFrom("credit_review").selectAll().where("id", "=", id);
  return (database.engine === "postgres" ? q.forUpdate() : q).executeTakeFirst();
}

const EVENT_AUDIENCE_KEYS: readonly EventAudience[] = ["khurdan_tseg", "sum_operator", "request_registry", "citizen"];

export type EventReportDimension = "campaign" | "aimag" | "sum" | "audience" | "event";

export interface EventReportFilter {
  aimags: "all" | string[];
  campaignId?: string;
  aimagCode?: string;
  sumId?: string;
  audience?: EventAudience;
  eventId?: string;
  /** Events that start at or after this instant. */
  from?: string;
  /** Events that start before this instant. */
  to?: string;
}

/**
 * One row per registered person (registered status, walk-ins included) of the events the filter
 * selects, not cancelled: the sessions they attended, the event's sessions, and whether a
 * certificate for one of the event's courses came at or after the event's start and still stands.
 */
function registrationFacts(f: EventReportFilter, executor: Executor = db) {
  let q = executor
    .selectFrom("event_registration as r")
    .innerJoin("training_event as e", "e.id", "r.event_id")
    .select([
      "r.id as registration_id",
      "r.user_id",
      "r.walk_in",
      "e.id as event_id",
      "e.campaign_id",
      "e.aimag_code",
      "e.sum_id",
      "e.audience",
      "e.threshold_percent",
      "e.starts_at",
      "e.ends_at",
      sql<number>`(select count(*) from event_session s where s.event_id = e.id)`.as("n_sessions"),
      sql<number>`(select count(*) from attendance a inner join event_session s on s.id = a.session_id
        where s.event_id = e.id and a.user_id = r.user_id and a.mark in ('present', 'late'))`.as("n_attended"),
      sql<number>`(case when exists (select 1 from certificate c inner join event_course ec on ec.course_slug = c.course_slug
        where ec.event_id = e.id and c.user_id = r.user_id and c.issued_at >= e.starts_at and c.revoked_at is null) then 1 else 0 end)`.as("certified"),
    ])
    .where("r.status", "=", "registered")
    .where("e.status", "=", "scheduled");
  if (f.aimags !== "all") q = f.aimags.length ? q.where("e.aimag_code", "in", f.aimags) : q.where(sql<boolean>`1 = 0`);
  if (f.campaignId) q = q.where("e.campaign_id", "=", f.campaignId);
  if (f.aimagCode) q = q.where("e.aimag_code", "=", f.aimagCode);
  if (f.sumId) q = q.where("e.sum_id", "=", f.sumId);
  if (f.eventId) q = q.where("e.id", "=", f.eventId);
  if (f.audience) q = q.where(sql<boolean>`',' || e.audience || ',' like ${`%,${f.audience},%`}`);
  if (f.from) q = q.where("e.starts_at", ">=", f.from);
  if (f.to) q = q.where("e.starts_at", "<", f.to);
  return q;
}

/**
 * Registered / attended / no-shows / certified afterwards, counted in SQL and grouped by one
 * dimension ("total" gives one row). Attended is the credit rule (present or late in at least the
 * event's threshold of its sessions); a no-show is someone registered for an event that has ended
 * with no session attended. Grouped by audience, an event for several audiences counts in each.
 */
export async function eventReport(f: EventReportFilter, by: EventReportDimension | "total", now: Date) {
  const facts = registrationFacts(f).as("x");
  const nowIso = now.toISOString();
  const counts = [
    sql<number>`count(*)`.as("registered"),
    sql<number>`sum(case when x.n_sessions > 0 and x.n_attended * 100 >= x.threshold_percent * x.n_sessions then 1 else 0 end)`.as("attended"),
    sql<number>`sum(case when x.ends_at < ${nowIso} and x.n_attended = 0 then 1 else 0 end)`.as("no_shows"),
    sql<number>`sum(x.certified)`.as("certified"),
  ];
  let rows: { key: string | null; registered: number; attended: number; no_shows: number; certified: number }[];
  if (by === "audience") {
    const keys = sql.join(
      EVENT_AUDIENCE_KEYS.map((k) => sql`select ${sql.lit(k)} as k`),
      sql` union all `,
    );
    rows = await db
      .selectFrom(facts)
      .innerJoin(sql<{ k: string }>`(${keys})`.as("aud"), (join) => join.on(sql<boolean>`',' || x.audience || ',' like '%,' || aud.k || ',%'`))
      .select([sql<string>`aud.k`.as("key"), ...counts])
      .groupBy(sql`aud.k`)
      .execute();
  } else if (by === "total") {
    rows = await db
      .selectFrom(facts)
      .select([sql<string>`'total'`.as("key"), ...counts])
      .execute();
  } else {
    const column = { campaign: sql<string>`x.campaign_id`, aimag: sql<string>`x.aimag_code`, sum: sql<string>`x.sum_id`, event: sql<string>`x.event_id` }[by];
    rows = await db
      .selectFrom(facts)
      .select([column.as("key"), ...counts])
      .groupBy(column)
      .execute();
  }
  return rows.map((r) => ({
    key: r.key,
    registered: Number(r.registered),
    attended: Number(r.attended ?? 0),
    noShows: Number(r.no_shows ?? 0),
    certified: Number(r.certified ?? 0),
  }));
}

/** The events the report may list (the event filter's choices), newest first. */
export function listReportEvents(aimags: "all" | string[], limit = 500) {
  let q = db
    .selectFrom("training_event")
    .select(["id", "title_mn", "title_en", "starts_at", "aimag_code", "campaign_id", "sum_id"])
    .where("status", "=", "scheduled");
  if (aimags !== "all") q = aimags.length ? q.where("aimag_code", "in", aimags) : q.where(sql<boolean>`1 = 0`);
  return q.orderBy("starts_at", "desc").orderBy("id").limit(limit).execute();
}

/** One page of the per-registrant rows behind the report (for the detail export). */
export function eventReportDetailPage(f: EventReportFilter, offset: number, limit: number) {
  return db
    .selectFrom(registrationFacts(f).as("x"))
    .innerJoin("training_event as e", "e.id", "x.event_id")
    .innerJoin("users as u", "u.id", "x.user_id")
    .innerJoin("aimag as a", "a.code", "u.aimag_code")
    .innerJoin("sum as s", "s.id", "u.sum_id")
    .innerJoin("organisation as o", "o.id", "u.organisation_id")
    .select([
      "x.registration_id",
      "x.event_id",
      "x.walk_in",
      "x.n_sessions",
      "x.n_attended",
      "x.threshold_percent",
      "e.title_mn",
      "e.title_en",
      "e.starts_at",
      "u.surname",
      "u.given_name",
      "u.position",
      "a.name_mn as aimag_mn",
      "a.name_en as aimag_en",
      "s.name_mn as sum_mn",
      "s.name_en as sum_en",
      "o.name_mn as organisation_mn",
      "o.name_en as organisation_en",
      sql<string | null>`(select c.serial from certificate c inner join event_course ec on ec.course_slug = c.course_slug
        where ec.event_id = x.event_id and c.user_id = x.user_id and c.issued_at >= x.starts_at and c.revoked_at is null
        order by c.issued_at limit 1)`.as("certificate_serial"),
    ])
    .orderBy("e.starts_at")
    .orderBy("e.id")
    .orderBy("u.surname")
    .orderBy("u.given_name")
    .orderBy("x.registration_id")
    .limit(limit)
    .offset(offset)
    .execute();
}

/** People with any attendance mark at one of the event's sessions. */
export async function usersWithMarksAtEvent(eventId: string, executor: Executor = db): Promise<string[]> {
  const rows = await executor
    .selectFrom("attendance as a")
    .innerJoin("event_session as s", "s.id", "a.session_id")
    .select("a.user_id")
    .distinct()
    .where("s.event_id", "=", eventId)
    .execute();
  return rows.map((r) => r.user_id);
}
