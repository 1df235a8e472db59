// Learning reports by aimag, sum and organisation, from the enrolment snapshot (where each learner
// was when enrolled, so a learner who moves later is still counted where they trained). At national
// volume nothing here walks enrolments, lessons or attempts row by row: counts come from the
// summary kept by triggers (db/report-facts.ts), and the measures that depend on today (overdue,
// certificates expiring, active lately) from ranges of partial indexes. Decision 023 has the plans.
import { type Expression, type SqlBool, sql } from "kysely";
import { database, db } from "~/db.server";
import { learnerStatusConditions, learnerStatusSql } from "~/features/enrolment/repository.server";
import { amongTerm, hasTerm, searchWords, wordHits } from "~/features/users/name-search.server";
import { CERTIFICATE_FILTERS, type CertificateFilter } from "./measures";
import { LEARNER_STATUSES, type LearnerStatus } from "./statuses";

export { LEARNER_STATUSES, type LearnerStatus };

export type GroupBy = "aimag" | "sum" | "organisation";

/** Where and what a report counts: the reader's aimags, an optional place and course, and enrolment months. */
export interface ReportScope {
  aimags: "all" | string[];
  aimagCode?: string;
  sumId?: string;
  organisationId?: string;
  courseSlug?: string;
  /** Enrolment months, YYYY-MM in Ulaanbaatar time, both included. */
  from?: string;
  to?: string;
}

export interface PlaceMeasures {
  key: string;
  /** People whose account is in the place today (not only the enrolled). */
  learners: number;
  /** Of them, those who did a lesson or an attempt in the last 30 days. */
  active: number;
  enrolled: number;
  started: number;
  completed: number;
  withdrawn: number;
  /** Active, not completed (overdue, in progress and not started together). */
  ongoing: number;
  ongoingStarted: number;
  overdue: number;
  overdueStarted: number;
  examTakers: number;
  examPassed: number;
  examBestSum: number;
  certified: number;
  certificatesExpired: number;
  certificatesExpiring: number;
}

/** A place where nothing is counted. */
export const EMPTY_MEASURES: Readonly<Omit<PlaceMeasures, "key">> = Object.freeze({
  learners: 0,
  active: 0,
  enrolled: 0,
  started: 0,
  completed: 0,
  withdrawn: 0,
  ongoing: 0,
  ongoingStarted: 0,
  overdue: 0,
  overdueStarted: 0,
  examTakers: 0,
  examPassed: 0,
  examBestSum: 0,
  certified: 0,
  certificatesExpired: 0,
  certificatesExpiring: 0,
});

export const ACTIVE_DAYS = 30;
export const EXPIRING_DAYS = 90;
const DAY = 86_400_000;
const UB_OFFSET = 8 * 3_600_000;

/** The UTC instant a Ulaanbaatar month starts ("2027-03" → 2027-02-28T16:00:00.000Z). */
export function monthStart(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, 1) - UB_OFFSET).toISOString();
}

function nextMonth(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

/** Column of a place grouping in a table that has aimag_code, sum_id and organisation_id. */
const placeColumn = (by: GroupBy) => (by === "aimag" ? "aimag_code" : by === "sum" ? "sum_id" : "organisation_id");

/** The place and scope conditions on a table with aimag_code, sum_id and organisation_id columns. */
function placeConditions(s: ReportScope, table: string): Expression<SqlBool>[] {
  const c = (column: string) => sql.ref(`${table}.${column}`);
  const out: Expression<SqlBool>[] = [];
  if (s.aimags !== "all") out.push(sql<SqlBool>`${c("aimag_code")} in (${sql.join(s.aimags.length ? s.aimags : ["-"])})`);
  if (s.aimagCode) out.push(sql<SqlBool>`${c("aimag_code")} = ${s.aimagCode}`);
  if (s.sumId) out.push(sql<SqlBool>`${c("sum_id")} = ${s.sumId}`);
  if (s.organisationId) out.push(sql<SqlBool>`${c("organisation_id")} = ${s.organisationId}`);
  return out;
}

/** Place, course and enrolment months on the enrolment table itself. */
function enrolmentConditions(s: ReportScope, table = "enrolment"): Expression<SqlBool>[] {
  const out = placeConditions(s, table);
  if (s.courseSlug) out.push(sql<SqlBool>`${sql.ref(`${table}.course_slug`)} = ${s.courseSlug}`);
  if (s.from) out.push(sql<SqlBool>`${sql.ref(`${table}.enrolled_at`)} >= ${monthStart(s.from)}`);
  if (s.to) out.push(sql<SqlBool>`${sql.ref(`${table}.enrolled_at`)} < ${monthStart(nextMonth(s.to))}`);
  return out;
}

/**
 * SQLite's planner, choosing by estimates, prefers an index that spares it a sort for GROUP BY even
 * when that means reading a quarter of a million rows; on the queries whose right index is known it
 * is named (PostgreSQL plans from its statistics and needs no hint).
 */
const sqliteIndex = (name: string) => sql.raw(database.engine === "sqlite" ? `indexed by ${name}` : "");

const and = (conditions: Expression<SqlBool>[]) => (conditions.length ? sql<SqlBool>`${sql.join(conditions, sql` and `)}` : sql<SqlBool>`1 = 1`);
const n = (v: unknown) => Number(v ?? 0);

/** The scope's conditions on a summary table keyed by place, course and enrolment month (cohort). */
function summaryConditions(s: ReportScope, table: string): Expression<SqlBool>[] {
  const out = placeConditions(s, table);
  if (s.courseSlug) out.push(sql<SqlBool>`${sql.ref(`${table}.course_slug`)} = ${s.courseSlug}`);
  if (s.from) out.push(sql<SqlBool>`${sql.ref(`${table}.cohort`)} >= ${s.from}`);
  if (s.to) out.push(sql<SqlBool>`${sql.ref(`${table}.cohort`)} <= ${s.to}`);
  return out;
}

type Rows = { rows: Record<string, string | number>[] };
const none: Promise<Rows> = Promise.resolve({ rows: [] });

/**
 * Every measure of the dashboards per aimag, sum or organisation, from the summaries kept by
 * triggers and, for what depends on today, short ranges of partial indexes: overdue is the due
 * summary's past months and this month's part of enrolment_open_due_idx; active is the people
 * summary's days after the cut-off day and that day's part of users_activity_idx. Places without
 * any row are absent; the caller lists them with zeros. `only` reads just what the status counts
 * (the learner lists' tabs) or the certificate counts need.
 */
export async function placeMeasures(
  s: ReportScope,
  by: GroupBy,
  now = new Date(),
  { only }: { only?: "statuses" | "certificates" } = {},
): Promise<Map<string, PlaceMeasures>> {
  const statusesOnly = only === "statuses";
  const certificatesOnly = only === "certificates";
  const key = placeColumn(by);
  const nowIso = now.toISOString();
  const thisMonth = `${nowIso.slice(0, 7)}-01T00:00:00.000Z`;
  const cutoff = new Date(now.getTime() - ACTIVE_DAYS * DAY).toISOString();
  const cutoffDay = cutoff.slice(0, 10);
  const afterCutoffDay = new Date(Date.parse(`${cutoffDay}T00:00:00.000Z`) + DAY).toISOString();
  const [summary, overdueBefore, overdueNow, certificates, people, activeDays, activeCutoffDay] = await Promise.all([
    sql<Record<string, string | number>>`select ${sql.ref(key)} as key, sum(enrolled) as enrolled, sum(started) as started, sum(completed) as completed,
        sum(withdrawn) as withdrawn, sum(ongoing) as ongoing, sum(ongoing_started) as ongoing_started, sum(exam_takers) as exam_takers,
        sum(exam_passed) as exam_passed, sum(exam_best_sum) as exam_best_sum, sum(certified) as certified
      from enrolment_summary where ${and(summaryConditions(s, "enrolment_summary"))} group by ${sql.ref(key)}`.execute(db),
    // open enrolments due in a month before this one
    certificatesOnly
      ? none
      : sql<Record<string, string | number>>`select ${sql.ref(key)} as key, sum(open) as overdue, sum(open_started) as overdue_started
      from enrolment_due_summary where due_month < ${nowIso.slice(0, 7)} and ${and(summaryConditions(s, "enrolment_due_summary"))}
      group by ${sql.ref(key)}`.execute(db),
    // and those due this month before now: a short range of enrolment_open_due_idx
    certificatesOnly
      ? none
      : sql<Record<string, string | number>>`select ${sql.ref(key)} as key, count(*) as overdue,
        sum(case when lessons_done > 0 or exam_passed_at is not null then 1 else 0 end) as overdue_started
      from enrolment ${sqliteIndex("enrolment_open_due_idx")}
      where status = 'active' and completed_at is null and due_at is not null and due_at >= ${thisMonth} and due_at < ${nowIso} and ${and(enrolmentConditions(s))}
      group by ${sql.ref(key)}`.execute(db),
    // certificates expired or expiring soon: the start of enrolment_certificate_expiry_idx
    statusesOnly
      ? none
      : sql<Record<string, string | number>>`select ${sql.ref(key)} as key, sum(case when certificate_expires_at < ${nowIso} then 1 else 0 end) as expired,
        sum(case when certificate_expires_at >= ${nowIso} then 1 else 0 end) as expiring
      from enrolment ${sqliteIndex("enrolment_certificate_expiry_idx")} where certificate_expires_at is not null and certificate_expires_at < ${new Date(now.getTime() + EXPIRING_DAYS * DAY).toISOString()}
        and ${and(enrolmentConditions(s))}
      group by ${sql.ref(key)}`.execute(db),
    // people where they are today; courses and months do not narrow who lives in a place
    statusesOnly || certificatesOnly
      ? none
      : sql<Record<string, string | number>>`select ${sql.ref(key)} as key, sum(people) as learners
      from people_summary where ${and(placeConditions(s, "people_summary"))} group by ${sql.ref(key)}`.execute(db),
    statusesOnly || certificatesOnly
      ? none
      : sql<Record<string, string | number>>`select ${sql.ref(key)} as key, sum(people) as active
      from people_active_day where day > ${cutoffDay} and ${and(placeConditions(s, "people_active_day"))} group by ${sql.ref(key)}`.execute(db),
    statusesOnly || certificatesOnly
      ? none
      : sql<Record<string, string | number>>`select ${sql.ref(key)} as key, count(*) as active
      from users ${sqliteIndex("users_activity_idx")} where last_active_at is not null and last_active_at >= ${cutoff} and last_active_at < ${afterCutoffDay}
        and ${and(placeConditions(s, "users"))} group by ${sql.ref(key)}`.execute(db),
  ]);
  const out = new Map<string, PlaceMeasures>();
  const row = (k: string) => {
    let r = out.get(k);
    if (!r) {
      r = { key: k, ...EMPTY_MEASURES };
      out.set(k, r);
    }
    return r;
  };
  for (const r of summary.rows)
    Object.assign(row(String(r.key)), {
      enrolled: n(r.enrolled),
      started: n(r.started),
      completed: n(r.completed),
      withdrawn: n(r.withdrawn),
      ongoing: n(r.ongoing),
      ongoingStarted: n(r.ongoing_started),
      examTakers: n(r.exam_takers),
      examPassed: n(r.exam_passed),
      examBestSum: n(r.exam_best_sum),
      certified: n(r.certified),
    });
  for (const part of [overdueBefore, overdueNow])
    for (const r of part.rows) {
      const m = row(String(r.key));
      m.overdue += n(r.overdue);
      m.overdueStarted += n(r.overdue_started);
    }
  for (const r of certificates.rows) Object.assign(row(String(r.key)), { certificatesExpired: n(r.expired), certificatesExpiring: n(r.expiring) });
  for (const r of people.rows) row(String(r.key)).learners = n(r.learners);
  for (const part of [activeDays, activeCutoffDay]) for (const r of part.rows) row(String(r.key)).active += n(r.active);
  return out;
}

/**
 * How many enrolments of a scope are in each status, from the summaries (the counts the dashboards
 * show): for the tabs of the learner lists.
 */
export async function statusTotals(s: ReportScope, now = new Date()): Promise<Record<LearnerStatus, number>> {
  return statusCounts(await scopeTotals(s, now));
}

/** A scope's enrolment measures (enrolled, ongoing, completed, certified…) added over its aimags, from the summaries. */
export async function scopeTotals(s: ReportScope, now = new Date()): Promise<Omit<PlaceMeasures, "key">> {
  const total: Omit<PlaceMeasures, "key"> = { ...EMPTY_MEASURES };
  for (const m of (await placeMeasures(s, "aimag", now, { only: "statuses" })).values())
    for (const k of Object.keys(EMPTY_MEASURES) as (keyof typeof EMPTY_MEASURES)[]) total[k] += m[k];
  return total;
}

/** The sort key of one enrolment of a scope, for a list that pages after it; undefined outside the scope. */
export async function enrolmentCursor(s: ReportScope, enrolmentId: string): Promise<LearnerCursor | undefined> {
  const r = await db
    .selectFrom("enrolment")
    .innerJoin("users", "users.id", "enrolment.user_id")
    .select(["users.surname", "users.given_name", "enrolment.user_id", "enrolment.course_slug"])
    .where("enrolment.id", "=", enrolmentId)
    .where(and(enrolmentConditions(s)))
    .executeTakeFirst();
  return r && { surname: r.surname, givenName: r.given_name, userId: r.user_id, courseSlug: r.course_slug };
}

/** The learner statuses of a place's measures: the status rule's counts, from the summary and the overdue range. */
export function statusCounts(
  m: Pick<PlaceMeasures, "completed" | "withdrawn" | "ongoing" | "ongoingStarted" | "overdue" | "overdueStarted">,
): Record<LearnerStatus, number> {
  return {
    overdue: m.overdue,
    withdrawn: m.withdrawn,
    in_progress: m.ongoingStarted - m.overdueStarted,
    not_started: m.ongoing - m.ongoingStarted - (m.overdue - m.overdueStarted),
    completed: m.completed,
  };
}

/** Enrolments made and completions per week (Monday, Ulaanbaatar time) from the daily summary. */
export async function weeklyActivity(s: ReportScope, from: string, to: string) {
  const where = placeConditions({ aimags: s.aimags, aimagCode: s.aimagCode }, "activity_daily");
  if (s.courseSlug) where.push(sql<SqlBool>`activity_daily.course_slug = ${s.courseSlug}`);
  const rows = await sql<{
    day: string;
    enrolled: string | number;
    completed: string | number;
  }>`select day, sum(enrolled) as enrolled, sum(completed) as completed
    from activity_daily where ${and(where)} and day >= ${from} and day <= ${to} group by day`.execute(db);
  return rows.rows.map((r) => ({ day: r.day, enrolled: n(r.enrolled), completed: n(r.completed) }));
}

export interface FunnelRow {
  key: string;
  enrolled: number;
  started: number;
  lessonsDone: number;
  examPassed: number;
  certified: number;
}

/**
 * One course's funnel per aimag or sum: enrolled → started → the required number of lessons done →
 * exam passed → certified, read from enrolment_course_idx alone (it holds every column counted).
 */
export async function courseFunnel(s: ReportScope & { courseSlug: string }, by: "aimag" | "sum", requiredLessons: number): Promise<FunnelRow[]> {
  const key = placeColumn(by);
  const rows = await sql<Record<string, string | number>>`select ${sql.ref(key)} as key, count(*) as enrolled,
      sum(case when completed_at is not null or lessons_done > 0 or exam_passed_at is not null then 1 else 0 end) as started,
      sum(case when completed_at is not null or lessons_done >= ${requiredLessons} then 1 else 0 end) as lessons_done,
      sum(case when completed_at is not null or exam_passed_at is not null then 1 else 0 end) as exam_passed,
      sum(case when certificate_issued_at is not null then 1 else 0 end) as certified
    from enrolment where ${and(enrolmentConditions(s))} group by ${sql.ref(key)}`.execute(db);
  return rows.rows.map((r) => ({
    key: String(r.key),
    enrolled: n(r.enrolled),
    started: n(r.started),
    lessonsDone: n(r.lessons_done),
    examPassed: n(r.exam_passed),
    certified: n(r.certified),
  }));
}

/** What the learner list can narrow to besides the status: the certificate measures of the dashboards. */
export { CERTIFICATE_FILTERS, type CertificateFilter };

export interface LearnerFilter extends ReportScope {
  status?: LearnerStatus;
  certificate?: CertificateFilter;
  /** The start of a surname, given name or e-mail address (each word). */
  search?: string;
  now?: Date;
}

/** Where a page of the learner list starts or ends: the last (or first) row's sort key. */
export interface LearnerCursor {
  surname: string;
  givenName: string;
  userId: string;
  courseSlug: string;
}

export interface LearnerRow {
  enrolmentId: string;
  userId: string;
  surname: string;
  givenName: string;
  email: string;
  position: string;
  courseSlug: string;
  aimagCode: string;
  sumId: string;
  organisationId: string;
  enrolledAt: string;
  dueAt: string | null;
  completedAt: string | null;
  status: LearnerStatus;
  lessonsDone: string[];
  examBest: number | null;
  examAttempts: number;
  examPassed: boolean;
  certificateSerial: string | null;
  certificateExpiresAt: string | null;
  withdrawnAt: string | null;
  extraAttempts: number;
  examExtraMinutes: number;
}

/**
 * The enrolments a learner filter selects, joined to their learners. A status is the one rule in
 * the plain conditions a planner can estimate and match to an index (learnerStatusConditions).
 * `few`: the caller knows that few enrolments match (from the counts it shows), so the query
 * starts from them and sorts them rather than walking every name in order.
 */
function learnerQuery(f: LearnerFilter, { inNameOrder = false, broadSearch = false, driver = 0, few = false } = {}) {
  const now = f.now ?? new Date();
  const nowIso = now.toISOString();
  const status = learnerStatusSql(now);
  const where = enrolmentConditions(f);
  if (f.status) where.push(learnerStatusConditions(f.status, now));
  // valid: held and not expired (those expiring soon included), as the dashboards count it
  if (f.certificate === "valid")
    where.push(
      sql<SqlBool>`enrolment.certificate_issued_at is not null and (enrolment.certificate_expires_at is null or enrolment.certificate_expires_at >= ${nowIso})`,
    );
  if (f.certificate === "expired") where.push(sql<SqlBool>`enrolment.certificate_expires_at is not null and enrolment.certificate_expires_at < ${nowIso}`);
  if (f.certificate === "expiring")
    where.push(
      sql<SqlBool>`enrolment.certificate_expires_at is not null and enrolment.certificate_expires_at >= ${nowIso} and enrolment.certificate_expires_at < ${new Date(now.getTime() + EXPIRING_DAYS * DAY).toISOString()}`,
    );
  // A name search matches the start of a surname, a given name or an e-mail address, each word of
  // it: the first word is a range of user_name_term's key, the others are checked on what it finds.
  const words = searchWords(f.search);
  const search = words.length > 0;
  for (const [i, word] of words.entries())
    where.push(
      i === driver
        ? // for a broad search SQLite must walk names in order, not fetch every match by id and sort them: "+" stops it using the id
          amongTerm(sql.raw(broadSearch && database.engine === "sqlite" ? "+users.id" : "users.id"), word)
        : hasTerm(sql.ref("users.id"), word),
    );
  // Without a sum, an organisation or a name to narrow it, the list walks people in name order
  // (users_name_idx) and each one's enrolments (the unique key on user and course), stopping at a
  // page: SQLite takes a cross join's left table as the outer loop. With them, the planner starts
  // from the few enrolments they select and sorts those.
  const from =
    !inNameOrder || few || f.sumId || f.organisationId || (search && !broadSearch)
      ? db.selectFrom("enrolment").innerJoin("users", "users.id", "enrolment.user_id")
      : db.selectFrom("users").crossJoin("enrolment").whereRef("users.id", "=", "enrolment.user_id");
  return { q: from.where(and(where)), status };
}

/**
 * Counts per status for a filter with a name search (without one, the dashboards' counts are used:
 * statusCounts); null when the search matches too many people to count them on every page.
 */
export async function countLearnersBySearch(f: LearnerFilter): Promise<Record<LearnerStatus, number> | null> {
  // a search that matches thousands of people is not counted on every page: the page asks for more of the name instead
  const plan = await searchPlan(f.search);
  if (plan.broadSearch) return null;
  const { q, status } = learnerQuery({ ...f, status: undefined }, plan);
  const rows = await db
    .selectFrom(q.select(status.as("status")).as("t"))
    .select(["t.status", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("t.status")
    .execute();
  const counts = Object.fromEntries(LEARNER_STATUSES.map((s) => [s, 0])) as Record<LearnerStatus, number>;
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/**
 * How many enrolments a filter selects (for a certificate filter, which the status counts do not
 * cover). A certificate filter alone is counted as the dashboards count it (valid: certified less
 * expired), from the summary and the expiry index, without reading a row.
 */
export async function countLearners(f: LearnerFilter): Promise<number> {
  if (f.certificate && !f.status && !f.search) {
    const total = { certified: 0, expired: 0, expiring: 0 };
    for (const m of (await placeMeasures(f, "aimag", f.now ?? new Date(), { only: "certificates" })).values()) {
      total.certified += m.certified;
      total.expired += m.certificatesExpired;
      total.expiring += m.certificatesExpiring;
    }
    return f.certificate === "valid" ? total.certified - total.expired : total[f.certificate];
  }
  const { q } = learnerQuery(f);
  return Number((await q.select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
}

/**
 * How many name terms a search's rarest word may match before walking the names in order is cheaper
 * than sorting its matches (measured at national volume: decision 023). Tests lower it to reach
 * the broad path on a small world.
 */
export const searchTuning = { broadSearch: 2000 };

/**
 * How to run a name search: its word with the fewest matches drives the query (a range of
 * user_name_term), and when even that one matches very many people ("Бат"), the list walks names in
 * order and filters, instead of sorting every match.
 */
async function searchPlan(search: string | undefined): Promise<{ broadSearch: boolean; driver: number }> {
  const words = searchWords(search);
  if (!words.length) return { broadSearch: false, driver: 0 };
  const hits = await wordHits(words, searchTuning.broadSearch);
  const driver = hits.indexOf(Math.min(...hits));
  return { broadSearch: hits[driver] >= searchTuning.broadSearch, driver };
}

/**
 * Up to this many matching enrolments are read and sorted for a page; more, and the list walks
 * names in order until the page is full. Measured at national volume (decision 023): walking and
 * probing each person's enrolments finds 51 of 5,000 scattered matches in 30–50 ms on both
 * engines, as fast as sorting them; below a thousand, sorting the keys wins.
 */
export const FEW_TO_SORT = 1000;

/**
 * One page of learners in name order (surname, given name, then person and course), after or before a
 * cursor: keyset paging, so the thousandth page costs what the first does. `limit + 1` rows are read
 * to know whether another page follows.
 */
export async function listLearners(
  f: LearnerFilter,
  page: { limit: number; after?: LearnerCursor; before?: LearnerCursor; matching?: number | null },
): Promise<{ rows: LearnerRow[]; more: boolean }> {
  const few = page.matching !== undefined && page.matching !== null && page.matching <= FEW_TO_SORT;
  const { q, status } = learnerQuery(f, { inNameOrder: true, few, ...(await searchPlan(f.search)) });
  const backwards = Boolean(page.before && !page.after);
  const cursor = page.after ?? page.before;
  const dir = backwards ? "desc" : "asc";
  const keyed = <T extends typeof q>(query: T) => {
    let out = query;
    if (cursor)
      out = out.where(
        // the first condition is the person's part alone, which an index on users can seek to;
        // without it every page would walk the names from the start
        sql<SqlBool>`(users.surname, users.given_name, users.id) ${sql.raw(backwards ? "<=" : ">=")} (${cursor.surname}, ${cursor.givenName}, ${cursor.userId})
        and (users.surname, users.given_name, users.id, enrolment.course_slug) ${sql.raw(backwards ? "<" : ">")} (${cursor.surname}, ${cursor.givenName}, ${cursor.userId}, ${cursor.courseSlug})`,
      ) as T;
    return out;
  };
  // Sorting few matches: the sort carries only the keys, and the page's rows are read afterwards
  // by id (a sort of whole rows cost three times as much at 5,000 matches).
  const ids = few
    ? (
        await keyed(q)
          .select("enrolment.id")
          .orderBy("users.surname", dir)
          .orderBy("users.given_name", dir)
          .orderBy("users.id", dir)
          .orderBy("enrolment.course_slug", dir)
          .limit(page.limit + 1)
          .execute()
      ).map((r) => r.id)
    : null;
  const query = (
    ids
      ? db
          .selectFrom("enrolment")
          .innerJoin("users", "users.id", "enrolment.user_id")
          .where("enrolment.id", "in", ids.length ? ids : ["-"])
      : keyed(q)
  ).select([
    "enrolment.id as enrolment_id",
    "enrolment.user_id",
    "users.surname",
    "users.given_name",
    "users.email",
    "users.position",
    "enrolment.course_slug",
    "enrolment.aimag_code",
    "enrolment.sum_id",
    "enrolment.organisation_id",
    "enrolment.enrolled_at",
    "enrolment.due_at",
    "enrolment.completed_at",
    "enrolment.exam_best",
    "enrolment.exam_attempts",
    "enrolment.exam_passed_at",
    "enrolment.certificate_expires_at",
    "enrolment.withdrawn_at",
    "enrolment.extra_attempts",
    "enrolment.exam_extra_minutes",
    status.as("status"),
  ]);
  const rows = await query
    .orderBy("users.surname", dir)
    .orderBy("users.given_name", dir)
    .orderBy("users.id", dir)
    .orderBy("enrolment.course_slug", dir)
    .limit(page.limit + 1)
    .execute();
  const more = rows.length > page.limit;
  const pageRows = rows.slice(0, page.limit);
  if (backwards) pageRows.reverse();
  // lessons and certificates for the page's rows only (not for every row a sort reads)
  const done = new Map<string, string[]>();
  const serials = new Map<string, string>();
  if (pageRows.length) {
    const people = [...new Set(pageRows.map((r) => r.user_id))];
    const [progress, certificates] = await Promise.all([
      db.selectFrom("lesson_progress").select(["user_id", "course_slug", "lesson_slug"]).where("user_id", "in", people).execute(),
      db
        .selectFrom("certificate")
        .select(["user_id", "course_slug", "serial"])
        .where("user_id", "in", people)
        .where("revoked_at", "is", null)
        .orderBy("issued_at", "asc")
        .execute(),
    ]);
    for (const p of progress) {
      const k = `${p.user_id}/${p.course_slug}`;
      done.set(k, [...(done.get(k) ?? []), p.lesson_slug]);
    }
    // the newest valid certificate of each person and course (later rows overwrite earlier)
    for (const c of certificates) serials.set(`${c.user_id}/${c.course_slug}`, c.serial);
  }
  return {
    more,
    rows: pageRows.map((r) => ({
      enrolmentId: r.enrolment_id,
      userId: r.user_id,
      surname: r.surname,
      givenName: r.given_name,
      email: r.email,
      position: r.position,
      courseSlug: r.course_slug,
      aimagCode: r.aimag_code,
      sumId: r.sum_id,
      organisationId: r.organisation_id,
      enrolledAt: r.enrolled_at,
      dueAt: r.due_at,
      completedAt: r.completed_at,
      status: r.status,
      lessonsDone: done.get(`${r.user_id}/${r.course_slug}`) ?? [],
      examBest: r.exam_best === null ? null : Number(r.exam_best),
      examAttempts: Number(r.exam_attempts),
      examPassed: r.exam_passed_at !== null,
      certificateSerial: serials.get(`${r.user_id}/${r.course_slug}`) ?? null,
      certificateExpiresAt: r.certificate_expires_at,
      withdrawnAt: r.withdrawn_at,
      extraAttempts: Number(r.extra_attempts),
      examExtraMinutes: Number(r.exam_extra_minutes),
    })),
  };
}
