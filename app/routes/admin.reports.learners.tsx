// Learner by learner: who is enrolled, how far they are, who is overdue — for a coordinator's own
// aimag, or any aimag for an administrator. Filters are a plain GET form; pages are links.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FilterSelect, Pager } from "~/components/list-controls";
import { StatusBadge } from "~/components/status-badge";
import { readableAimags, requireRole } from "~/features/auth/guards.server";
import { DateRangeFields, ExportLinks, ReportHeader } from "~/features/reports/components";
import { CERTIFICATE_FILTERS } from "~/features/reports/measures";
import { courseOptions, filterParams, learnerReport, readFilter } from "~/features/reports/reports.server";
import { LEARNER_STATUSES } from "~/features/reports/statuses";
import { formatDateShort, formatNumber, fullName } from "~/i18n/format";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";
import { LearnerCell, ProgressMeter } from "~/features/reports/learner-cells";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "admin", "coordinator");
  const lng = await getLanguage(args.request);
  const { filter, geo } = await readFilter(new URL(args.request.url), user);
  const report = await learnerReport(user, lng, filter, geo);
  const viewQuery = filterParams(filter, { by: "" }).toString();
  const exportQuery = filterParams(filter, { view: "learners", by: "" });
  return json({
    title: await titleFor(args.request, "reports.tabLearners"),
    isAdmin: readableAimags(user) === "all",
    filter: { ...filter, after: null, before: null },
    courses: courseOptions(lng),
    aimags: report.places.aimags,
    sums: report.places.sums,
    organisations: report.places.organisations,
    counts: Object.fromEntries(
      LEARNER_STATUSES.map((s) => [
        s,
        { n: report.counts ? formatNumber(report.counts[s], lng) : null, link: `?${filterParams(filter, { status: s, certificate: "" })}` },
      ]),
    ),
    allLink: `?${filterParams(filter, { status: "", certificate: "" })}`,
    total: report.counts
      ? formatNumber(
          Object.values(report.counts).reduce((a, b) => a + b, 0),
          lng,
        )
      : null,
    matching: report.matching === null ? null : formatNumber(report.matching, lng),
    previous: report.previous ? `?${filterParams(filter, { before: report.previous })}` : null,
    next: report.next ? `?${filterParams(filter, { after: report.next })}` : null,
    learners: report.learners.map((l) => ({
      id: l.enrolmentId,
      userId: l.userId,
      courseSlug: l.courseSlug,
      name: fullName({ surname: l.surname, given_name: l.givenName }),
      email: l.email,
      sum: l.sum,
      organisation: l.organisation,
      course: l.courseTitle,
      percent: l.percent,
      lessons: l.lessons,
      status: l.status,
      due: l.dueAt ? formatDateShort(l.dueAt, lng) : null,
      exam: l.examBest === null ? null : { percent: formatNumber(l.examBest, lng, 0), attempts: l.examAttempts, passed: l.examPassed },
      certificate: l.certificateSerial,
      certificateExpires: l.certificateSerial && l.certificateExpiresAt ? formatDateShort(l.certificateExpiresAt, lng) : null,
    })),
    viewQuery: viewQuery ? `?${viewQuery}` : "",
    exports: { csv: `/admin/reports/export?${exportQuery}&format=csv`, xlsx: `/admin/reports/export?${exportQuery}&format=xlsx` },
  });
}

export default function LearnersReport() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <ReportHeader current="learners" query={d.viewQuery} />

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
        {d.sums.length ? (
          <FilterSelect
            name="sum"
            label={t("fields.sum")}
            value={d.filter.sum}
            emptyLabel={t("reports.allSums")}
            options={d.sums.map((x) => ({ value: x.id, label: x.name }))}
          />
        ) : null}
        {d.organisations.length ? (
          <FilterSelect
            name="organisation"
            label={t("fields.organisation")}
            value={d.filter.organisation}
            emptyLabel={t("reports.allOrganisations")}
            options={d.organisations.map((o) => ({ value: o.id, label: o.name }))}
          />
        ) : null}
        <FilterSelect
          name="status"
          label={t("reports.status")}
          value={d.filter.status}
          emptyLabel={t("reports.allStatuses")}
          options={LEARNER_STATUSES.map((x) => ({ value: x, label: t(`learningStatus.${x}`) }))}
        />
        <FilterSelect
          name="certificate"
          label={t("dashboard.certificate.label")}
          value={d.filter.certificate}
          emptyLabel={t("dashboard.certificate.all")}
          options={CERTIFICATE_FILTERS.map((x) => ({ value: x, label: t(`dashboard.certificate.${x}`) }))}
        />
        <DateRangeFields from={d.filter.from} to={d.filter.to} />
        <div>
          <label htmlFor="q" className="field-label">
            {t("reports.search")}
          </label>
          <input id="q" name="q" type="search" defaultValue={d.filter.search} maxLength={100} className="field-input" />
        </div>
        <div className="sm:col-span-2 lg:col-span-3">
          <button type="submit" className="btn-primary">
            {t("reports.show")}
          </button>
        </div>
      </Form>

      <div className="mt-6 flex flex-wrap items-center justify-between gap-3">
        <ul aria-label={t("reports.statusCounts")} className="flex flex-wrap gap-2">
          {[
            { status: "", label: t("reports.allStatuses"), n: d.total, link: d.allLink },
            ...LEARNER_STATUSES.map((x) => ({ status: x, label: t(`learningStatus.${x}`), ...d.counts[x] })),
          ].map((chip) => {
            const current = d.filter.status === chip.status;
            return (
              <li key={chip.status || "all"}>
                <Link
                  to={chip.link}
                  aria-current={current ? "true" : undefined}
                  className={`inline-flex min-h-11 items-center rounded-full border px-3 text-sm font-semibold no-underline ${current ? "border-primary bg-primary text-white hover:text-white" : "border-slate-300 bg-white text-slate-800"}`}
                >
                  {chip.n === null ? chip.label : `${chip.label}: ${chip.n}`}
                </Link>
              </li>
            );
          })}
        </ul>
        {d.learners.length ? (
          <div className="flex flex-wrap gap-2 print:hidden">
            <ExportLinks csv={d.exports.csv} xlsx={d.exports.xlsx} />
          </div>
        ) : null}
      </div>

      {d.learners.length === 0 ? (
        <p className="card mt-4">{t("reports.learnersEmpty")}</p>
      ) : (
        <>
          {/* On a phone each learner is a card; the table needs a wider screen. */}
          <ul className="mt-4 space-y-3 sm:hidden print:hidden">
            {d.learners.map((l) => (
              <li key={l.id} className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
                <div className="flex items-start justify-between gap-2">
                  <Link to={`/admin/courses/${l.courseSlug}/enrolled/${l.id}`} className="text-base font-semibold">
                    {l.name}
                  </Link>
                  <StatusBadge status={l.status} className="px-2 py-0.5" />
                </div>
                <p className="text-slate-600">
                  {l.sum} · {l.organisation}
                </p>
                {d.filter.course ? null : <p className="mt-1">{l.course}</p>}
                <p className="mt-2">
                  <ProgressMeter percent={l.percent} lessons={l.lessons} barWidth="w-24" />
                </p>
                <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
                  <dt className="text-slate-600">{t("reports.due")}</dt>
                  <dd>{l.due ?? t("reports.noDue")}</dd>
                  <dt className="text-slate-600">{t("reports.examBest")}</dt>
                  <dd>{l.exam ? t("reports.examBestValue", { percent: l.exam.percent, count: l.exam.attempts }) : t("reports.noExam")}</dd>
                  {l.certificate ? (
                    <>
                      <dt className="text-slate-600">{t("reports.certificates")}</dt>
                      <dd className="font-mono">{l.certificate}</dd>
                    </>
                  ) : null}
                </dl>
              </li>
            ))}
          </ul>
          <div className="mt-4 hidden overflow-x-auto rounded-lg border border-slate-200 bg-white sm:block print:block print:overflow-visible">
            <table className="w-full min-w-[52rem] text-left text-sm">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    {t("reports.learner")} · {t("reports.place")}
                  </th>
                  {d.filter.course ? null : (
                    <th scope="col" className="px-3 py-2">
                      {t("reports.course")}
                    </th>
                  )}
                  <th scope="col" className="px-3 py-2">
                    {t("reports.progress")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("reports.status")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("reports.due")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("reports.examBest")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("reports.certificates")}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {d.learners.map((l) => (
                  <tr key={l.id} className="align-top">
                    <LearnerCell
                      href={`/admin/courses/${l.courseSlug}/enrolled/${l.id}`}
                      name={l.name}
                      email={l.email}
                      sum={l.sum}
                      organisation={l.organisation}
                    />
                    {d.filter.course ? null : <td className="min-w-[10rem] px-3 py-2">{l.course}</td>}
                    <td className="whitespace-nowrap px-3 py-2">
                      <ProgressMeter percent={l.percent} lessons={l.lessons} barWidth="w-14" lessonsBelow />
                    </td>
                    <td className="px-3 py-2">
                      <StatusBadge status={l.status} className="px-2 py-0.5" />
                    </td>
                    <td className="whitespace-nowrap px-3 py-2">{l.due ?? <span className="text-slate-600">{t("reports.noDue")}</span>}</td>
                    <td className="px-3 py-2">
                      {l.exam ? (
                        <span className={l.exam.passed ? "font-semibold text-success" : ""}>
                          {t("reports.examBestValue", { percent: l.exam.percent, count: l.exam.attempts })}
                        </span>
                      ) : (
                        <span className="text-slate-600">{t("reports.noExam")}</span>
                      )}
                    </td>
                    <td className="whitespace-nowrap px-3 py-2 font-mono">{l.certificate ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager position={d.matching === null ? t("reports.manyMatches") : t("reports.matching", { n: d.matching })} previous={d.previous} next={d.next} />
        </>
      )}
    </>
  );
}

export const meta = titleMeta;

/** Report tables use the width of a wide screen. */
export const handle = { wide: true };
