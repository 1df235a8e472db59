// One course's funnel: how many people got from enrolment to each next step — started, lessons
// done, exam passed, certified — per aimag (administrators, and trainers of the course) or per sum
// inside an aimag (its coordinator). Every aimag or sum is listed, those with nobody enrolled too.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FilterSelect } from "~/components/list-controls";
import { forbidden, requireRole } from "~/features/auth/guards.server";
import { DateRangeFields, ExportLinks, ReportHeader } from "~/features/reports/components";
import { courseOptions, filterParams, funnelAccess, funnelReport, readFilter } from "~/features/reports/reports.server";
import { formatNumber, formatPercent } from "~/i18n/format";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

const STEPS = ["enrolled", "started", "lessonsDone", "examPassed", "certified"] as const;

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "admin", "coordinator", "trainer");
  const lng = await getLanguage(args.request);
  const url = new URL(args.request.url);
  const access = await funnelAccess(user);
  if (!access) throw forbidden();
  const { staff } = access;
  const { filter, geo } = await readFilter(url, user, access.aimags);
  let courses = courseOptions(lng);
  if (access.courses !== "all") {
    const mine = access.courses;
    courses = courses.filter((c) => mine.has(c.slug));
    if (!courses.length) throw forbidden();
    if (filter.course && !mine.has(filter.course)) throw forbidden();
    filter.course ||= courses[0].slug;
  }
  const report = filter.course ? await funnelReport(access.aimags, lng, filter, geo) : null;
  const num = (n: number) => formatNumber(n, lng);
  const share = (a: number, b: number) => (b ? formatPercent(a / b, lng) : "—");
  const steps = (r: { enrolled: number; started: number; lessonsDone: number; examPassed: number; certified: number }) =>
    STEPS.map((s, i) => ({
      step: s,
      n: num(r[s]),
      share: i === 0 ? null : share(r[s], r.enrolled),
      width: r.enrolled ? Math.round((r[s] / r.enrolled) * 100) : 0,
    }));
  const query = filterParams(filter, { by: "", status: "", q: "", certificate: "", sum: "", organisation: "" });
  return json({
    title: await titleFor(args.request, "dashboard.funnel.title"),
    isAdmin: access.aimags === "all",
    staff,
    filter: { course: filter.course, aimag: filter.aimag, from: filter.from, to: filter.to },
    courses,
    aimags: geo.aimags
      .filter((a) => access.aimags === "all" || access.aimags.includes(a.code))
      .map((a) => ({ code: a.code, name: lng === "en" ? a.name_en : a.name_mn })),
    report: report
      ? {
          by: report.by,
          hasExam: report.course.hasExam,
          title: report.course.title,
          total: steps(report.total),
          rows: report.rows.map((r) => ({ key: r.key, name: r.name, nobody: r.enrolled === 0, steps: steps(r) })),
        }
      : null,
    viewQuery: staff ? `?${query}` : "",
    exports: { csv: `/admin/reports/export?${query}&view=funnel&format=csv`, xlsx: `/admin/reports/export?${query}&view=funnel&format=xlsx` },
  });
}

export default function Funnel() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      {d.staff ? <ReportHeader current="funnel" query={d.viewQuery} /> : <h1 className="page-title">{t("dashboard.funnel.title")}</h1>}
      <p className="mt-2 max-w-prose text-slate-700">{t("dashboard.funnel.lead")}</p>
      <Form method="get" className="card mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4 print:hidden">
        <FilterSelect
          name="course"
          label={t("reports.course")}
          value={d.filter.course}
          emptyLabel={d.staff ? t("dashboard.funnel.chooseCourse") : undefined}
          options={d.courses.map((c) => ({ value: c.slug, label: c.title }))}
        />
        <FilterSelect
          name="aimag"
          label={t("fields.aimag")}
          value={d.filter.aimag}
          emptyLabel={d.isAdmin ? t("admin.allAimags") : undefined}
          options={d.aimags.map((a) => ({ value: a.code, label: a.name }))}
        />
        <DateRangeFields from={d.filter.from} to={d.filter.to} />
        <div className="sm:col-span-2 lg:col-span-4">
          <button type="submit" className="btn-primary">
            {t("reports.show")}
          </button>
        </div>
      </Form>
      {!d.report ? (
        <p className="card mt-6">{t("dashboard.funnel.chooseCourse")}</p>
      ) : (
        <>
          <h2 className="mt-8 text-xl font-bold">{d.report.title}</h2>
          {d.report.hasExam ? null : <p className="mt-1 text-slate-700">{t("dashboard.funnel.noExam")}</p>}
          <ol className="card mt-4 space-y-2" aria-label={t("dashboard.funnel.title")}>
            {d.report.total.map((s) => (
              <li key={s.step} className="grid grid-cols-[9rem_1fr] items-center gap-3 sm:grid-cols-[12rem_1fr]">
                <span className="font-semibold">{t(`dashboard.funnel.${s.step}`)}</span>
                <span className="flex items-center gap-2">
                  <span className="block h-6 rounded bg-primary" style={{ width: `${Math.max(s.width, 1)}%` }} aria-hidden="true" />
                  <span className="whitespace-nowrap tabular-nums">
                    {s.n}
                    {s.share ? ` (${s.share})` : ""}
                  </span>
                </span>
              </li>
            ))}
          </ol>
          <div className="mt-6 flex flex-wrap justify-end gap-2 print:hidden">
            <ExportLinks csv={d.exports.csv} xlsx={d.exports.xlsx} />
          </div>
          <div className="mt-3 overflow-x-auto rounded-lg border border-slate-200 bg-white print:overflow-visible">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">{d.report.title}</caption>
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className="px-2 py-2">
                    {d.report.by === "sum" ? t("fields.sum") : t("fields.aimag")}
                  </th>
                  {STEPS.map((s) => (
                    <th key={s} scope="col" className="px-2 py-2 text-right">
                      {t(`dashboard.funnel.${s}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {d.report.rows.map((r) => (
                  <tr key={r.key} className={r.nobody ? "bg-amber-50" : undefined}>
                    <th scope="row" className="px-2 py-2 font-semibold">
                      {r.name}
                      {r.nobody ? <span className="block text-xs font-semibold text-amber-800">{t("dashboard.nobodyEnrolled")}</span> : null}
                    </th>
                    {r.steps.map((s) => (
                      <td key={s.step} className="whitespace-nowrap px-2 py-2 text-right tabular-nums">
                        {s.n}
                        {s.share && s.share !== "—" ? <span className="block text-xs text-slate-600">{s.share}</span> : null}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
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
