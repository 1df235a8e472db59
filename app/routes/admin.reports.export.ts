// The report pages as CSV files for spreadsheets: the same filter and scope as the page, headers in
// the reader's language, UTF-8 with a byte-order mark (so that Excel shows Cyrillic), and cells that
// a spreadsheet would run as a formula made inert.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { recordAudit } from "~/features/audit/audit.server";
import { requireRole } from "~/features/auth/guards.server";
import { learnerReport, readFilter, summaryReport } from "~/features/reports/reports.server";
import { formatDateIso } from "~/i18n/format";
import { getFixedT, getLanguage } from "~/i18n/i18next.server";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "admin", "coordinator");
  const lng = await getLanguage(args.request);
  const t = await getFixedT(args.request);
  const url = new URL(args.request.url);
  const view = url.searchParams.get("view") === "learners" ? "learners" : "summary";
  const { filter, geo } = await readFilter(url, user);
  let rows: (string | number)[][];

  if (view === "summary") {
    const { rows: groups, total } = await summaryReport(user, lng, filter, geo);
    const by = { aimag: t("fields.aimag"), sum: t("fields.sum"), organisation: t("fields.organisation") }[filter.by];
    const head = [
      by,
      t("reports.enrolled"),
      t("reports.started"),
      t("reports.completed"),
      t("reports.overdue"),
      t("reports.withdrawn"),
      t("reports.certificates"),
    ];
    const line = (name: string, r: typeof total) => [name, r.enrolled, r.started, r.completed, r.overdue, r.withdrawn, r.certificates];
    rows = [head, ...groups.map((g) => line(g.name, g)), line(t("reports.total"), total)];
  } else {
    const { learners } = await learnerReport(user, lng, filter, geo, { all: true });
    const head = [
      t("fields.surname"),
      t("fields.givenName"),
      t("fields.email"),
      t("fields.position"),
      t("fields.aimag"),
      t("fields.sum"),
      t("fields.organisation"),
      t("reports.course"),
      t("reports.enrolledAt"),
      t("reports.due"),
      t("reports.status"),
      t("reports.progressPercent"),
      t("reports.lessonsDone"),
      t("reports.lessonsTotal"),
      t("reports.examBestPercent"),
      t("reports.examAttempts"),
      t("reports.completedAt"),
      t("reports.certificateSerial"),
    ];
    rows = [
      head,
      ...learners.map((l) => [
        l.surname,
        l.givenName,
        l.email,
        l.position,
        l.aimag,
        l.sum,
        l.organisation,
        l.courseTitle,
        formatDateIso(l.enrolledAt),
        l.dueAt ? formatDateIso(l.dueAt) : "",
        t(`learningStatus.${l.status}`),
        l.percent,
        l.lessons.done,
        l.lessons.total,
        l.examBest ?? "",
        l.examAttempts,
        l.completedAt ? formatDateIso(l.completedAt) : "",
        l.certificateSerial ?? "",
      ]),
    ];
  }

  // Personal data leaves the system: note who took it and with which filter.
  await recordAudit({
    actorId: user.id,
    action: `report.export.${view}`,
    targetType: "report",
    targetId: view,
    detail: { filter: Object.fromEntries(url.searchParams), rows: rows.length - 1 },
  });
  const name = `erdem-${view === "learners" ? "learners" : "summary"}-${[filter.course, filter.aimag].filter(Boolean).join("-") || "all"}-${formatDateIso(new Date())}.csv`;
  return new Response(`\uFEFF${stringify(rows, { escape_formulas: true, record_delimiter: "windows" })}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
