import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FilterSelect } from "~/components/list-controls";
import { readableAimags, requireRole } from "~/features/auth/guards.server";
import { CsvLink, ReportHeader } from "~/features/reports/components";
import { courseOptions, filterParams, readFilter, summaryReport } from "~/features/reports/reports.server";
import { formatNumber } from "~/i18n/format";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "admin", "coordinator");
  const lng = await getLanguage(args.request);
  const { filter, geo } = await readFilter(new URL(args.request.url), user);
  const { rows, total, places } = await summaryReport(user, lng, filter, geo);
  const query = filterParams(filter, { by: "", status: "", q: "", sum: "", organisation: "" }).toString();
  return json({
    title: await titleFor(args.request, "reports.title"),
    isAdmin: readableAimags(user) === "all",
    filter: { course: filter.course, aimag: filter.aimag, by: filter.by },
    courses: courseOptions(lng),
    aimags: places.aimags,
    rows,
    total,
    fmt: Object.fromEntries(Object.entries(total).map(([k, v]) => [k, formatNumber(v, lng)])),
    viewQuery: query ? `?${query}` : "",
    csv: `/admin/reports/export?${filterParams(filter, { view: "summary" })}`,
  });
}

export default function Reports() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const pct = (a: number, b: number) => (b ? Math.round((a / b) * 100) : 0);
  const link = (params: Record<string, string>) => `?${new URLSearchParams(Object.entries({ course: d.filter.course, ...params }).filter(([, v]) => v))}`;
  return (
    <>
      <ReportHeader current="summary" query={d.viewQuery} />
      <Form method="get" className="card mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_auto] lg:items-end">
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
        <button type="submit" className="btn-primary">
          {t("reports.show")}
        </button>
      </Form>
      {d.rows.length ? (
        <div className="mt-6 flex justify-end">
          <CsvLink href={d.csv} />
        </div>
      ) : null}
      {d.rows.length === 0 ? (
        <p className="card mt-6">{t("reports.empty")}</p>
      ) : (
        <>
          {/* On a phone each unit is a card: seven columns do not fit 360 px. */}
          <ul className="mt-3 space-y-3 sm:hidden">
            {[...d.rows.map((r) => ({ ...r, isTotal: false })), { ...d.total, key: "total", name: t("reports.total"), drill: null, isTotal: true }].map((r) => (
              <li key={r.key} className={`rounded-lg border border-slate-200 p-3 ${r.isTotal ? "bg-slate-50" : "bg-white"}`}>
                <p className="font-semibold">{r.drill ? <Link to={link({ aimag: r.drill, by: "sum" })}>{r.name}</Link> : r.name}</p>
                <p className="mt-1 flex items-center gap-2 text-sm">
                  <span className="inline-block h-2 w-24 overflow-hidden rounded bg-slate-200" aria-hidden="true">
                    <span className="block h-full bg-success" style={{ width: `${pct(r.completed, r.enrolled)}%` }} />
                  </span>
                  {t("reports.completionRate", { percent: pct(r.completed, r.enrolled) })}
                </p>
                <dl className="mt-2 grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
                  <dt className="text-slate-600">{t("reports.enrolled")}</dt>
                  <dd className="text-right font-semibold">{r.enrolled}</dd>
                  <dt className="text-slate-600">{t("reports.started")}</dt>
                  <dd className="text-right font-semibold">{r.started}</dd>
                  <dt className="text-slate-600">{t("reports.completed")}</dt>
                  <dd className="text-right font-semibold">{r.completed}</dd>
                  <dt className="text-slate-600">{t("reports.overdue")}</dt>
                  <dd className={`text-right font-semibold ${r.overdue ? "text-danger" : ""}`}>{r.overdue}</dd>
                  <dt className="text-slate-600">{t("reports.withdrawn")}</dt>
                  <dd className={`text-right font-semibold ${r.withdrawn ? "text-warning" : ""}`}>{r.withdrawn}</dd>
                  <dt className="text-slate-600">{t("reports.certificates")}</dt>
                  <dd className="text-right font-semibold">{r.certificates}</dd>
                </dl>
              </li>
            ))}
          </ul>
          <div className="mt-3 hidden overflow-x-auto rounded-lg border border-slate-200 bg-white sm:block">
            <table className="w-full min-w-[36rem] text-left text-sm">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    {t("reports.name")}
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    {t("reports.enrolled")}
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    {t("reports.started")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("reports.completed")}
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    {t("reports.overdue")}
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    {t("reports.withdrawn")}
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    {t("reports.certificates")}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {d.rows.map((r) => (
                  <tr key={r.key}>
                    <th scope="row" className="px-3 py-2 font-semibold">
                      {r.drill ? <Link to={link({ aimag: r.drill, by: "sum" })}>{r.name}</Link> : r.name}
                    </th>
                    <td className="px-3 py-2 text-right">{r.enrolled}</td>
                    <td className="px-3 py-2 text-right">{r.started}</td>
                    <td className="px-3 py-2">
                      <span className="flex items-center gap-2">
                        <span className="inline-block h-2 w-24 overflow-hidden rounded bg-slate-200" aria-hidden="true">
                          <span className="block h-full bg-success" style={{ width: `${pct(r.completed, r.enrolled)}%` }} />
                        </span>
                        {r.completed} <span className="text-slate-600">({t("reports.completionRate", { percent: pct(r.completed, r.enrolled) })})</span>
                      </span>
                    </td>
                    <td className={`px-3 py-2 text-right ${r.overdue ? "font-semibold text-danger" : ""}`}>{r.overdue}</td>
                    <td className={`px-3 py-2 text-right ${r.withdrawn ? "font-semibold text-warning" : ""}`}>{r.withdrawn}</td>
                    <td className="px-3 py-2 text-right">{r.certificates}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot className="bg-slate-50 font-semibold">
                <tr>
                  <th scope="row" className="px-3 py-2">
                    {t("reports.total")}
                  </th>
                  <td className="px-3 py-2 text-right">{d.fmt.enrolled}</td>
                  <td className="px-3 py-2 text-right">{d.fmt.started}</td>
                  <td className="px-3 py-2">
                    {d.fmt.completed} ({t("reports.completionRate", { percent: pct(d.total.completed, d.total.enrolled) })})
                  </td>
                  <td className="px-3 py-2 text-right">{d.fmt.overdue}</td>
                  <td className="px-3 py-2 text-right">{d.fmt.withdrawn}</td>
                  <td className="px-3 py-2 text-right">{d.fmt.certificates}</td>
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
