// Who is enrolled in one course: the learners the reader looks after (their aimag for a
// coordinator, every aimag for an administrator, where they teach it for a trainer), withdrawn ones
// included and marked, with status, due date, progress, exam attempts and what was granted.
// Filters are a plain GET form; pages follow a cursor (?after=), not an offset.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FilterSelect } from "~/components/list-controls";
import { StatusBadge } from "~/components/status-badge";
import { forbidden, requireRole } from "~/features/auth/guards.server";
import { getCatalogue } from "~/features/content/content.server";
import { enrolledScope, listEnrolled } from "~/features/enrolment/enrolled.server";
import { LEARNER_STATUSES, type LearnerStatus } from "~/features/enrolment/statuses";
import { listAimags, listOrganisations, listSums } from "~/features/geo/repository.server";
import { formatDateShort, formatNumber, fullName } from "~/i18n/format";
import { getFixedT, getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";
import { LearnerCell, ProgressMeter } from "~/features/reports/learner-cells";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "admin", "coordinator", "trainer");
  const course = getCatalogue().courses.find((c) => c.slug === args.params.course);
  if (!course) throw new Response("Not found", { status: 404 });
  const scope = await enrolledScope(user, course.slug);
  if (!scope) throw forbidden();
  const lng = await getLanguage(args.request);
  const p = new URL(args.request.url).searchParams;
  const status = (LEARNER_STATUSES as readonly string[]).includes(p.get("status") ?? "") ? (p.get("status") as LearnerStatus) : undefined;
  const search = (p.get("q") ?? "").trim().slice(0, 100);
  // an id is short; anything longer is not one of ours
  const after = (p.get("after") ?? "").slice(0, 100) || undefined;
  const [list, aimags, sums, orgs] = await Promise.all([
    listEnrolled(course, scope, { status, search, after }),
    listAimags(),
    listSums(),
    listOrganisations({ includeArchived: true }),
  ]);
  const name = (r: { name_mn: string; name_en: string }) => (lng === "en" ? r.name_en : r.name_mn);
  const sumName = new Map(sums.map((s) => [s.id, name(s)]));
  const orgName = new Map(orgs.map((o) => [o.id, name(o)]));
  const query = (extra: Record<string, string>) => {
    const q = new URLSearchParams(Object.entries({ status: status ?? "", q: search, ...extra }).filter(([, v]) => v));
    return q.size ? `?${q}` : "?";
  };
  const base = `/admin/courses/${course.slug}/enrolled`;
  return json({
    title: await titleFor(args.request, `${course.meta.title[lng]} · ${(await getFixedT(args.request))("enrolled.courses.title")}`, true),
    course: { slug: course.slug, title: course.meta.title[lng] },
    base,
    scope:
      scope.read === "all"
        ? null
        : aimags
            .filter((a) => scope.read.includes(a.code))
            .map(name)
            .join(", "),
    readOnly: scope.change !== "all" && scope.change.length === 0,
    filter: { status: status ?? "", search },
    // a search matching very many people is not counted (the page asks for more of the name)
    counts: LEARNER_STATUSES.map((s) => ({ status: s, n: list.counts ? formatNumber(list.counts[s], lng) : "—", link: query({ status: s }) })),
    total: list.counts
      ? formatNumber(
          Object.values(list.counts).reduce((a, b) => a + b, 0),
          lng,
        )
      : "—",
    allLink: query({ status: "" }),
    matching: list.matching === null ? null : formatNumber(list.matching, lng),
    first: list.resumed ? query({}) : null,
    next: list.next ? query({ after: list.next }) : null,
    learners: list.learners.map((l) => ({
      id: l.id,
      name: fullName(l),
      email: l.email,
      sum: sumName.get(l.sum_id) ?? l.sum_id,
      organisation: orgName.get(l.organisation_id) ?? l.organisation_id,
      status: l.status,
      percent: l.percent,
      lessons: l.lessons,
      due: l.due_at ? formatDateShort(l.due_at, lng) : null,
      exam: course.meta.exam ? { used: l.exam_attempts, limit: l.attemptLimit, best: l.exam_best === null ? null : formatNumber(l.exam_best, lng, 2) } : null,
      extraMinutes: l.exam_extra_minutes,
      extraAttempts: l.extra_attempts,
    })),
  });
}

export default function EnrolledList() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  type Row = (typeof d.learners)[number];
  const exam = (l: Row) =>
    l.exam ? (
      <>
        {l.exam.limit === null
          ? t("enrolled.list.attemptsUnlimited", { used: l.exam.used })
          : t("enrolled.list.attemptsOf", { used: l.exam.used, limit: l.exam.limit })}
        {l.exam.best !== null ? <span className="block text-slate-600">{t("enrolled.list.best", { percent: l.exam.best })}</span> : null}
      </>
    ) : (
      t("enrolled.list.none")
    );
  const grants = (l: Row) =>
    [
      l.extraMinutes ? t("enrolled.list.extraMinutes", { minutes: l.extraMinutes }) : null,
      l.extraAttempts ? t("enrolled.list.extraAttempts", { count: l.extraAttempts }) : null,
    ]
      .filter(Boolean)
      .join(", ") || t("enrolled.list.none");
  return (
    <>
      <nav aria-label={t("lesson.breadcrumb")} className="breadcrumb">
        <Link to="/admin/courses">{t("enrolled.courses.title")}</Link>
      </nav>
      <h1 className="page-title mt-2">{d.course.title}</h1>
      <p className="mt-2 max-w-prose text-slate-700">{t("enrolled.list.lead")}</p>
      <p className="mt-2 text-sm text-slate-700">{d.scope ? t("enrolled.list.scope", { aimags: d.scope }) : t("enrolled.courses.allAimags")}</p>
      {d.readOnly ? <p className="mt-4 rounded-md border-l-4 border-primary bg-primary-light px-4 py-3">{t("enrolled.list.readOnly")}</p> : null}

      <Form method="get" className="card mt-6 grid gap-4 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
        <FilterSelect
          name="status"
          label={t("reports.status")}
          value={d.filter.status}
          emptyLabel={t("reports.allStatuses")}
          options={LEARNER_STATUSES.map((x) => ({ value: x, label: t(`learningStatus.${x}`) }))}
        />
        <div>
          <label htmlFor="q" className="field-label">
            {t("reports.search")}
          </label>
          <input id="q" name="q" type="search" defaultValue={d.filter.search} maxLength={100} className="field-input" />
        </div>
        <button type="submit" className="btn-primary">
          {t("reports.show")}
        </button>
      </Form>

      <ul aria-label={t("reports.statusCounts")} className="mt-6 flex flex-wrap gap-2">
        {[
          { status: "", label: t("reports.allStatuses"), n: d.total, link: d.allLink },
          ...d.counts.map((c) => ({ ...c, label: t(`learningStatus.${c.status}`) })),
        ].map((chip) => {
          const current = d.filter.status === chip.status;
          return (
            <li key={chip.status || "all"}>
              <Link
                to={chip.link}
                aria-current={current ? "true" : undefined}
                className={`inline-flex min-h-11 items-center rounded-full border px-3 text-sm font-semibold no-underline ${current ? "border-primary bg-primary text-white hover:text-white" : "border-slate-300 bg-white text-slate-800"}`}
              >
                {chip.label}: {chip.n}
              </Link>
            </li>
          );
        })}
      </ul>

      {d.learners.length === 0 ? (
        <p className="card mt-4">{t("enrolled.list.empty")}</p>
      ) : (
        <>
          {/* On a phone each learner is a card; the table needs a wider screen. */}
          <ul className="mt-4 space-y-3 sm:hidden">
            {d.learners.map((l) => (
              <li key={l.id} className={`rounded-lg border bg-white p-3 text-sm ${l.status === "withdrawn" ? "border-warning" : "border-slate-200"}`}>
                <div className="flex items-start justify-between gap-2">
                  <Link to={`${d.base}/${l.id}`} className="text-base font-semibold">
                    {l.name}
                  </Link>
                  <StatusBadge status={l.status} className="px-2 py-0.5" />
                </div>
                <p className="text-slate-600">
                  {l.sum} · {l.organisation}
                </p>
                <p className="mt-2">
                  <ProgressMeter percent={l.percent} lessons={l.lessons} barWidth="w-24" />
                </p>
                <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
                  <dt className="text-slate-600">{t("reports.due")}</dt>
                  <dd>{l.due ?? t("reports.noDue")}</dd>
                  <dt className="text-slate-600">{t("enrolled.list.exam")}</dt>
                  <dd>{exam(l)}</dd>
                  <dt className="text-slate-600">{t("enrolled.list.grants")}</dt>
                  <dd>{grants(l)}</dd>
                </dl>
              </li>
            ))}
          </ul>
          <div className="mt-4 hidden overflow-x-auto rounded-lg border border-slate-200 bg-white sm:block">
            <table className="w-full min-w-[52rem] text-left text-sm">
              <caption className="sr-only">{d.course.title}</caption>
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    {t("reports.learner")} · {t("reports.place")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("reports.status")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("reports.progress")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("reports.due")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("enrolled.list.exam")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("enrolled.list.grants")}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {d.learners.map((l) => (
                  <tr key={l.id} className={`align-top ${l.status === "withdrawn" ? "bg-warning-light/40" : ""}`}>
                    <LearnerCell href={`${d.base}/${l.id}`} name={l.name} email={l.email} sum={l.sum} organisation={l.organisation} />
                    <td className="px-3 py-2">
                      <StatusBadge status={l.status} className="px-2 py-0.5" />
                    </td>
                    <td className="whitespace-nowrap px-3 py-2">
                      <ProgressMeter percent={l.percent} lessons={l.lessons} barWidth="w-14" />
                    </td>
                    <td className="whitespace-nowrap px-3 py-2">{l.due ?? <span className="text-slate-600">{t("reports.noDue")}</span>}</td>
                    <td className="px-3 py-2">{exam(l)}</td>
                    <td className="px-3 py-2">{grants(l)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <nav aria-label={t("reports.pagination")} className="mt-4 flex flex-wrap items-center justify-between gap-3">
        <p>{d.matching === null ? t("reports.manyMatches") : t("enrolled.list.matching", { n: d.matching })}</p>
        <span className="flex gap-2">
          {d.first ? (
            <Link to={d.first} className="btn-secondary">
              {t("enrolled.list.firstPage")}
            </Link>
          ) : null}
          {d.next ? (
            <Link to={d.next} className="btn-secondary">
              {t("reports.next")}
            </Link>
          ) : null}
        </span>
      </nav>
    </>
  );
}

export const meta = titleMeta;
