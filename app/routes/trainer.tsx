// The trainer's workspace: the courses they train, with their learners counted in their scope, and
// the ways on — the learner list, the preview with the answer key, each quiz's statistics.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireRole } from "~/features/auth/guards.server";
import { trainerHome } from "~/features/content/trainer-home.server";
import { listAimags } from "~/features/geo/repository.server";
import { formatNumber } from "~/i18n/format";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "trainer");
  const lng = await getLanguage(args.request);
  const [rows, aimags] = await Promise.all([trainerHome(user), listAimags()]);
  const aimagName = new Map(aimags.map((a) => [a.code, lng === "en" ? a.name_en : a.name_mn]));
  return json({
    title: await titleFor(args.request, "trainer.home.title"),
    courses: rows.map(({ course, trained, counts, quizzes }) => ({
      slug: course.slug,
      title: course.meta.title[lng],
      published: course.meta.published,
      scope: trained.learners === "all" ? null : trained.learners.map((c) => aimagName.get(c) ?? c).join(", "),
      reasons: [trained.listed && "listed", trained.assigned && "assigned", trained.eventAimags.length > 0 && "events"].filter(
        (r): r is "listed" | "assigned" | "events" => Boolean(r),
      ),
      counts: (["enrolled", "active", "completed", "certified"] as const).map((k) => ({ key: k, n: formatNumber(counts[k], lng) })),
      quizzes: quizzes.map((q) => ({ slug: q.slug, kind: q.kind, title: course.quizzes.get(q.slug)?.title[lng] ?? q.slug })),
    })),
  });
}

export default function TrainerHome() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1 className="page-title">{t("trainer.home.title")}</h1>
      <p className="mt-2 max-w-prose text-slate-700">{t("trainer.home.lead")}</p>
      {d.courses.length === 0 ? (
        <p className="card mt-6">{t("trainer.home.empty")}</p>
      ) : (
        <ul className="mt-6 grid gap-4 lg:grid-cols-2">
          {d.courses.map((c) => (
            <li key={c.slug} className="card flex min-w-0 flex-col gap-3">
              <h2 className="text-lg font-bold break-words">
                {c.title}
                {c.published ? null : <span className="ml-2 align-middle text-sm font-normal text-slate-600">({t("trainer.preview.unpublished")})</span>}
              </h2>
              <p className="text-sm text-slate-700">
                {c.scope ? t("trainer.home.scopeAimags", { aimags: c.scope }) : t("trainer.home.scopeAll")}
                <br />
                {t("trainer.home.why", { reasons: c.reasons.map((r) => t(`trainer.home.via.${r}`)).join(", ") })}
              </p>
              <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-2" aria-label={t("trainer.home.counts")}>
                {c.counts.map((x) => (
                  <div key={x.key} className="rounded-md border border-slate-200 bg-white p-2">
                    <dt className="text-sm text-slate-600">{t(`trainer.home.${x.key}`)}</dt>
                    <dd className="text-lg font-semibold tabular-nums">{x.n}</dd>
                  </div>
                ))}
              </dl>
              {c.quizzes.length ? (
                <div>
                  <h3 className="text-sm font-semibold text-slate-700">{t("trainer.home.quizzesTitle")}</h3>
                  <ul className="mt-1 divide-y divide-slate-100 text-sm">
                    {c.quizzes.map((q) => (
                      <li key={q.slug} className="flex items-center justify-between gap-3">
                        <span className="min-w-0 flex-1 break-words">
                          {q.title} <span className="text-slate-600">({t(q.kind === "exam" ? "trainer.preview.exam" : "trainer.preview.practice")})</span>
                        </span>
                        <Link
                          to={`/courses/${c.slug}/quizzes/${q.slug}/stats`}
                          className="inline-flex min-h-11 shrink-0 items-center"
                          aria-label={`${t("trainer.home.stats")}: ${q.title}`}
                        >
                          {t("trainer.home.stats")}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              <p className="mt-auto flex flex-wrap gap-2">
                <Link to={`/admin/courses/${c.slug}/enrolled`} className="btn-secondary" aria-label={`${t("trainer.home.learners")}: ${c.title}`}>
                  {t("trainer.home.learners")}
                </Link>
                <Link to={`/courses/${c.slug}/preview`} className="btn-secondary" aria-label={`${t("trainer.home.preview")}: ${c.title}`}>
                  {t("trainer.home.preview")}
                </Link>
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export const meta = titleMeta;
