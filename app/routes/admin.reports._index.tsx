// The dashboard: for administrators the whole country by aimag, with a map; inside an aimag (always,
// for its coordinator) by sum or by organisation. Every place is listed, those where nobody is
// enrolled too, and every count links to the learners behind it. Filters are a plain GET form.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FilterSelect } from "~/components/list-controls";
import { readableAimags, requireRole } from "~/features/auth/guards.server";
import { AimagMap } from "~/features/reports/aimag-map";
import { DateRangeFields, ExportLinks, ReportHeader } from "~/features/reports/components";
import { MAP_MEASURES, type MapMeasure, SHARE_MEASURES } from "~/features/reports/measures";
import { courseOptions, dashboard, filterParams, type PlaceRow, readFilter, weeklyTrend } from "~/features/reports/reports.server";
import { TrendChart } from "~/features/reports/trend-chart";
import { formatNumber, formatPercent } from "~/i18n/format";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "admin", "coordinator");
  const lng = await getLanguage(args.request);
  const { filter, geo } = await readFilter(new URL(args.request.url), user);
  const now = new Date();
  const [{ rows, total, places }, trend] = await Promise.all([dashboard(user, lng, filter, geo, now), weeklyTrend(user, filter, now)]);
  const num = (n: number) => formatNumber(n, lng);
  const pct = (r: number | null) => (r === null ? "—" : formatPercent(r, lng));
  const learners = (row: { key: string } | null, extra: Record<string, string> = {}) => {
    const place: Record<string, string> =
      row === null ? {} : filter.by === "aimag" ? { aimag: row.key } : filter.by === "sum" ? { sum: row.key } : { organisation: row.key };
    return `/admin/reports/learners?${filterParams(filter, { by: "", sum: "", organisation: "", status: "", certificate: "", q: "", ...place, ...extra })}`;
  };
  const shape = (r: PlaceRow, row: { key: string } | null) => ({
    key: r.key,
    name: r.name,
    nobody: r.enrolled === 0,
    cells: {
      learners: num(r.learners),
      active: num(r.active),
      enrolled: num(r.enrolled),
      completed: num(r.completed),
      completionRate: pct(r.completionRate),
      passRate: pct(r.passRate),
      averageScore: r.averageScore === null ? "—" : `${formatNumber(r.averageScore, lng, 0)}%`,
      certificatesValid: num(r.certificatesValid),
      certificatesExpiring: num(r.certificatesExpiring),
      certificatesExpired: num(r.certificatesExpired),
      overdue: num(r.overdue),
    },
    links: {
      enrolled: learners(row),
      completed: learners(row, { status: "completed" }),
      overdue: learners(row, { status: "overdue" }),
      certificatesValid: learners(row, { certificate: "valid" }),
      certificatesExpiring: learners(row, { certificate: "expiring" }),
      certificatesExpired: learners(row, { certificate: "expired" }),
      learners: `/admin/users?${new URLSearchParams(row === null ? (filter.aimag ? { aimag: filter.aimag } : {}) : filter.by === "aimag" ? { aimag: row.key } : { aimag: filter.aimag, [filter.by]: row.key })}`,
    },
    drill: filter.by === "aimag" && row ? `?${filterParams(filter, { aimag: row.key, by: "sum" })}` : null,
  });
  const mapValue = (r: PlaceRow, m: MapMeasure): number | null => {
    const v = r[m];
    return r.enrolled === 0 && m !== "learners" && m !== "enrolled" ? null : v;
  };
  const display = (r: PlaceRow, m: MapMeasure) => {
    const v = mapValue(r, m);
    if (v === null) return "—";
    return m === "completionRate" || m === "passRate" || m === "activeShare" || m === "overdueShare"
      ? pct(v)
      : m === "averageScore"
        ? `${formatNumber(v, lng, 0)}%`
        : num(v);
  };
  const query = filterParams(filter, { by: "", status: "", q: "", certificate: "" }).toString();
  const exportQuery = filterParams(filter, { view: "summary", status: "", q: "", certificate: "" });
  return json({
    title: await titleFor(args.request, filter.aimag ? "dashboard.aimagTitle" : "dashboard.countryTitle"),
    isAdmin: readableAimags(user) === "all",
    filter: { course: filter.course, aimag: filter.aimag, by: filter.by, from: filter.from, to: filter.to, measure: filter.measure },
    aimagName: filter.aimag ? (places.names.aimag.get(filter.aimag) ?? "") : "",
    courses: courseOptions(lng),
    aimags: places.aimags,
    rows: rows.map((r) => shape(r, r)),
    total: shape({ ...total, name: "" }, null),
    nobody: rows.filter((r) => r.enrolled === 0).length,
    map:
      filter.by === "aimag"
        ? rows.map((r) => ({
            code: r.key,
            name: r.name,
            value: mapValue(r, filter.measure),
            display: display(r, filter.measure),
            href: `?${filterParams(filter, { aimag: r.key, by: "sum" })}`,
          }))
        : null,
    trend: trend.map((w) => ({ ...w, label: `${w.week.slice(8, 10)}.${w.week.slice(5, 7)}` })),
    viewQuery: query ? `?${query}` : "",
    exports: { csv: `/admin/reports/export?${exportQuery}&format=csv`, xlsx: `/admin/reports/export?${exportQuery}&format=xlsx` },
  });
}

const COLUMNS = [
  "learners",
  "active",
  "enrolled",
  "completed",
  "completionRate",
  "passRate",
  "averageScore",
  "certificatesValid",
  "certificatesExpiring",
  "certificatesExpired",
  "overdue",
] as const;

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

function Cell({ row, column }: { row: Row; column: (typeof COLUMNS)[number] }) {
  const link = (row.links as Record<string, string | undefined>)[column];
  const value = row.cells[column];
  return link && value !== "0" ? (
    <Link to={link} className="tabular-nums">
      {value}
    </Link>
  ) : (
    <span className="tabular-nums">{value}</span>
  );
}

export default function Dashboard() {
  const d = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const placeHeader = { aimag: t("fields.aimag"), sum: t("fields.sum"), organisation: t("fields.organisation") }[d.filter.by];
  const heading = d.filter.aimag ? t("dashboard.aimagHeading", { aimag: d.aimagName }) : t("dashboard.countryHeading");
  const lng = i18n.language === "en" ? "en" : "mn";
  const fmt = (n: number) => formatNumber(n, lng);
  return (
    <>
      <ReportHeader current="summary" query={d.viewQuery} />
      <Form method="get" className="card mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3 print:hidden">
        <FilterSelect
          name="course"
          label={t("reports.course")}
          value={d.filter.course}
          emptyLabel={t("reports.allCourses")}
          options={d.courses.map((c) => ({ value: c.slug, label: c.title }))}
        />
        <FilterSelect
          name="aimag"
          label={t("fields.aimag")}
          value={d.filter.aimag}
          emptyLabel={d.isAdmin ? t("admin.allAimags") : undefined}
          options={d.aimags.map((a) => ({ value: a.code, label: a.name }))}
        />
        <FilterSelect
          name="by"
          label={t("reports.groupBy")}
          value={d.filter.by}
          options={[
            ...(d.isAdmin ? [{ value: "aimag", label: t("reports.byAimag") }] : []),
            { value: "sum", label: t("reports.bySum") },
            { value: "organisation", label: t("reports.byOrganisation") },
          ]}
        />
        <DateRangeFields from={d.filter.from} to={d.filter.to} />
        {d.map ? (
          <FilterSelect
            name="measure"
            label={t("dashboard.mapMeasure")}
            value={d.filter.measure}
            options={MAP_MEASURES.map((m) => ({ value: m, label: t(`dashboard.measure.${m}`) }))}
          />
        ) : null}
        <div className="sm:col-span-2 lg:col-span-3">
          <button type="submit" className="btn-primary">
            {t("reports.show")}
          </button>
        </div>
      </Form>

      <h2 className="mt-8 text-xl font-bold">{heading}</h2>
      <p className="mt-1 max-w-prose text-slate-700">
        {d.nobody ? t("dashboard.nobodyCount", { count: d.nobody, place: placeHeader.toLowerCase() }) : t("dashboard.everyPlaceEnrolled")}{" "}
        {t("dashboard.cohortNote")}
      </p>

      <div className="mt-4 grid gap-4 lg:grid-cols-2">
        {d.map ? (
          <AimagMap
            values={d.map}
            domain={
              SHARE_MEASURES.includes(d.filter.measure) || d.filter.measure === "averageScore" ? [0, d.filter.measure === "averageScore" ? 100 : 1] : undefined
            }
            formatValue={
              SHARE_MEASURES.includes(d.filter.measure)
                ? (v) => formatPercent(v, lng)
                : d.filter.measure === "averageScore"
                  ? (v) => `${formatNumber(v, lng, 0)}%`
                  : (v) => formatNumber(v, lng, 0)
            }
            title={t("dashboard.mapTitle", { measure: t(`dashboard.measure.${d.filter.measure}`) })}
            measureLabel={t(`dashboard.measure.${d.filter.measure}`)}
          />
        ) : null}
        <TrendChart weeks={d.trend} title={t("dashboard.trendTitle")} formatNumber={fmt} />
      </div>

      <div className="mt-6 flex flex-wrap justify-end gap-2 print:hidden">
        <ExportLinks csv={d.exports.csv} xlsx={d.exports.xlsx} />
      </div>

      {/* On a phone each place is a card: twelve columns do not fit 360 px. */}
      <ul className="mt-3 space-y-3 sm:hidden print:hidden">
        {[...d.rows, { ...d.total, name: t("reports.total") }].map((r) => (
          <li key={r.key} className={`rounded-lg border bg-white p-3 text-sm ${r.nobody ? "border-amber-400" : "border-slate-200"}`}>
            <p className="text-base font-semibold">{"drill" in r && r.drill ? <Link to={r.drill}>{r.name}</Link> : r.name}</p>
            {r.nobody ? <p className="mt-1 font-semibold text-amber-800">{t("dashboard.nobodyEnrolled")}</p> : null}
            <dl className="mt-2 grid grid-cols-[1fr_auto] gap-x-3 gap-y-1">
              {COLUMNS.map((c) => (
                <div key={c} className="contents">
                  <dt className="text-slate-600">{t(`dashboard.column.${c}`)}</dt>
                  <dd className="text-right">
                    <Cell row={r} column={c} />
                  </dd>
                </div>
              ))}
            </dl>
          </li>
        ))}
      </ul>
      <div className="mt-3 hidden rounded-lg border border-slate-200 bg-white sm:block print:block">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{heading}</caption>
          <thead className="bg-slate-50 align-bottom">
            <tr>
              <th scope="col" className="px-2 py-2">
                {placeHeader}
              </th>
              {COLUMNS.map((c) => (
                <th key={c} scope="col" className="px-2 py-2 text-right text-xs font-semibold">
                  {t(`dashboard.column.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {d.rows.map((r) => (
              <tr key={r.key} className={r.nobody ? "bg-amber-50" : undefined}>
                <th scope="row" className="px-2 py-2 text-left font-semibold">
                  {r.drill ? <Link to={r.drill}>{r.name}</Link> : r.name}
                  {r.nobody ? <span className="block text-xs font-semibold text-amber-800">{t("dashboard.nobodyEnrolled")}</span> : null}
                </th>
                {COLUMNS.map((c) => (
                  <td key={c} className="px-2 py-2 text-right">
                    <Cell row={r} column={c} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot className="border-t-2 border-slate-300 bg-slate-50 font-semibold">
            <tr>
              <th scope="row" className="px-2 py-2 text-left">
                {t("reports.total")}
              </th>
              {COLUMNS.map((c) => (
                <td key={c} className="px-2 py-2 text-right">
                  <Cell row={d.total} column={c} />
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
    </>
  );
}

export const meta = titleMeta;

/** Report tables use the width of a wide screen. */
export const handle = { wide: true };
