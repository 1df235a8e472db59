import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { forbidden, requireRole } from "~/features/auth/guards.server";
import { findCourse } from "~/features/content/content.server";
import { findQuiz } from "~/features/quiz/attempts.server";
import { markdownToHtml } from "~/features/quiz/markdown.server";
import { attemptPage, decodeCursor, questionStatistics, scoreSummary, statisticsScope } from "~/features/quiz/statistics.server";
import { formatDateTime, formatNumber, formatPercent } from "~/i18n/format";
import { getFixedT, getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "trainer", "admin");
  const lng = await getLanguage(args.request);
  const course = findCourse(args.params.course ?? "", { canPreview: true });
  const ref = course ? findQuiz(course, args.params.quiz ?? "") : undefined;
  if (!course || !ref) throw new Response("Not found", { status: 404 });
  const scope = await statisticsScope(user, course.slug);
  if (!scope) throw forbidden();
  // a cursor that is not one starts the list at the top
  const after = decodeCursor(new URL(args.request.url).searchParams.get("after"));
  const [summary, questions, page] = await Promise.all([scoreSummary(ref), questionStatistics(ref, lng), attemptPage(ref, scope.attempts, after)]);
  const pct = (share: number | null) => (share === null ? "—" : formatPercent(share, lng));
  const dec = (n: number | null) => (n === null ? "—" : formatNumber(n, lng, 2));
  const top = Math.max(1, ...summary.bins.map((b) => b.count));
  const t = await getFixedT(args.request);
  return json({
    title: await titleFor(args.request, `${ref.quiz.title[lng]} · ${t("quizStats.title")}`, true),
    course: { slug: course.slug, title: course.meta.title[lng] },
    quiz: { slug: ref.slug, title: ref.quiz.title[lng] },
    scoped: scope.attempts !== "all",
    summary: {
      hasAttempts: summary.attempts > 0,
      attempts: formatNumber(summary.attempts, lng),
      learners: formatNumber(summary.learners, lng),
      passRate: pct(summary.passRate),
      median: summary.median === null ? "—" : `${formatNumber(summary.median, lng, 2)}%`,
      mean: summary.mean === null ? "—" : `${formatNumber(summary.mean, lng, 2)}%`,
      bins: summary.bins.map((b) => ({ from: b.from, to: b.to, count: formatNumber(b.count, lng), width: Math.round((b.count / top) * 100) })),
    },
    questions: questions.map((q) => ({
      id: q.questionId,
      pool: q.pool,
      type: q.question.type,
      html: markdownToHtml(q.question.text[lng], course.slug, true),
      presented: formatNumber(q.presented, lng),
      drawn: q.presented > 0,
      facility: pct(q.facility),
      facilityWidth: q.facility === null ? 0 : Math.round(q.facility * 100),
      discrimination: dec(q.discrimination),
      pUpper: pct(q.pUpper),
      pLower: pct(q.pLower),
      average:
        q.averageShare === null
          ? "—"
          : `${formatNumber(Math.round(q.averageShare * q.question.points * 100) / 100, lng, 2)}/${formatNumber(q.question.points, lng)}`,
      hints: q.hints,
      options: q.options.map((o) => ({ id: o.id, text: o.text, correct: o.correct, chosen: formatNumber(o.chosen, lng), share: pct(o.share) })),
    })),
    attempts: page.rows.map((r) => ({
      id: r.id,
      name: `${r.surname} ${r.givenName}`.trim(),
      submitted: r.submittedAt ? formatDateTime(r.submittedAt, lng) : "—",
      attemptNo: r.attemptNo,
      score: `${formatNumber(r.score, lng, 2)}/${formatNumber(r.maxScore, lng, 2)}`,
      percent: `${formatNumber(r.percent, lng, 2)}%`,
      passed: r.passed,
    })),
    next: page.next,
    paged: Boolean(after),
  });
}

export default function QuizStats() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const base = `/courses/${d.course.slug}/quizzes/${d.quiz.slug}/stats`;
  return (
    <>
      <nav aria-label={t("lesson.breadcrumb")} className="breadcrumb">
        <Link to={`/courses/${d.course.slug}`}>{d.course.title}</Link> › <Link to={`/courses/${d.course.slug}/quizzes/${d.quiz.slug}`}>{d.quiz.title}</Link>
      </nav>
      <h1 className="page-title mt-2">{t("quizStats.title")}</h1>
      <p className="mt-1 text-slate-700">{d.summary.hasAttempts ? t("quizStats.lead") : t("quizStats.none")}</p>

      <section aria-labelledby="stats-summary" className="mt-6">
        <h2 id="stats-summary" className="sr-only">
          {t("quizStats.summary")}
        </h2>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
          {(
            [
              ["attempts", d.summary.attempts],
              ["learners", d.summary.learners],
              ["passRate", d.summary.passRate],
              ["median", d.summary.median],
              ["mean", d.summary.mean],
            ] as const
          ).map(([key, value]) => (
            <div key={key} className="rounded-lg border border-slate-200 bg-white p-3">
              <dt className="text-sm text-slate-600">{t(`quizStats.${key}`)}</dt>
              <dd className="mt-1 text-xl font-semibold">{value}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="stats-export" className="mt-4 flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
        <h2 id="stats-export" className="font-semibold">
          {t("quizStats.export")}
        </h2>
        {(["questions", "attempts"] as const).map((table) => (
          <span key={table} className="flex flex-wrap items-center gap-2">
            <span>{t(table === "questions" ? "quizStats.exportQuestions" : "quizStats.exportAttempts")}:</span>
            <a href={`${base}/export?table=${table}&format=csv`} download>
              CSV
            </a>
            <a href={`${base}/export?table=${table}&format=xlsx`} download>
              Excel
            </a>
          </span>
        ))}
      </section>

      {d.summary.hasAttempts ? (
        <section aria-labelledby="stats-distribution" className="mt-8">
          <h2 id="stats-distribution" className="text-lg font-semibold">
            {t("quizStats.distribution")}
          </h2>
          <p className="text-sm text-slate-600">{t("quizStats.distributionHelp")}</p>
          {/* bars in CSS, the numbers as text: readable without JavaScript, by a screen reader, in print */}
          <table className="mt-3 w-full text-sm">
            <caption className="sr-only">{t("quizStats.distribution")}</caption>
            <thead className="sr-only">
              <tr>
                <th scope="col">{t("quizStats.percent")}</th>
                <th scope="col">{t("quizStats.attempts")}</th>
              </tr>
            </thead>
            <tbody>
              {d.summary.bins.map((b) => (
                <tr key={b.from}>
                  <th scope="row" className="w-20 whitespace-nowrap py-0.5 pr-2 text-left font-normal text-slate-700">
                    {t("quizStats.bin", { from: b.from, to: b.to })}
                  </th>
                  <td className="py-0.5">
                    <span className="flex items-center gap-2">
                      <span className="block h-4 rounded-sm bg-primary" style={{ width: `${b.width}%`, minWidth: b.width ? "2px" : 0 }} aria-hidden="true" />
                      <span className="tabular-nums">{b.count}</span>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      <section aria-labelledby="stats-questions" className="mt-8">
        <h2 id="stats-questions" className="text-lg font-semibold">
          {t("quizStats.questions")}
        </h2>
        <p className="mt-1 text-sm text-slate-600">{t("quizStats.method")}</p>
        <ol className="mt-3 space-y-4">
          {d.questions.map((q) => (
            <li key={q.id} className="rounded-lg border border-slate-200 bg-white p-4">
              {/* the ids are how a trainer finds the question in the quiz file */}
              <p className="text-xs text-slate-600">
                {t(`quiz.questionTypes.${q.type}`)} ·{" "}
                <code className="break-all">
                  {q.pool}/{q.id}
                </code>
              </p>
              <div className="mt-1 break-words" dangerouslySetInnerHTML={{ __html: q.html }} />
              {q.drawn ? (
                <>
                  <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4">
                    <div>
                      <dt className="text-slate-600">{t("quizStats.presented")}</dt>
                      <dd className="font-semibold tabular-nums">{q.presented}</dd>
                    </div>
                    <div>
                      <dt className="text-slate-600">{t("quizStats.facility")}</dt>
                      <dd className="flex items-center gap-2 font-semibold tabular-nums">
                        <span className="inline-block h-2 w-16 overflow-hidden rounded bg-slate-200" aria-hidden="true">
                          <span className="block h-full bg-primary" style={{ width: `${q.facilityWidth}%` }} />
                        </span>
                        {q.facility}
                      </dd>
                    </div>
                    <div>
                      <dt className="text-slate-600">{t("quizStats.discrimination")}</dt>
                      <dd className="font-semibold tabular-nums">{q.discrimination}</dd>
                      <dd className="text-xs text-slate-600">{t("quizStats.groups", { upper: q.pUpper, lower: q.pLower })}</dd>
                    </div>
                    <div>
                      <dt className="text-slate-600">{t("quizStats.average")}</dt>
                      <dd className="font-semibold tabular-nums">{q.average}</dd>
                    </div>
                  </dl>
                  {q.hints.length ? (
                    <div className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
                      <p className="font-semibold">{t("quizStats.hintsTitle")}</p>
                      <ul className="mt-1 list-disc space-y-1 pl-5">
                        {q.hints.map((h) => (
                          <li key={h}>{t(`quizStats.hint.${h}`)}</li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                  {q.options.length ? (
                    <div className="mt-3 text-sm">
                      <p className="text-slate-600">{t("quizStats.options")}</p>
                      <ul className="mt-1 space-y-1">
                        {q.options.map((o) => (
                          <li key={o.id} className="flex flex-wrap items-baseline justify-between gap-x-3 border-b border-slate-100 pb-1">
                            <span className="min-w-0 break-words">
                              <code className="text-xs text-slate-600">{o.id}</code> {o.text}{" "}
                              <span className={o.correct ? "font-semibold text-green-800" : "text-slate-600"}>
                                ({o.correct ? t("quizStats.correctOption") : t("quizStats.wrongOption")})
                              </span>
                            </span>
                            <span className="tabular-nums">{t("quizStats.optionChosen", { count: o.chosen as unknown as number, share: o.share })}</span>
                          </li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                </>
              ) : (
                <p className="mt-2 text-sm text-slate-600">{t("quizStats.notDrawn")}</p>
              )}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="stats-attempts" className="mt-8">
        <h2 id="stats-attempts" className="text-lg font-semibold">
          {t("quizStats.attemptsList")}
        </h2>
        {d.scoped ? <p className="text-sm text-slate-600">{t("quizStats.attemptsScope")}</p> : null}
        {d.attempts.length ? (
          <div className="mt-3 overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    {t("quizStats.learner")}
                  </th>
                  <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                    {t("quizStats.submitted")}
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    {t("quizStats.score")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t("quizStats.passed")}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {d.attempts.map((a) => (
                  <tr key={a.id}>
                    <td className="px-3 py-2">
                      {a.name}
                      {/* on a phone the date goes under the name, so score and result stay in view */}
                      <span className="block text-xs text-slate-600 sm:hidden">{a.submitted}</span>
                    </td>
                    <td className="hidden whitespace-nowrap px-3 py-2 sm:table-cell">{a.submitted}</td>
                    <td className="px-3 py-2 text-right tabular-nums">
                      <span className="whitespace-nowrap">{a.percent}</span> <span className="whitespace-nowrap text-slate-600">({a.score})</span>
                    </td>
                    <td className="px-3 py-2">{a.passed ? t("quizStats.yes") : t("quizStats.no")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="mt-2 text-sm text-slate-600">{t("quizStats.noAttemptsInScope")}</p>
        )}
        {d.next || d.paged ? (
          <nav aria-label={t("quizStats.attemptsList")} className="mt-3 flex gap-4 text-sm">
            {d.paged ? <Link to={base}>{t("quizStats.firstPage")}</Link> : null}
            {d.next ? <Link to={`${base}?after=${encodeURIComponent(d.next)}`}>{t("quizStats.nextPage")}</Link> : null}
          </nav>
        ) : null}
      </section>
    </>
  );
}

export const meta = titleMeta;
