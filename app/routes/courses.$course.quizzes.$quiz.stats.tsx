import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireRole } from "~/features/auth/guards.server";
import { findCourse } from "~/features/content/content.server";
import { findQuiz, itemStatistics } from "~/features/quiz/attempts.server";
import { markdownToHtml } from "~/features/quiz/markdown.server";
import { formatNumber } from "~/i18n/format";
import { getFixedT, getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  await requireRole(args, "trainer", "admin");
  const lng = await getLanguage(args.request);
  const course = findCourse(args.params.course ?? "", { canPreview: true });
  const ref = course ? findQuiz(course, args.params.quiz ?? "") : undefined;
  if (!course || !ref) throw new Response("Not found", { status: 404 });
  const { attempts, stats } = await itemStatistics(ref);
  const rows = ref.quiz.pools.flatMap((pool) =>
    pool.questions.map((q) => {
      const s = stats.get(q.id);
      return {
        id: q.id,
        pool: pool.id,
        type: q.type,
        html: markdownToHtml(q.text[lng], course.slug, true),
        presented: s?.presented ?? 0,
        correctPercent: s && s.presented ? Math.round((s.correct / s.presented) * 100) : null,
        average: s && s.presented ? Math.round((s.scoreSum / s.presented) * 100) / 100 : null,
        max: q.points,
      };
    }),
  );
  return json({
    title: await titleFor(args.request, `${ref.quiz.title[lng]} · ${(await getFixedT(args.request))("quiz.stats")}`, true),
    course: { slug: course.slug, title: course.meta.title[lng] },
    quiz: { slug: ref.slug, title: ref.quiz.title[lng] },
    attempts: formatNumber(attempts, lng),
    hasAttempts: attempts > 0,
    rows,
  });
}

export default function QuizStats() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <nav aria-label={t("lesson.breadcrumb")} className="breadcrumb">
        <Link to={`/courses/${d.course.slug}`}>{d.course.title}</Link> › <Link to={`/courses/${d.course.slug}/quizzes/${d.quiz.slug}`}>{d.quiz.title}</Link>
      </nav>
      <h1 className="page-title mt-2">{t("quiz.stats")}</h1>
      <p className="mt-1 text-slate-700">{d.hasAttempts ? t("quiz.statsLead", { count: d.attempts as unknown as number }) : t("quiz.statsNone")}</p>
      {d.hasAttempts ? (
        <div className="mt-6 overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className="px-3 py-2">
                  {t("quiz.statsQuestion")}
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  {t("quiz.statsPresented")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("quiz.statsCorrect")}
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  {t("quiz.statsAverage")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {d.rows.map((r) => (
                <tr key={r.id}>
                  <td className="px-3 py-2">
                    {/* the ids are how a trainer finds the question in the quiz file */}
                    <span className="block text-xs text-slate-600">
                      {t(`quiz.questionTypes.${r.type}`)} ·{" "}
                      <code>
                        {r.pool}/{r.id}
                      </code>
                    </span>
                    <span dangerouslySetInnerHTML={{ __html: r.html }} />
                  </td>
                  <td className="px-3 py-2 text-right">{r.presented}</td>
                  <td className="px-3 py-2">
                    {r.correctPercent === null ? (
                      "—"
                    ) : (
                      <span className="flex items-center gap-2">
                        <span className="inline-block h-2 w-24 overflow-hidden rounded bg-slate-200" aria-hidden="true">
                          <span className="block h-full bg-primary" style={{ width: `${r.correctPercent}%` }} />
                        </span>
                        {r.correctPercent}%
                      </span>
                    )}
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 text-right">{r.average === null ? "—" : `${r.average}/${r.max}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

export const meta = titleMeta;
