import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { forbidden, readableAimags, requireRole } from "~/features/auth/guards.server";
import { getCatalogue } from "~/features/content/content.server";
import { listAimags, listOrganisations, listSums } from "~/features/geo/repository.server";
import { learningReport } from "~/features/reports/repository.server";
import { formatNumber } from "~/i18n/format";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "admin", "coordinator");
  const lng = await getLanguage(args.request);
  const scope = readableAimags(user);
  const url = new URL(args.request.url);
  const courses = getCatalogue().courses.map((c) => ({ slug: c.slug, title: c.meta.title[lng] }));
  const course = courses.some((c) => c.slug === url.searchParams.get("course")) ? url.searchParams.get("course")! : "";
  // A coordinator always works inside their aimag; an administrator may pick one or see them all.
  let aimag = url.searchParams.get("aimag") ?? "";
  if (scope !== "all") {
    if (aimag && !scope.includes(aimag)) throw forbidden();
    aimag ||= scope[0] ?? "";
  }
  const requested = url.searchParams.get("by");
  let groupBy: "aimag" | "sum" | "organisation" =
    requested === "organisation" || requested === "sum" || requested === "aimag" ? requested : aimag ? "sum" : "aimag";
  if (groupBy === "sum" && !aimag) groupBy = "aimag"; // sums are listed within one aimag
  if (groupBy === "aimag" && aimag) groupBy = "sum";
  const [rows, aimags, sums, orgs] = await Promise.all([
    learningReport({ aimags: scope, groupBy, aimagCode: aimag || undefined, courseSlug: course || undefined }),
    listAimags(),
    listSums(),
    listOrganisations({ includeArchived: true }),
  ]);
  const name = (r: { name_mn: string; name_en: string }) => (lng === "en" ? r.name_en : r.name_mn);
  const names = new Map<string, string>(
    groupBy === "aimag" ? aimags.map((a) => [a.code, name(a)]) : groupBy === "sum" ? sums.map((s) => [s.id, name(s)]) : orgs.map((o) => [o.id, name(o)]),
  );
  const total = rows.reduce(
    (t, r) => ({ enrolled: t.enrolled + r.enrolled, started: t.started + r.started, completed: t.completed + r.completed, overdue: t.overdue + r.overdue, certificates: t.certificates + r.certificates }),
    { enrolled: 0, started: 0, completed: 0, overdue: 0, certificates: 0 },
  );
  return json({
    title: await titleFor(args.request, "reports.title"),
    isAdmin: scope === "all",
    filter: { course, aimag, by: groupBy },
    courses,
    aimags: aimags.filter((a) => scope === "all" || scope.includes(a.code)).map((a) => ({ code: a.code, name: name(a) })),
    rows: rows
      .map((r) => ({ ...r, name: names.get(r.key) ?? r.key, drill: groupBy === "aimag" ? r.key : null }))
      .sort((a, b) => b.enrolled - a.enrolled || a.name.localeCompare(b.name)),
    total,
    fmt: Object.fromEntries(Object.entries(total).map(([k, v]) => [k, formatNumber(v, lng)])),
  });
}

export default function Reports() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const pct = (a: number, b: number) => (b ? Math.round((a / b) * 100) : 0);
  const link = (params: Record<string, string>) => `?${new URLSearchParams(Object.entries({ course: d.filter.course, ...params }).filter(([, v]) => v))}`;
  return (
    <>
      <h1 className="page-title">{t("reports.title")}</h1>
      <p className="mt-2 max-w-prose text-slate-700">{t("reports.lead")}</p>
      <Form method="get" className="card mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_auto] lg:items-end">
        <div>
          <label htmlFor="course" className="field-label">{t("reports.course")}</label>
          <select id="course" name="course" defaultValue={d.filter.course} className="field-input">
            <option value="">{t("reports.allCourses")}</option>
            {d.courses.map((c) => <option key={c.slug} value={c.slug}>{c.title}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="aimag" className="field-label">{t("fields.aimag")}</label>
          <select id="aimag" name="aimag" defaultValue={d.filter.aimag} className="field-input">
            {d.isAdmin ? <option value="">{t("admin.allAimags")}</option> : null}
            {d.aimags.map((a) => <option key={a.code} value={a.code}>{a.name}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="by" className="field-label">{t("reports.groupBy")}</label>
          <select id="by" name="by" defaultValue={d.filter.by} className="field-input">
            {d.isAdmin ? <option value="aimag">{t("reports.byAimag")}</option> : null}
            <option value="sum">{t("reports.bySum")}</option>
            <option value="organisation">{t("reports.byOrganisation")}</option>
          </select>
        </div>
        <button type="submit" className="btn-primary">{t("reports.show")}</button>
      </Form>
      {d.rows.length === 0 ? (
        <p className="card mt-6">{t("reports.empty")}</p>
      ) : (
        <div className="mt-6 overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full min-w-[36rem] text-left text-sm">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className="px-3 py-2">{t("reports.name")}</th>
                <th scope="col" className="px-3 py-2 text-right">{t("reports.enrolled")}</th>
                <th scope="col" className="px-3 py-2 text-right">{t("reports.started")}</th>
                <th scope="col" className="px-3 py-2">{t("reports.completed")}</th>
                <th scope="col" className="px-3 py-2 text-right">{t("reports.overdue")}</th>
                <th scope="col" className="px-3 py-2 text-right">{t("reports.certificates")}</th>
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
                  <td className="px-3 py-2 text-right">{r.certificates}</td>
                </tr>
              ))}
            </tbody>
            <tfoot className="bg-slate-50 font-semibold">
              <tr>
                <th scope="row" className="px-3 py-2">{t("reports.total")}</th>
                <td className="px-3 py-2 text-right">{d.fmt.enrolled}</td>
                <td className="px-3 py-2 text-right">{d.fmt.started}</td>
                <td className="px-3 py-2">{d.fmt.completed} ({t("reports.completionRate", { percent: pct(d.total.completed, d.total.enrolled) })})</td>
                <td className="px-3 py-2 text-right">{d.fmt.overdue}</td>
                <td className="px-3 py-2 text-right">{d.fmt.certificates}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </>
  );
}

export const meta = titleMeta;
