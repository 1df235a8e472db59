// A quiz or exam with its answer key, for the course's trainers and administrators only (decision
// 036): every pool and question as written, the key, the explanations; `?both=1` sets the two
// languages side by side (mn | en) to check a translation.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireCoursePreview } from "~/features/content/trainers.server";
import { findQuiz } from "~/features/quiz/attempts.server";
import { type PreviewQuestion, previewQuiz, type Texts } from "~/features/quiz/preview.server";
import type { Language } from "~/i18n/config";
import { formatNumber } from "~/i18n/format";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const { course } = await requireCoursePreview(args, args.params.course ?? "");
  const ref = findQuiz(course, args.params.quiz ?? "");
  if (!ref) throw new Response("Not found", { status: 404 });
  const lng = await getLanguage(args.request);
  const both = new URL(args.request.url).searchParams.get("both") === "1";
  const languages: Language[] = both ? ["mn", "en"] : [lng];
  const quiz = previewQuiz(ref, languages);
  return json({
    title: await titleFor(args.request, ref.quiz.title[lng], true),
    course: { slug: course.slug, title: course.meta.title[lng] },
    both,
    languages,
    heading: ref.quiz.title[lng],
    quiz: { ...quiz, passingScore: formatNumber(quiz.passingScore, lng) },
  });
}

/** HTML the server rendered from the author's Markdown (markdown.server.ts drops raw HTML). */
function Html({ html = "", className = "", as: Tag = "div" }: { html: string | undefined; className?: string; as?: "div" | "span" }) {
  return <Tag className={`min-w-0 break-words ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
}

function Mark({ correct }: { correct: boolean }) {
  const { t } = useTranslation();
  return correct ? (
    <span className="inline-flex shrink-0 items-center gap-1 rounded bg-green-50 px-1.5 text-sm font-semibold text-green-800">
      <svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16" fill="currentColor">
        <path d="M6.2 11.6 2.6 8l-1.2 1.2 4.8 4.8L15 5.2 13.8 4z" />
      </svg>
      {t("trainer.key.correct")}
    </span>
  ) : (
    <span className="shrink-0 text-sm text-slate-600">{t("trainer.key.wrong")}</span>
  );
}

/** What a question says in one language, with its key. */
function QuestionIn({ q, lng }: { q: PreviewQuestion; lng: Language }) {
  const { t } = useTranslation();
  const of = (texts: Texts) => texts[lng];
  return (
    <div lang={lng} className="min-w-0">
      <Html html={of(q.html)} />
      {q.options ? (
        <ul className="mt-2 space-y-1">
          {q.options.map((o) => (
            <li
              key={o.id}
              className={`flex items-start justify-between gap-2 rounded border px-2 py-1 ${o.correct ? "border-green-700 bg-green-50" : "border-slate-200"}`}
            >
              <span className="min-w-0 break-words">
                <code className="mr-1 text-xs text-slate-600">{o.id}</code>
                <Html as="span" html={of(o.html)} />
              </span>
              <Mark correct={o.correct} />
            </li>
          ))}
        </ul>
      ) : null}
      {q.trueFalse !== undefined ? (
        <p className="mt-2">
          <span className="font-semibold">{t("trainer.key.answer")}:</span> {t(q.trueFalse ? "quiz.true" : "quiz.false")}
        </p>
      ) : null}
      {q.accepted ? (
        <div className="mt-2">
          <p className="font-semibold">{t("trainer.key.accepted")}:</p>
          <ul className="list-disc pl-5">
            {(q.accepted[lng] ?? []).map((a) => (
              <li key={a} className="break-words">
                {a}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {q.numeric ? (
        <p className="mt-2">
          <span className="font-semibold">{t("trainer.key.answer")}:</span>{" "}
          {q.numeric.tolerance ? t("trainer.key.numeric", { answer: q.numeric.answer, tolerance: q.numeric.tolerance }) : q.numeric.answer}
        </p>
      ) : null}
      {q.order ? (
        <div className="mt-2">
          <p className="font-semibold">{t("trainer.key.order")}:</p>
          <ol className="list-decimal pl-6">
            {q.order.map((it) => (
              <li key={it.id} className="break-words">
                <Html as="span" html={of(it.html)} />
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      <div className="mt-3 rounded-md bg-slate-50 p-2 text-sm">
        <p className="font-semibold">{t("trainer.key.explanation")}</p>
        {q.explanation ? <Html html={of(q.explanation)} /> : <p className="text-slate-600">{t("trainer.key.noExplanation")}</p>}
      </div>
    </div>
  );
}

export default function QuizKey() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const q = d.quiz;
  const base = `/courses/${d.course.slug}/preview/quizzes/${q.slug}`;
  const shuffled = [q.shuffleQuestions && t("trainer.key.shuffleQuestions"), q.shuffleOptions && t("trainer.key.shuffleOptions")].filter(Boolean).join(", ");
  return (
    <>
      <nav aria-label={t("lesson.breadcrumb")} className="breadcrumb">
        <Link to="/trainer">{t("trainer.home.title")}</Link> › <Link to={`/courses/${d.course.slug}/preview`}>{d.course.title}</Link>
      </nav>
      <h1 className="page-title mt-2 break-words">{d.heading}</h1>
      {d.both ? (
        <p className="mt-1 text-slate-700" lang={d.languages[1]}>
          {q.title[d.languages[1]]}
        </p>
      ) : null}
      <p role="note" className="mt-3 rounded-md border border-warning bg-warning-light p-3 font-semibold text-warning">
        {t("trainer.key.notice")}
      </p>
      <p className="mt-3 flex flex-wrap gap-x-4">
        <Link to={d.both ? base : `${base}?both=1`} className="inline-flex min-h-11 items-center">
          {d.both ? t("trainer.key.oneLanguage") : t("trainer.key.bothLanguages")}
        </Link>
        <Link to={`/courses/${d.course.slug}/quizzes/${q.slug}/stats`} className="inline-flex min-h-11 items-center">
          {t("trainer.preview.stats")}
        </Link>
      </p>

      <section aria-labelledby="key-settings" className="mt-4">
        <h2 id="key-settings" className="sr-only">
          {t("trainer.key.settings")}
        </h2>
        <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-3 lg:grid-cols-6">
          {(
            [
              ["trainer.key.kind", t(q.kind === "exam" ? "trainer.preview.exam" : "trainer.preview.practice"), "kind"],
              ["trainer.key.passingScore", `${q.passingScore}%`, "pass"],
              ["trainer.key.attemptLimit", q.attemptLimit ?? t("trainer.key.unlimited"), "attempts"],
              [
                "trainer.key.timeLimit",
                q.timeLimitMinutes ? t("trainer.key.timeMinutes", { count: q.timeLimitMinutes }) : t("trainer.key.noTimeLimit"),
                "time",
              ],
              ["trainer.key.review", t(`quiz.review_${q.review}`), "review"],
              ["trainer.key.shuffle", shuffled || t("trainer.key.shuffleNone"), "shuffle"],
            ] as const
          ).map(([label, value, key]) => (
            <div key={key} className="rounded-lg border border-slate-200 bg-white p-2">
              <dt className="text-slate-600">{t(label)}</dt>
              <dd className="font-semibold">{value}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-2 text-sm text-slate-700">{t("trainer.preview.questionCount", { drawn: q.drawn, written: q.written })}</p>
      </section>

      {q.pools.map((pool) => (
        <section key={pool.id} aria-labelledby={`pool-${pool.id}`} className="mt-8">
          <h2 id={`pool-${pool.id}`} className="text-lg font-bold break-words">
            {t("trainer.key.pool", { id: pool.id })}
          </h2>
          <p className="text-sm text-slate-700">{t("trainer.key.poolDraw", { draw: pool.draw, questions: pool.questions.length })}</p>
          <ol className="mt-3 space-y-4">
            {pool.questions.map((question) => (
              <li key={question.id} className="rounded-lg border border-slate-200 bg-white p-4">
                <p className="text-xs text-slate-600">
                  {question.n}. {t(`quiz.questionTypes.${question.type}`)} · {t("trainer.key.points", { count: question.points })} ·{" "}
                  <code className="break-all">{question.id}</code>
                  {question.partialCredit !== undefined ? ` · ${question.partialCredit ? t("trainer.key.partialCredit") : t("trainer.key.allOrNothing")}` : ""}
                  {question.fixedOrder ? ` · ${t("trainer.key.fixedOrder")}` : ""}
                </p>
                <div className={`mt-2 grid gap-4 ${d.both ? "md:grid-cols-2 md:divide-x md:divide-slate-200" : ""}`}>
                  {d.languages.map((lng, i) => (
                    <div key={lng} lang={lng} className={d.both ? (i > 0 ? "max-md:border-t max-md:border-slate-200 max-md:pt-3 md:pl-4" : "md:pr-4") : ""}>
                      {d.both ? <p className="mb-1 text-xs font-semibold uppercase text-slate-600">{lng === "mn" ? "Монгол" : "English"}</p> : null}
                      <QuestionIn q={question} lng={lng} />
                    </div>
                  ))}
                </div>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </>
  );
}

export const meta = titleMeta;
