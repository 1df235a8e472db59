// The training events report: registered, attended, no-shows and certified afterwards, by campaign,
// aimag, sum, audience or event, inside the reader's scope; CSV and Excel downloads of the same.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FilterSelect } from "~/components/list-controls";
import { readableAimags, requireRole } from "~/features/auth/guards.server";
import { DIMENSIONS, EVENT_AUDIENCES, eventReportRows, queryParams, readEventReportQuery } from "~/features/events/event-report.server";
import { ReportViews } from "~/features/reports/components";
import { formatDateIso, formatNumber } from "~/i18n/format";
import { getFixedT, getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";
import { TypedDateInput } from "~/components/form";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "admin", "coordinator");
  const lng = await getLanguage(args.request);
  const t = await getFixedT(args.request);
  const { query, filter, lists } = await readEventReportQuery(new URL(args.request.url), user);
  const report = await eventReportRows(query, filter, lists, lng, t);
  const en = lng === "en";
  const fmt = (n: number) => formatNumber(n, lng);
  const row = (r: { registered: number; attended: number; noShows: number; certified: number }) => ({
    registered: fmt(r.registered),
    attended: fmt(r.attended),
    noShows: fmt(r.noShows),
    certified: fmt(r.certified),
    rate: r.registered ? Math.round((r.attended / r.registered) * 100) : 0,
  });
  const exportUrl = (extra: Record<string, string>) => `/admin/reports/events/export?${queryParams(query, extra)}`;
  return json({
    title: await titleFor(args.request, "eventPaper.report.title"),
    isAdmin: readableAimags(user) === "all",
    query,
    // from the server: the lists live in server modules the browser bundle does not carry
    dimensions: DIMENSIONS,
    audiences: EVENT_AUDIENCES,
    options: {
      campaigns: lists.campaigns.map((c) => ({ value: c.id, label: en ? c.title_en : c.title_mn })),
      aimags: lists.aimags.map((a) => ({ value: a.code, label: en ? a.name_en : a.name_mn })),
      sums: lists.sums.filter((s) => s.aimag_code === query.aimag).map((s) => ({ value: s.id, label: en ? s.name_en : s.name_mn })),
      events: lists.events
        .filter((e) => (!query.aimag || e.aimag_code === query.aimag) && (!query.campaign || e.campaign_id === query.campaign))
        .map((e) => ({ value: e.id, label: `${formatDateIso(e.starts_at)} · ${en ? e.title_en : e.title_mn}` })),
    },
    rows: report.rows.map((r) => ({ key: r.key, name: r.name, ...row(r) })),
    total: row(report.total),
    downloads: {
      csv: exportUrl({ format: "csv" }),
      xlsx: exportUrl({ format: "xlsx" }),
      detailCsv: exportUrl({ format: "csv", detail: "1" }),
      detailXlsx: exportUrl({ format: "xlsx", detail: "1" }),
    },
  });
}

function Download({ href, label }: { href: string; label: string }) {
  return (
    <a href={href} className="btn-secondary" download>
      <svg aria-hidden="true" width="18" height="18" viewBox="0 0 20 20" fill="currentColor" className="mr-1">
        <path d="M10 2a1 1 0 0 1 1 1v8.6l2.3-2.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 1.4-1.4L9 11.6V3a1 1 0 0 1 1-1zM3 15a1 1 0 0 1 1 1v1h12v-1a1 1 0 1 1 2 0v2a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1v-2a1 1 0 0 1 1-1z" />
      </svg>
      {label}
    </a>
  );
}

export default function EventReport() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const q = d.query;
  const columns = [
    { key: "registered", label: t("eventPaper.report.registered") },
    { key: "attended", label: t("eventPaper.report.attended") },
    { key: "noShows", label: t("eventPaper.report.noShows") },
    { key: "certified", label: t("eventPaper.report.certified") },
  ] as const;
  const all = [...d.rows.map((r) => ({ ...r, isTotal: false })), { ...d.total, key: "total", name: t("eventPaper.report.total"), isTotal: true }];
  return (
    <>
      <h1 className="page-title">{t("reports.title")}</h1>
      <p className="mt-2 max-w-prose text-slate-700">{t("eventPaper.report.lead")}</p>
      <ReportViews current="events" query="" />
      <h2 className="mt-6 text-xl font-bold">{t("eventPaper.report.title")}</h2>
      <Form method="get" className="card mt-3 grid gap-4 sm:grid-cols-2 lg:grid-cols-4 lg:items-end">
        <FilterSelect
          name="campaign"
          label={t("events.campaign")}
          value={q.campaign}
          emptyLabel={t("eventPaper.report.allCampaigns")}
          options={d.options.campaigns}
        />
        <FilterSelect
          name="aimag"
          label={t("fields.aimag")}
          value={q.aimag}
          emptyLabel={d.isAdmin ? t("admin.allAimags") : undefined}
          options={d.options.aimags}
        />
        <FilterSelect name="sum" label={t("fields.sum")} value={q.sum} emptyLabel={t("eventPaper.report.allSums")} options={d.options.sums} />
        <FilterSelect
          name="audience"
          label={t("eventPaper.report.by.audience")}
          value={q.audience}
          emptyLabel={t("eventPaper.report.allAudiences")}
          options={d.audiences.map((a) => ({ value: a, label: t(`events.audience.${a}`) }))}
        />
        <FilterSelect
          name="event"
          label={t("eventPaper.report.event")}
          value={q.event}
          emptyLabel={t("eventPaper.report.allEvents")}
          options={d.options.events}
        />
        <div>
          <label htmlFor="from" className="field-label">
            {t("eventPaper.report.from")}
          </label>
          <TypedDateInput id="from" name="from" defaultValue={q.from} className="field-input" />
        </div>
        <div>
          <label htmlFor="to" className="field-label">
            {t("eventPaper.report.to")}
          </label>
          <TypedDateInput id="to" name="to" defaultValue={q.to} className="field-input" />
        </div>
        <FilterSelect
          name="by"
          label={t("reports.groupBy")}
          value={q.by}
          options={d.dimensions.map((k) => ({ value: k, label: t(`eventPaper.report.by.${k}`) }))}
        />
        <button type="submit" className="btn-primary lg:col-start-4">
          {t("reports.show")}
        </button>
      </Form>
      {q.by === "audience" ? <p className="mt-3 max-w-prose text-sm text-slate-700">{t("eventPaper.report.audienceNote")}</p> : null}
      <p className="mt-3 max-w-prose text-sm text-slate-700">{t("eventPaper.report.definitions")}</p>
      {d.rows.length === 0 ? (
        <p className="card mt-6">{t("eventPaper.report.empty")}</p>
      ) : (
        <>
          <div className="mt-4 flex flex-wrap gap-3">
            <Download href={d.downloads.csv} label={t("eventPaper.report.downloadCsv")} />
            <Download href={d.downloads.xlsx} label={t("eventPaper.report.downloadXlsx")} />
            <Download href={d.downloads.detailCsv} label={t("eventPaper.report.downloadDetailCsv")} />
            <Download href={d.downloads.detailXlsx} label={t("eventPaper.report.downloadDetailXlsx")} />
          </div>
          {/* On a phone each group is a card: five columns do not fit 360 px. */}
          <ul className="mt-3 space-y-3 sm:hidden">
            {all.map((r) => (
              <li key={r.key} className={`rounded-lg border border-slate-200 p-3 ${r.isTotal ? "bg-slate-50" : "bg-white"}`}>
                <p className="font-semibold">{r.name}</p>
                <dl className="mt-2 grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
                  {columns.map((c) => (
                    <div key={c.key} className="contents">
                      <dt className="text-slate-600">{c.label}</dt>
                      <dd className="text-right font-semibold">{r[c.key]}</dd>
                    </div>
                  ))}
                </dl>
              </li>
            ))}
          </ul>
          <div className="mt-3 hidden overflow-x-auto rounded-lg border border-slate-200 bg-white sm:block">
            <table className="w-full min-w-[36rem] text-left text-sm">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    {t(`eventPaper.report.by.${q.by}`)}
                  </th>
                  {columns.map((c) => (
                    <th key={c.key} scope="col" className="px-3 py-2 text-right">
                      {c.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {d.rows.map((r) => (
                  <tr key={r.key}>
                    <th scope="row" className="px-3 py-2 font-semibold">
                      {r.name}
                    </th>
                    <td className="px-3 py-2 text-right">{r.registered}</td>
                    <td className="px-3 py-2 text-right">
                      {r.attended} <span className="text-slate-600">({r.rate}%)</span>
                    </td>
                    <td className={`px-3 py-2 text-right ${r.noShows !== "0" ? "font-semibold text-danger" : ""}`}>{r.noShows}</td>
                    <td className="px-3 py-2 text-right">{r.certified}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot className="bg-slate-50 font-semibold">
                <tr>
                  <th scope="row" className="px-3 py-2">
                    {t("eventPaper.report.total")}
                  </th>
                  <td className="px-3 py-2 text-right">{d.total.registered}</td>
                  <td className="px-3 py-2 text-right">
                    {d.total.attended} ({d.total.rate}%)
                  </td>
                  <td className="px-3 py-2 text-right">{d.total.noShows}</td>
                  <td className="px-3 py-2 text-right">{d.total.certified}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        </>
      )}
    </>
  );
}

export const meta = titleMeta;

/** Report tables use the width of a wide screen. */
export const handle = { wide: true };
