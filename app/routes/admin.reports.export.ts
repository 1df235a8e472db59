// The report tables as files: CSV or Excel (.xlsx), the same filter and scope as the page, headers
// in the reader's language, streamed a page of rows at a time, so that a national export of
// 200,000 learners starts at once and holds one page in memory. Each download is audited.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { recordAudit } from "~/features/audit/audit.server";
import { forbidden, hasRole, requireRole } from "~/features/auth/guards.server";
import { type Column, once, type Page, tableResponse } from "~/features/reports/table-export.server";
import { dashboard, funnelAccess, funnelReport, learnerPages, readFilter } from "~/features/reports/reports.server";
import { formatDateIso } from "~/i18n/format";
import { getFixedT, getLanguage } from "~/i18n/i18next.server";

const VIEWS = ["summary", "learners", "funnel"] as const;

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "admin", "coordinator", "trainer");
  const lng = await getLanguage(args.request);
  const t = await getFixedT(args.request);
  const url = new URL(args.request.url);
  const view = (VIEWS as readonly string[]).includes(url.searchParams.get("view") ?? "") ? (url.searchParams.get("view") as (typeof VIEWS)[number]) : "summary";
  const format = url.searchParams.get("format") === "xlsx" ? "xlsx" : "csv";
  // trainers read only the funnel of the courses they teach; the other views are for staff
  const funnel = view === "funnel" ? await funnelAccess(user) : null;
  if (view === "funnel" ? !funnel : !hasRole(user, "admin") && !hasRole(user, "coordinator")) throw forbidden();
  const { filter, geo } = await readFilter(url, user, funnel?.aimags);
  if (funnel && funnel.courses !== "all" && !funnel.courses.has(filter.course)) throw forbidden();
  let columns: Column[];
  let pages: AsyncIterable<Page>;

  if (view === "summary") {
    const { rows, total } = await dashboard(user, lng, filter, geo);
    const by = { aimag: t("fields.aimag"), sum: t("fields.sum"), organisation: t("fields.organisation") }[filter.by];
    columns = [
      { header: by, type: "text", width: 28 },
      { header: t("dashboard.column.learners"), type: "integer" },
      { header: t("dashboard.column.active"), type: "integer" },
      { header: t("dashboard.column.enrolled"), type: "integer" },
      { header: t("reports.started"), type: "integer" },
      { header: t("dashboard.column.completed"), type: "integer" },
      { header: t("dashboard.column.completionRate"), type: "percent" },
      { header: t("dashboard.column.passRate"), type: "percent" },
      { header: t("dashboard.column.averageScore"), type: "decimal" },
      { header: t("dashboard.column.certificatesValid"), type: "integer" },
      { header: t("dashboard.column.certificatesExpiring"), type: "integer" },
      { header: t("dashboard.column.certificatesExpired"), type: "integer" },
      { header: t("dashboard.column.overdue"), type: "integer" },
      { header: t("reports.withdrawn"), type: "integer" },
    ];
    const line = (name: string, r: (typeof rows)[number]) => [
      name,
      r.learners,
      r.active,
      r.enrolled,
      r.started,
      r.completed,
      r.completionRate,
      r.passRate,
      r.averageScore,
      r.certificatesValid,
      r.certificatesExpiring,
      r.certificatesExpired,
      r.overdue,
      r.withdrawn,
    ];
    pages = once([...rows.map((r) => line(r.name, r)), line(t("reports.total"), { ...total, name: t("reports.total") })]);
  } else if (view === "funnel") {
    const report = filter.course && funnel ? await funnelReport(funnel.aimags, lng, filter, geo) : null;
    columns = [
      { header: report?.by === "sum" ? t("fields.sum") : t("fields.aimag"), type: "text", width: 28 },
      { header: t("dashboard.funnel.enrolled"), type: "integer" },
      { header: t("dashboard.funnel.started"), type: "integer" },
      { header: t("dashboard.funnel.lessonsDone"), type: "integer" },
      { header: t("dashboard.funnel.examPassed"), type: "integer" },
      { header: t("dashboard.funnel.certified"), type: "integer" },
    ];
    const line = (name: string, r: { enrolled: number; started: number; lessonsDone: number; examPassed: number; certified: number }) => [
      name,
      r.enrolled,
      r.started,
      r.lessonsDone,
      r.examPassed,
      r.certified,
    ];
    pages = once(report ? [...report.rows.map((r) => line(r.name, r)), line(t("reports.total"), report.total)] : []);
  } else {
    columns = [
      { header: t("fields.surname"), type: "text", width: 16 },
      { header: t("fields.givenName"), type: "text", width: 16 },
      { header: t("fields.email"), type: "text", width: 28 },
      { header: t("fields.position"), type: "text", width: 20 },
      { header: t("fields.aimag"), type: "text", width: 16 },
      { header: t("fields.sum"), type: "text", width: 16 },
      { header: t("fields.organisation"), type: "text", width: 28 },
      { header: t("reports.course"), type: "text", width: 28 },
      { header: t("reports.enrolledAt"), type: "date" },
      { header: t("reports.due"), type: "date" },
      { header: t("reports.status"), type: "text", width: 16 },
      { header: t("reports.progressPercent"), type: "integer" },
      { header: t("reports.lessonsDone"), type: "integer" },
      { header: t("reports.lessonsTotal"), type: "integer" },
      { header: t("reports.examBestPercent"), type: "decimal" },
      { header: t("reports.examAttempts"), type: "integer" },
      { header: t("reports.completedAt"), type: "date" },
      { header: t("reports.certificateSerial"), type: "text", width: 18 },
    ];
    pages = (async function* () {
      for await (const page of learnerPages(user, lng, filter, geo))
        yield page.map((l) => [
          l.surname,
          l.givenName,
          l.email,
          l.position,
          l.aimag,
          l.sum,
          l.organisation,
          l.courseTitle,
          new Date(l.enrolledAt),
          l.dueAt ? new Date(l.dueAt) : null,
          t(`learningStatus.${l.status}`),
          l.percent,
          l.lessons.done,
          l.lessons.total,
          l.examBest,
          l.examAttempts,
          l.completedAt ? new Date(l.completedAt) : null,
          l.certificateSerial,
        ]);
    })();
  }

  // Personal data may leave the system: note who took it and with which filter.
  await recordAudit({
    actorId: user.id,
    action: `report.export.${view}`,
    targetType: "report",
    targetId: view,
    detail: { filter: Object.fromEntries(url.searchParams), format },
  });
  const scope = [filter.course, filter.aimag].filter(Boolean).join("-") || "all";
  return tableResponse({
    format,
    filename: `erdem-${view}-${scope}-${formatDateIso(new Date())}.${format}`,
    sheetName: t(`dashboard.sheet.${view}`),
    columns,
    pages,
  });
}
