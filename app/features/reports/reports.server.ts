// What the report pages and their exports share: reading the filter from the URL inside the
// reader's scope, listing every place (those where nobody is enrolled too), and turning the
// repository's counts into the measures the dashboards show.
import { forbidden, hasRole, readableAimags } from "~/features/auth/guards.server";
import type { SessionUser } from "~/features/auth/session.server";
import { findCourse, getCatalogue } from "~/features/content/content.server";
import { attendanceSatisfied, progressOf, requiredLessons } from "~/features/enrolment/progress.server";
import { trainedCourses } from "~/features/content/trainers.server";
import { listAimags, listOrganisations, listSums } from "~/features/geo/repository.server";
import type { Language } from "~/i18n/config";
import {
  CERTIFICATE_FILTERS,
  type CertificateFilter,
  countLearners,
  countLearnersBySearch,
  courseFunnel,
  EMPTY_MEASURES,
  type GroupBy,
  LEARNER_STATUSES,
  type LearnerCursor,
  type LearnerFilter,
  type LearnerStatus,
  listLearners,
  type PlaceMeasures,
  placeMeasures,
  statusCounts,
  statusTotals,
  weeklyActivity,
} from "./repository.server";

export type { GroupBy };
/** The aimags a report reads: all, or these. */
type Aimags = "all" | string[];
export const LEARNERS_PER_PAGE = 50;
/** Rows an export reads from the database at a time while it streams. */
export const EXPORT_PAGE = 1000;

import { MAP_MEASURES, type MapMeasure } from "./measures";

export { MAP_MEASURES, type MapMeasure };

export interface ReportFilter {
  course: string;
  aimag: string;
  sum: string;
  organisation: string;
  status: LearnerStatus | "";
  certificate: CertificateFilter | "";
  search: string;
  by: GroupBy;
  /** Enrolment months, YYYY-MM. */
  from: string;
  to: string;
  measure: MapMeasure;
  after: LearnerCursor | null;
  before: LearnerCursor | null;
}

/** Aimags, sums and organisations, read once per request: for checking the filter and for naming rows. */
export type Geography = Awaited<ReturnType<typeof loadGeography>>;

async function loadGeography() {
  const [aimags, sums, orgs] = await Promise.all([listAimags(), listSums(), listOrganisations({ includeArchived: true })]);
  return { aimags, sums, orgs };
}

/** A month typed as text: 2026-03 (also 2026.3, 2026/03 or 202603 from a numeric keypad) → "2026-03"; "" otherwise. */
const MONTH = /^(20\d\d)[-./]?(0?[1-9]|1[0-2])$/;
export function readMonth(value: string | null): string {
  const m = MONTH.exec((value ?? "").trim());
  return m ? `${m[1]}-${m[2].padStart(2, "0")}` : "";
}

/** A cursor in a link: the sort key of a row, as base64url JSON. Anything else reads as no cursor. */
export function encodeCursor(c: LearnerCursor): string {
  return Buffer.from(JSON.stringify([c.surname, c.givenName, c.userId, c.courseSlug])).toString("base64url");
}

export function decodeCursor(value: string | null): LearnerCursor | null {
  if (!value || value.length > 800) return null;
  try {
    const v = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (Array.isArray(v) && v.length === 4 && v.every((x) => typeof x === "string" && x.length <= 200))
      return { surname: v[0], givenName: v[1], userId: v[2], courseSlug: v[3] };
  } catch {}
  return null;
}

/**
 * The filter from the query string, with the geography it was checked against. Unknown values are
 * dropped rather than refused (a filter link that outlived a course should still open); an aimag
 * outside a coordinator's scope is refused. A coordinator always works inside their aimag; an
 * administrator may pick one or see them all.
 */
export async function readFilter(url: URL, user: SessionUser, scope: Aimags = readableAimags(user)): Promise<{ filter: ReportFilter; geo: Geography }> {
  const geo = await loadGeography();
  const p = url.searchParams;
  const course = getCatalogue().courses.some((c) => c.slug === p.get("course")) ? p.get("course")! : "";
  let aimag = p.get("aimag") ?? "";
  if (scope !== "all") {
    if (aimag && !scope.includes(aimag)) throw forbidden();
    aimag ||= scope[0] ?? "";
  } else if (aimag && !geo.aimags.some((a) => a.code === aimag)) {
    aimag = "";
  }
  const sum = aimag && geo.sums.some((s) => s.aimag_code === aimag && s.id === p.get("sum")) ? p.get("sum")! : "";
  const organisation = geo.orgs.some((o) => o.id === p.get("organisation") && (!aimag || o.aimag_code === aimag || o.aimag_code === null))
    ? p.get("organisation")!
    : "";
  const status = (LEARNER_STATUSES as readonly string[]).includes(p.get("status") ?? "") ? (p.get("status") as LearnerStatus) : "";
  const certificate = (CERTIFICATE_FILTERS as readonly string[]).includes(p.get("certificate") ?? "") ? (p.get("certificate") as CertificateFilter) : "";
  const requested = p.get("by");
  let by: GroupBy = requested === "organisation" || requested === "sum" || requested === "aimag" ? requested : aimag ? "sum" : "aimag";
  if (by === "sum" && !aimag) by = "aimag"; // sums are listed within one aimag
  if (by === "aimag" && aimag) by = "sum";
  let from = readMonth(p.get("from"));
  let to = readMonth(p.get("to"));
  if (from && to && from > to) [from, to] = [to, from];
  const measure = (MAP_MEASURES as readonly string[]).includes(p.get("measure") ?? "") ? (p.get("measure") as MapMeasure) : "completionRate";
  return {
    filter: {
      course,
      aimag,
      sum,
      organisation,
      status,
      certificate,
      search: (p.get("q") ?? "").trim().slice(0, 100),
      by,
      from,
      to,
      measure,
      after: decodeCursor(p.get("after")),
      before: decodeCursor(p.get("before")),
    },
    geo,
  };
}

/** The filter as query-string pairs, without empty values and without the page cursor. */
export function filterParams(f: ReportFilter, overrides: Record<string, string> = {}) {
  const base: Record<string, string> = {
    course: f.course,
    aimag: f.aimag,
    sum: f.sum,
    organisation: f.organisation,
    status: f.status,
    certificate: f.certificate,
    q: f.search,
    by: f.by,
    from: f.from,
    to: f.to,
  };
  return new URLSearchParams(Object.entries({ ...base, ...overrides }).filter(([, v]) => v));
}

const pickName = (lng: Language) => (r: { name_mn: string; name_en: string }) => (lng === "en" ? r.name_en : r.name_mn);

/** Places in the reader's scope, named in their language, for the filter form and the tables. */
export function placesFor(scope: Aimags, lng: Language, aimag: string, { aimags, sums, orgs }: Geography) {
  const name = pickName(lng);
  return {
    aimags: aimags.filter((a) => scope === "all" || scope.includes(a.code)).map((a) => ({ code: a.code, name: name(a) })),
    sums: sums.filter((s) => s.aimag_code === aimag).map((s) => ({ id: s.id, name: name(s) })),
    organisations: orgs.filter((o) => aimag && (o.aimag_code === aimag || o.aimag_code === null)).map((o) => ({ id: o.id, name: name(o) })),
    names: {
      aimag: new Map(aimags.map((a) => [a.code, name(a)])),
      sum: new Map(sums.map((s) => [s.id, name(s)])),
      organisation: new Map(orgs.map((o) => [o.id, name(o)])),
    },
  };
}

export function courseOptions(lng: Language) {
  return getCatalogue().courses.map((c) => ({ slug: c.slug, title: c.meta.title[lng] }));
}

function scopeOf(aimags: Aimags, f: ReportFilter) {
  return {
    aimags,
    aimagCode: f.aimag || undefined,
    sumId: f.sum || undefined,
    organisationId: f.organisation || undefined,
    courseSlug: f.course || undefined,
    from: f.from || undefined,
    to: f.to || undefined,
  };
}

const ratio = (a: number, b: number) => (b ? a / b : null);

/** A place's counts with the rates the dashboards show (null where there is nothing to divide by). */
export function withRates(m: PlaceMeasures) {
  return {
    ...m,
    completionRate: ratio(m.completed, m.enrolled),
    passRate: ratio(m.examPassed, m.examTakers),
    averageScore: m.examTakers ? m.examBestSum / m.examTakers : null,
    certificatesValid: m.certified - m.certificatesExpired,
    activeShare: ratio(m.active, m.learners),
    overdueShare: ratio(m.overdue, m.enrolled),
    statuses: statusCounts(m),
  };
}
export type PlaceRow = ReturnType<typeof withRates> & { name: string };

function addUp(rows: PlaceMeasures[]): PlaceMeasures {
  const total: PlaceMeasures = { key: "total", ...EMPTY_MEASURES };
  for (const r of rows) for (const k of Object.keys(EMPTY_MEASURES) as (keyof typeof EMPTY_MEASURES)[]) total[k] += r[k];
  return total;
}

/**
 * The dashboard: one row per aimag (all 21 and Ulaanbaatar, whether or not anyone is enrolled),
 * or, inside an aimag, per sum (every sum) or per organisation, with the total. Rows in the
 * geography's order, so that a place with nobody enrolled stays where people look for it.
 */
export async function dashboard(user: SessionUser, lng: Language, f: ReportFilter, geo: Geography, now = new Date()) {
  const places = placesFor(readableAimags(user), lng, f.aimag, geo);
  const measures = await placeMeasures(
    scopeOf(readableAimags(user), { ...f, sum: f.by === "sum" ? "" : f.sum, organisation: f.by === "organisation" ? "" : f.organisation }),
    f.by,
    now,
  );
  const listed: { key: string; name: string }[] =
    f.by === "aimag"
      ? places.aimags.map((a) => ({ key: a.code, name: a.name }))
      : f.by === "sum"
        ? places.sums.map((s) => ({ key: s.id, name: s.name }))
        : places.organisations
            .filter((o) => measures.has(o.id) || geo.orgs.some((g) => g.id === o.id && g.aimag_code === f.aimag))
            .map((o) => ({ key: o.id, name: o.name }));
  // learners registered under a place the geography does not list for this view (a national organisation) still count
  for (const key of measures.keys()) if (!listed.some((l) => l.key === key)) listed.push({ key, name: places.names[f.by].get(key) ?? key });
  const rows: PlaceRow[] = listed.map((l) => ({ ...withRates(measures.get(l.key) ?? { key: l.key, ...EMPTY_MEASURES }), name: l.name }));
  const total = { ...withRates(addUp(rows)), name: "" };
  return { rows, total, places };
}

/** Monday of the week of a YYYY-MM-DD day. */
export function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

const ubDay = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Enrolments and completions per week over the filter's months, or the last 26 weeks; at most 104
 * weeks (the latest ones) so that the chart stays readable. Weeks without any are listed as zero.
 */
export async function weeklyTrend(user: SessionUser, f: ReportFilter, now = new Date()) {
  const today = ubDay(now);
  const end = f.to ? lastDayOf(f.to) : today;
  let start = f.from ? `${f.from}-01` : ubDay(new Date(now.getTime() - 25 * 7 * 86_400_000));
  const earliest = ubDay(new Date(Date.parse(`${weekOf(end)}T00:00:00Z`) - 103 * 7 * 86_400_000));
  if (start < earliest) start = earliest;
  const days = await weeklyActivity({ aimags: readableAimags(user), aimagCode: f.aimag || undefined, courseSlug: f.course || undefined }, start, end);
  const weeks = new Map<string, { week: string; enrolled: number; completed: number }>();
  for (let w = weekOf(start); w <= end; w = new Date(Date.parse(`${w}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10))
    weeks.set(w, { week: w, enrolled: 0, completed: 0 });
  for (const d of days) {
    const w = weeks.get(weekOf(d.day));
    if (w) {
      w.enrolled += d.enrolled;
      w.completed += d.completed;
    }
  }
  return [...weeks.values()];
}

function lastDayOf(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

function learnerFilter(user: SessionUser, f: ReportFilter): LearnerFilter {
  return { ...scopeOf(readableAimags(user), f), status: f.status || undefined, certificate: f.certificate || undefined, search: f.search || undefined };
}

/** Names, course titles and progress on the repository's learner rows. */
async function describeLearners(rows: Awaited<ReturnType<typeof listLearners>>["rows"], lng: Language, names: ReturnType<typeof placesFor>["names"]) {
  return Promise.all(
    rows.map(async (r) => {
      const course = findCourse(r.courseSlug, { canPreview: true });
      const progress = course
        ? progressOf(course, new Set(r.lessonsDone), r.examPassed, await attendanceSatisfied(r.userId, course))
        : { requiredDone: r.lessonsDone.length, requiredTotal: 0, percent: 0 };
      return {
        ...r,
        courseTitle: course?.meta.title[lng] ?? r.courseSlug,
        aimag: names.aimag.get(r.aimagCode) ?? r.aimagCode,
        sum: names.sum.get(r.sumId) ?? r.sumId,
        organisation: names.organisation.get(r.organisationId) ?? r.organisationId,
        percent: r.completedAt ? 100 : progress.percent,
        lessons: { done: progress.requiredDone, total: progress.requiredTotal },
      };
    }),
  );
}

/**
 * One page of learners with the counts per status. Without a name search the counts come from the
 * dashboards' summary (the same numbers the dashboard links from); with one, from the few rows it matches.
 */
export async function learnerReport(user: SessionUser, lng: Language, f: ReportFilter, geo: Geography, now = new Date()) {
  const filter = { ...learnerFilter(user, f), now };
  const places = placesFor(readableAimags(user), lng, f.aimag, geo);
  const counts = f.search ? await countLearnersBySearch(filter) : await statusTotals(filter, now);
  // null: the search matches more people than are counted (the page asks for more of the name)
  const matching = f.certificate
    ? await countLearners(filter)
    : !counts
      ? null
      : f.status
        ? counts[f.status]
        : Object.values(counts).reduce((a, b) => a + b, 0);
  const { rows, more } = await listLearners(filter, {
    limit: LEARNERS_PER_PAGE,
    after: f.after ?? undefined,
    before: f.after ? undefined : (f.before ?? undefined),
    matching,
  });
  const learners = await describeLearners(rows, lng, places.names);
  const backwards = Boolean(f.before && !f.after);
  const first = rows[0];
  const last = rows.at(-1);
  return {
    counts,
    matching,
    learners,
    places,
    // a page reached backwards has a next page (the one it came from); its previous exists if more rows were read
    previous: first && (backwards ? more : Boolean(f.after)) ? encodeCursor(first) : null,
    next: last && (backwards ? true : more) ? encodeCursor(last) : null,
  };
}

/** Every learner of the filter, a page at a time in name order, for an export that streams. */
export async function* learnerPages(user: SessionUser, lng: Language, f: ReportFilter, geo: Geography, now = new Date()) {
  const filter = { ...learnerFilter(user, f), now };
  const places = placesFor(readableAimags(user), lng, f.aimag, geo);
  let after: LearnerCursor | undefined;
  for (;;) {
    const { rows, more } = await listLearners(filter, { limit: EXPORT_PAGE, after });
    yield await describeLearners(rows, lng, places.names);
    if (!more || !rows.length) return;
    after = rows.at(-1);
  }
}

/**
 * Who reads a course's funnel, and where: administrators and coordinators within their scope, any
 * course; a trainer who is neither, the courses they train (the one rule: trainedCourses), for the
 * whole country — counts only, no learner is named in a funnel. Null: not for this user.
 */
export async function funnelAccess(user: SessionUser): Promise<{ aimags: Aimags; courses: "all" | Set<string>; staff: boolean } | null> {
  if (hasRole(user, "admin") || hasRole(user, "coordinator")) return { aimags: readableAimags(user), courses: "all", staff: true };
  if (!hasRole(user, "trainer")) return null;
  const courses = new Set((await trainedCourses(user)).keys());
  return courses.size ? { aimags: "all", courses, staff: false } : null;
}

/**
 * A course's funnel per aimag (every aimag listed) or, inside an aimag, per sum (every sum), with
 * the total; "lessons done" means as many lessons done as the course requires.
 */
export async function funnelReport(scope: Aimags, lng: Language, f: ReportFilter & { course: string }, geo: Geography) {
  const course = findCourse(f.course, { canPreview: true });
  if (!course) return null;
  const places = placesFor(scope, lng, f.aimag, geo);
  const by = f.aimag ? "sum" : "aimag";
  const rows = await courseFunnel({ ...scopeOf(scope, { ...f, sum: "", organisation: "" }), courseSlug: f.course }, by, requiredLessons(course).length);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const listed = by === "aimag" ? places.aimags.map((a) => ({ key: a.code, name: a.name })) : places.sums.map((s) => ({ key: s.id, name: s.name }));
  const zero = { enrolled: 0, started: 0, lessonsDone: 0, examPassed: 0, certified: 0 };
  const out = listed.map((l) => ({ ...zero, ...byKey.get(l.key), key: l.key, name: l.name }));
  const total = out.reduce(
    (t, r) => ({
      enrolled: t.enrolled + r.enrolled,
      started: t.started + r.started,
      lessonsDone: t.lessonsDone + r.lessonsDone,
      examPassed: t.examPassed + r.examPassed,
      certified: t.certified + r.certified,
    }),
    zero,
  );
  return { by, rows: out, total, course: { slug: course.slug, title: course.meta.title[lng], hasExam: Boolean(course.meta.exam) } };
}
