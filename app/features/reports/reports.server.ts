// What the report pages and their CSV exports share: reading the filter from the URL inside the
// reader's scope, and putting names, progress and totals on the repository's rows.
import { forbidden, readableAimags } from "~/features/auth/guards.server";
import type { SessionUser } from "~/features/auth/session.server";
import { findCourse, getCatalogue } from "~/features/content/content.server";
import { attendanceSatisfied, progressOf } from "~/features/enrolment/progress.server";
import { listAimags, listOrganisations, listSums } from "~/features/geo/repository.server";
import type { Language } from "~/i18n/config";
import { countLearners, learningReport, LEARNER_STATUSES, listLearners, type LearnerFilter, type LearnerStatus } from "./repository.server";

export const LEARNERS_PER_PAGE = 50;
/** A CSV export holds at most this many learners; the page says so when a filter would exceed it. */
export const MAX_EXPORT_ROWS = 20_000;

export type GroupBy = "aimag" | "sum" | "organisation";

export interface ReportFilter {
  course: string;
  aimag: string;
  sum: string;
  organisation: string;
  status: LearnerStatus | "";
  search: string;
  by: GroupBy;
  page: number;
}

/** Aimags, sums and organisations, read once per request: for checking the filter and for naming rows. */
export type Geography = Awaited<ReturnType<typeof loadGeography>>;

async function loadGeography() {
  const [aimags, sums, orgs] = await Promise.all([listAimags(), listSums(), listOrganisations({ includeArchived: true })]);
  return { aimags, sums, orgs };
}

/**
 * The filter from the query string, with the geography it was checked against. Unknown values are
 * dropped rather than refused (a filter link that outlived a course should still open); an aimag
 * outside a coordinator's scope is refused. A coordinator always works inside their aimag; an
 * administrator may pick one or see them all.
 */
export async function readFilter(url: URL, user: SessionUser): Promise<{ filter: ReportFilter; geo: Geography }> {
  const geo = await loadGeography();
  const scope = readableAimags(user);
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
  const requested = p.get("by");
  let by: GroupBy = requested === "organisation" || requested === "sum" || requested === "aimag" ? requested : aimag ? "sum" : "aimag";
  if (by === "sum" && !aimag) by = "aimag"; // sums are listed within one aimag
  if (by === "aimag" && aimag) by = "sum";
  const page = Math.max(1, Math.min(100_000, Number.parseInt(p.get("page") ?? "1", 10) || 1));
  return { filter: { course, aimag, sum, organisation, status, search: (p.get("q") ?? "").trim().slice(0, 100), by, page }, geo };
}

/** The filter as query-string pairs, without empty values and without the page. */
export function filterParams(f: ReportFilter, overrides: Record<string, string> = {}) {
  const base: Record<string, string> = { course: f.course, aimag: f.aimag, sum: f.sum, organisation: f.organisation, status: f.status, q: f.search, by: f.by };
  return new URLSearchParams(Object.entries({ ...base, ...overrides }).filter(([, v]) => v));
}

const pickName = (lng: Language) => (r: { name_mn: string; name_en: string }) => (lng === "en" ? r.name_en : r.name_mn);

/** Places in the reader's scope, named in their language, for the filter form and the tables. */
function placesFor(user: SessionUser, lng: Language, aimag: string, { aimags, sums, orgs }: Geography) {
  const scope = readableAimags(user);
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

/** Enrolled / started / completed / overdue / withdrawn / certificates, grouped by aimag, sum or organisation. */
export async function summaryReport(user: SessionUser, lng: Language, f: ReportFilter, geo: Geography) {
  const rows = await learningReport({ aimags: readableAimags(user), groupBy: f.by, aimagCode: f.aimag || undefined, courseSlug: f.course || undefined });
  const places = placesFor(user, lng, f.aimag, geo);
  const names = places.names[f.by];
  const total = rows.reduce(
    (t, r) => ({
      enrolled: t.enrolled + r.enrolled,
      started: t.started + r.started,
      completed: t.completed + r.completed,
      overdue: t.overdue + r.overdue,
      withdrawn: t.withdrawn + r.withdrawn,
      certificates: t.certificates + r.certificates,
    }),
    { enrolled: 0, started: 0, completed: 0, overdue: 0, withdrawn: 0, certificates: 0 },
  );
  return {
    rows: rows
      .map((r) => ({ ...r, name: names.get(r.key) ?? r.key, drill: f.by === "aimag" ? r.key : null }))
      .sort((a, b) => b.enrolled - a.enrolled || a.name.localeCompare(b.name)),
    total,
    places,
  };
}

function learnerFilter(user: SessionUser, f: ReportFilter): LearnerFilter {
  return {
    aimags: readableAimags(user),
    aimagCode: f.aimag || undefined,
    sumId: f.sum || undefined,
    organisationId: f.organisation || undefined,
    courseSlug: f.course || undefined,
    status: f.status || undefined,
    search: f.search || undefined,
  };
}

/** One page of learners (or, for an export, all of them up to MAX_EXPORT_ROWS) with progress. */
export async function learnerReport(user: SessionUser, lng: Language, f: ReportFilter, geo: Geography, opts: { all?: boolean } = {}) {
  const filter = learnerFilter(user, f);
  const counts = await countLearners(filter);
  const places = placesFor(user, lng, f.aimag, geo);
  const matching = f.status ? counts[f.status] : Object.values(counts).reduce((a, b) => a + b, 0);
  const limit = opts.all ? MAX_EXPORT_ROWS : LEARNERS_PER_PAGE;
  const pages = Math.max(1, Math.ceil(matching / LEARNERS_PER_PAGE));
  const page = opts.all ? 1 : Math.min(f.page, pages);
  const rows = await listLearners(filter, { limit, offset: (page - 1) * LEARNERS_PER_PAGE });
  const learners = await Promise.all(
    rows.map(async (r) => {
      const course = findCourse(r.courseSlug, { canPreview: true });
      const progress = course
        ? progressOf(course, new Set(r.lessonsDone), r.examPassed, await attendanceSatisfied(r.userId, course))
        : { requiredDone: r.lessonsDone.length, requiredTotal: 0, percent: 0 };
      return {
        ...r,
        courseTitle: course?.meta.title[lng] ?? r.courseSlug,
        aimag: places.names.aimag.get(r.aimagCode) ?? r.aimagCode,
        sum: places.names.sum.get(r.sumId) ?? r.sumId,
        organisation: places.names.organisation.get(r.organisationId) ?? r.organisationId,
        percent: r.completedAt ? 100 : progress.percent,
        lessons: { done: progress.requiredDone, total: progress.requiredTotal },
      };
    }),
  );
  return { counts, matching, page, pages, learners, places, truncated: Boolean(opts.all && matching > MAX_EXPORT_ROWS) };
}
