// The training events report: the filter read from the URL inside the reader's scope, the grouped
// counts with names, and the tables its exports (features/reports/table-export) stream page by page.
import type { TFunction } from "i18next";
import { EVENT_AUDIENCES, type EventAudience } from "../../../db/schema";
import { forbidden, readableAimags } from "~/features/auth/guards.server";
import type { SessionUser } from "~/features/auth/session.server";
import { parseDateInput } from "~/features/forms/dates";
import { listAimags, listSums } from "~/features/geo/repository.server";
import type { Cell, Column } from "~/features/reports/table-export.server";
import type { Language } from "~/i18n/config";
import { formatDateIso } from "~/i18n/format";
import * as repo from "./repository.server";
import { localToInstant, meetsThreshold } from "./rules";

export { EVENT_AUDIENCES };
export const DIMENSIONS: readonly repo.EventReportDimension[] = ["campaign", "aimag", "sum", "audience", "event"];
/** A detail export holds at most this many rows. */
export const MAX_DETAIL_ROWS = 50_000;
const PAGE = 1000;

export interface EventReportQuery {
  campaign: string;
  aimag: string;
  sum: string;
  audience: EventAudience | "";
  event: string;
  from: string;
  to: string;
  by: repo.EventReportDimension;
}

/** Unknown values are dropped (an old link still opens); an aimag outside a coordinator's scope is refused. */
export async function readEventReportQuery(url: URL, user: SessionUser) {
  const p = url.searchParams;
  const scope = readableAimags(user);
  const [aimags, sums, campaigns, events] = await Promise.all([listAimags(), listSums(), repo.listCampaigns(), repo.listReportEvents(scope)]);
  let aimag = p.get("aimag") ?? "";
  if (scope !== "all") {
    if (aimag && !scope.includes(aimag)) throw forbidden();
    aimag ||= scope[0] ?? "";
  } else if (!aimags.some((a) => a.code === aimag)) aimag = "";
  const pick = <T extends string>(value: string | null, ok: (v: string) => boolean) => (value && ok(value) ? (value as T) : ("" as T));
  const by = pick<repo.EventReportDimension>(p.get("by"), (v) => (DIMENSIONS as readonly string[]).includes(v)) || (aimag ? "sum" : "aimag");
  const query: EventReportQuery = {
    campaign: pick(p.get("campaign"), (v) => campaigns.some((c) => c.id === v)),
    aimag,
    sum: pick(p.get("sum"), (v) => Boolean(aimag) && sums.some((s) => s.id === v && s.aimag_code === aimag)),
    audience: pick(p.get("audience"), (v) => (EVENT_AUDIENCES as readonly string[]).includes(v)),
    event: pick(p.get("event"), (v) => events.some((e) => e.id === v)),
    // typed as text (2026-12-31, 2026.12.31, 20261231): read into YYYY-MM-DD, anything else ignored
    from: parseDateInput(p.get("from") ?? "") ?? "",
    to: parseDateInput(p.get("to") ?? "") ?? "",
    by,
  };
  const filter: repo.EventReportFilter = {
    aimags: scope,
    campaignId: query.campaign || undefined,
    aimagCode: query.aimag || undefined,
    sumId: query.sum || undefined,
    audience: query.audience || undefined,
    eventId: query.event || undefined,
    from: query.from ? localToInstant(query.from, "00:00") : undefined,
    // the last day counts whole: events starting before the next midnight in Ulaanbaatar
    to: query.to ? new Date(Date.parse(localToInstant(query.to, "00:00")) + 24 * 3600_000).toISOString() : undefined,
  };
  return { query, filter, lists: { aimags: aimags.filter((a) => scope === "all" || scope.includes(a.code)), sums, campaigns, events } };
}

export type ReportLists = Awaited<ReturnType<typeof readEventReportQuery>>["lists"];

export function queryParams(q: EventReportQuery, overrides: Record<string, string> = {}) {
  const base: Record<string, string> = { ...q };
  return new URLSearchParams(Object.entries({ ...base, ...overrides }).filter(([, v]) => v));
}

/** The grouped rows with their names, largest first, and the total (each registration once, whatever the grouping). */
export async function eventReportRows(
  query: EventReportQuery,
  filter: repo.EventReportFilter,
  lists: ReportLists,
  lng: Language,
  t: TFunction,
  now = new Date(),
) {
  const [rows, [total]] = await Promise.all([repo.eventReport(filter, query.by, now), repo.eventReport(filter, "total", now)]);
  const en = lng === "en";
  const names: Record<repo.EventReportDimension, Map<string, string>> = {
    campaign: new Map(lists.campaigns.map((c) => [c.id, en ? c.title_en : c.title_mn])),
    aimag: new Map(lists.aimags.map((a) => [a.code, en ? a.name_en : a.name_mn])),
    sum: new Map(lists.sums.map((s) => [s.id, en ? s.name_en : s.name_mn])),
    audience: new Map(EVENT_AUDIENCES.map((k) => [k, t(`events.audience.${k}`)])),
    event: new Map(lists.events.map((e) => [e.id, `${en ? e.title_en : e.title_mn} (${formatDateIso(e.starts_at)})`])),
  };
  const none = t(`eventPaper.report.none.${query.by}`);
  return {
    rows: rows
      .map((r) => ({ ...r, key: r.key ?? "", name: r.key ? (names[query.by].get(r.key) ?? r.key) : none }))
      .sort((a, b) => b.registered - a.registered || a.name.localeCompare(b.name)),
    total: total ?? { key: "total", registered: 0, attended: 0, noShows: 0, certified: 0 },
  };
}

/** The summary table for a file: the groups, then the total. */
export function summaryTable(t: TFunction, by: repo.EventReportDimension, report: Awaited<ReturnType<typeof eventReportRows>>) {
  const columns: Column[] = [
    { header: t(`eventPaper.report.by.${by}`), type: "text", width: 32 },
    { header: t("eventPaper.report.registered"), type: "integer" },
    { header: t("eventPaper.report.attended"), type: "integer" },
    { header: t("eventPaper.report.noShows"), type: "integer" },
    { header: t("eventPaper.report.certified"), type: "integer" },
  ];
  const line = (name: string, r: { registered: number; attended: number; noShows: number; certified: number }): Cell[] => [
    name,
    r.registered,
    r.attended,
    r.noShows,
    r.certified,
  ];
  return { columns, rows: [...report.rows.map((r) => line(r.name, r)), line(t("eventPaper.report.total"), report.total)] };
}

export function detailColumns(t: TFunction): Column[] {
  return [
    { header: t("eventPaper.report.event"), type: "text", width: 32 },
    { header: t("eventPaper.report.eventDate"), type: "date" },
    { header: t("fields.surname"), type: "text", width: 16 },
    { header: t("fields.givenName"), type: "text", width: 16 },
    { header: t("fields.aimag"), type: "text", width: 16 },
    { header: t("fields.sum"), type: "text", width: 16 },
    { header: t("fields.organisation"), type: "text", width: 28 },
    { header: t("fields.position"), type: "text" },
    { header: t("eventPaper.report.status"), type: "text", width: 16 },
    { header: t("eventPaper.report.sessionsAttended"), type: "integer" },
    { header: t("eventPaper.report.sessionsTotal"), type: "integer" },
    { header: t("eventPaper.report.attendedYesNo"), type: "text", width: 10 },
    { header: t("eventPaper.report.certificateSerial"), type: "text", width: 18 },
  ];
}

/** The per-registrant rows, page by page (MAX_DETAIL_ROWS at most). */
export async function* detailRows(filter: repo.EventReportFilter, lng: Language, t: TFunction): AsyncGenerator<Cell[][]> {
  const en = lng === "en";
  for (let offset = 0; offset < MAX_DETAIL_ROWS; offset += PAGE) {
    const page = await repo.eventReportDetailPage(filter, offset, Math.min(PAGE, MAX_DETAIL_ROWS - offset));
    yield page.map((r) => {
      const attended = Number(r.n_attended);
      const total = Number(r.n_sessions);
      return [
        en ? r.title_en : r.title_mn,
        new Date(r.starts_at),
        r.surname,
        r.given_name,
        en ? r.aimag_en : r.aimag_mn,
        en ? r.sum_en : r.sum_mn,
        en ? r.organisation_en : r.organisation_mn,
        r.position,
        r.walk_in ? t("eventPaper.report.walkIn") : t("events.registration.registered"),
        attended,
        total,
        meetsThreshold(attended, total, r.threshold_percent) ? t("eventPaper.report.yes") : t("eventPaper.report.no"),
        r.certificate_serial,
      ];
    });
    if (page.length < PAGE) return;
  }
}
