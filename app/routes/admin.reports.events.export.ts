// The training events report as a file: CSV or Excel (.xlsx), Mongolian headers by default (the
// reader's language), streamed. ?detail=1 gives one row per registered person instead of the groups.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { recordAudit } from "~/features/audit/audit.server";
import { requireRole } from "~/features/auth/guards.server";
import { detailColumns, detailRows, eventReportRows, readEventReportQuery, summaryTable } from "~/features/events/event-report.server";
import { type Column, once, type Page, tableResponse } from "~/features/reports/table-export.server";
import { formatDateIso } from "~/i18n/format";
import { getFixedT, getLanguage } from "~/i18n/i18next.server";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "admin", "coordinator");
  const lng = await getLanguage(args.request);
  const t = await getFixedT(args.request);
  const url = new URL(args.request.url);
  const format = url.searchParams.get("format") === "xlsx" ? "xlsx" : "csv";
  const detail = url.searchParams.get("detail") === "1";
  const { query, filter, lists } = await readEventReportQuery(url, user);

  let columns: Column[];
  let pages: AsyncIterable<Page>;
  if (detail) {
    columns = detailColumns(t);
    pages = detailRows(filter, lng, t);
  } else {
    const summary = summaryTable(t, query.by, await eventReportRows(query, filter, lists, lng, t));
    columns = summary.columns;
    pages = once(summary.rows);
  }
  // Personal data may leave the system: note who took it and with which filter.
  await recordAudit({
    actorId: user.id,
    action: `report.export.events${detail ? "Detail" : ""}`,
    targetType: "report",
    targetId: "events",
    detail: { filter: Object.fromEntries(url.searchParams), format },
  });
  const scope = [query.aimag, query.campaign ? "campaign" : ""].filter(Boolean).join("-") || "all";
  return tableResponse({
    format,
    filename: `erdem-events-${detail ? "detail" : query.by}-${scope}-${formatDateIso(new Date())}.${format}`,
    sheetName: t(detail ? "eventPaper.report.sheetDetail" : "eventPaper.report.sheetSummary"),
    columns,
    pages,
  });
}
