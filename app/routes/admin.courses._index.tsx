// The courses whose learners the reader looks after, with how many are enrolled and how many are
// overdue or have left: the way in to "who is enrolled". Coordinators see their aimag's figures,
// administrators everyone's, trainers the courses they teach where they teach them.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { StatusBadge } from "~/components/status-badge";
import { hasRole, requireRole } from "~/features/auth/guards.server";
import { getCatalogue } from "~/features/content/content.server";
import { coursesWithLearners } from "~/features/enrolment/enrolled.server";
import { LEARNER_STATUSES } from "~/features/enrolment/statuses";
import { listAimags } from "~/features/geo/repository.server";
import { formatNumber } from "~/i18n/format";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "admin", "coordinator", "trainer");
  const lng = await getLanguage(args.request);
  const [rows, aimags] = await Promise.all([coursesWithLearners(user, getCatalogue().courses), listAimags()]);
  const aimagName = new Map(aimags.map((a) => [a.code, lng === "en" ? a.name_en : a.name_mn]));
  return json({
    title: await titleFor(args.request, "enrolled.courses.title"),
    // administrators manage each course's trainers from here
    isAdmin: hasRole(user, "admin"),
    courses: rows
      // a course taken off the catalogue's list still shows while it has learners
      .map(({ course, scope, counts }) => ({ course, scope, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) }))
      .filter((r) => r.course.meta.published || r.total > 0)
      .map(({ course, scope, counts, total }) => ({
        slug: course.slug,
        title: course.meta.title[lng],
        scope: scope.read === "all" ? null : scope.read.map((code) => aimagName.get(code) ?? code).join(", "),
        total: formatNumber(total, lng),
        // the coordinator's two problems first, then the rest, as in the reports
        counts: LEARNER_STATUSES.filter((s) => counts[s] > 0).map((s) => ({ status: s, n: formatNumber(counts[s], lng) })),
      })),
  });
}

export default function EnrolledCourses() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1 className="page-title">{t("enrolled.courses.title")}</h1>
      <p className="mt-2 max-w-prose text-slate-700">{t("enrolled.courses.lead")}</p>
      {d.courses.length === 0 ? (
        <p className="card mt-6">{t("enrolled.courses.empty")}</p>
      ) : (
        <ul className="mt-6 grid gap-4 lg:grid-cols-2">
          {d.courses.map((c) => (
            <li key={c.slug} className="card flex flex-col gap-3">
              <h2 className="text-lg font-bold">{c.title}</h2>
              <p className="text-sm text-slate-700">
                {t("enrolled.courses.enrolled", { n: c.total })} · {c.scope ? t("enrolled.list.scope", { aimags: c.scope }) : t("enrolled.courses.allAimags")}
              </p>
              {c.counts.length ? (
                <ul className="flex flex-wrap gap-x-3" aria-label={t("reports.statusCounts")}>
                  {c.counts.map((x) => (
                    <li key={x.status}>
                      <Link to={`/admin/courses/${c.slug}/enrolled?status=${x.status}`} className="inline-flex min-h-11 items-center gap-1 no-underline">
                        <StatusBadge status={x.status} className="px-2 py-0.5" /> <span className="text-sm font-semibold text-slate-800">{x.n}</span>
                      </Link>
                    </li>
                  ))}
                </ul>
              ) : null}
              <p className="mt-auto flex flex-wrap gap-2">
                <Link to={`/admin/courses/${c.slug}/enrolled`} className="btn-secondary" aria-label={`${t("enrolled.courses.open")}: ${c.title}`}>
                  {t("enrolled.courses.open")}
                </Link>
                {d.isAdmin ? (
                  <Link to={`/admin/courses/${c.slug}/trainers`} className="btn-secondary" aria-label={`${t("trainer.assign.manage")}: ${c.title}`}>
                    {t("trainer.assign.manage")}
                  </Link>
                ) : null}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export const meta = titleMeta;
