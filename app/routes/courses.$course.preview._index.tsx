// A course as its trainers and administrators preview it: every lesson, drafts included, and every
// quiz and exam, each opening with its answer key. Nobody else (decision 036).
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { isDraft } from "~/features/content/content.server";
import { requireCoursePreview } from "~/features/content/trainers.server";
import { courseQuizzes } from "~/features/quiz/preview.server";
import { getFixedT, getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const { course } = await requireCoursePreview(args, args.params.course ?? "");
  const lng = await getLanguage(args.request);
  const t = await getFixedT(args.request);
  const quizTitle = (slug: string) => course.quizzes.get(slug)?.title[lng] ?? slug;
  return json({
    title: await titleFor(args.request, `${course.meta.title[lng]} · ${t("trainer.preview.title")}`, true),
    course: { slug: course.slug, title: course.meta.title[lng], published: course.meta.published },
    modules: course.modules.map((m, i) => ({
      slug: m.slug,
      number: i + 1,
      title: m.title[lng],
      lessons: m.lessons.map((l) => {
        const front = l.front[lng] ?? l.front.mn ?? l.front.en;
        return { slug: l.slug, title: front?.title ?? l.slug, minutes: front?.minutes ?? 0, required: front?.required ?? true, draft: isDraft(l) };
      }),
    })),
    quizzes: courseQuizzes(course).map((q) => {
      const quiz = course.quizzes.get(q.slug)!;
      const written = quiz.pools.reduce((n, p) => n + p.questions.length, 0);
      const drawn = quiz.pools.reduce((n, p) => n + p.draw, 0);
      return { slug: q.slug, kind: q.kind, title: quizTitle(q.slug), written, drawn };
    }),
  });
}

export default function CoursePreview() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <nav aria-label={t("lesson.breadcrumb")} className="breadcrumb">
        <Link to="/trainer">{t("trainer.home.title")}</Link> ›{" "}
        {d.course.published ? <Link to={`/courses/${d.course.slug}`}>{d.course.title}</Link> : d.course.title}
      </nav>
      <h1 className="page-title mt-2 break-words">
        {t("trainer.preview.title")}: {d.course.title}
      </h1>
      <p className="mt-2 max-w-prose text-slate-700">{t("trainer.preview.lead")}</p>
      {d.course.published ? null : <p className="mt-2 font-semibold text-slate-800">{t("trainer.preview.unpublished")}</p>}

      <section aria-labelledby="preview-quizzes" className="mt-6">
        <h2 id="preview-quizzes" className="text-xl font-bold">
          {t("trainer.preview.quizzes")}
        </h2>
        {d.quizzes.length ? (
          <ul className="mt-3 grid gap-3 md:grid-cols-2">
            {d.quizzes.map((q) => (
              <li key={q.slug} className="card flex min-w-0 flex-col gap-2">
                <p className="text-sm font-semibold text-slate-600">{t(q.kind === "exam" ? "trainer.preview.exam" : "trainer.preview.practice")}</p>
                <h3 className="font-bold break-words">{q.title}</h3>
                <p className="text-sm text-slate-700">{t("trainer.preview.questionCount", { drawn: q.drawn, written: q.written })}</p>
                <p className="mt-auto flex flex-wrap gap-2">
                  <Link
                    to={`/courses/${d.course.slug}/preview/quizzes/${q.slug}`}
                    className="btn-primary"
                    aria-label={`${t("trainer.preview.openKey")}: ${q.title}`}
                  >
                    {t("trainer.preview.openKey")}
                  </Link>
                  <Link
                    to={`/courses/${d.course.slug}/quizzes/${q.slug}/stats`}
                    className="btn-secondary"
                    aria-label={`${t("trainer.preview.stats")}: ${q.title}`}
                  >
                    {t("trainer.preview.stats")}
                  </Link>
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-slate-700">{t("trainer.preview.noQuizzes")}</p>
        )}
      </section>

      <section aria-labelledby="preview-lessons" className="mt-8">
        <h2 id="preview-lessons" className="text-xl font-bold">
          {t("trainer.preview.lessons")}
        </h2>
        {d.modules.map((m) => (
          <div key={m.slug} className="mt-4">
            <h3 className="font-semibold break-words">{t("trainer.preview.module", { n: m.number, title: m.title })}</h3>
            <ol className="mt-1 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
              {m.lessons.map((l) => (
                <li key={l.slug} className="flex flex-wrap items-center justify-between gap-x-3 px-3 py-1">
                  <Link to={`/courses/${d.course.slug}/${l.slug}`} className="inline-flex min-h-11 min-w-0 items-center break-words">
                    {l.title}
                  </Link>
                  <span className="flex flex-wrap gap-2 text-sm text-slate-600">
                    {l.draft ? <span className="rounded bg-warning-light px-2 py-0.5 font-semibold text-warning">{t("trainer.preview.draft")}</span> : null}
                    {l.required ? null : <span>{t("trainer.preview.optional")}</span>}
                    <span>{t("trainer.preview.minutes", { count: l.minutes })}</span>
                  </span>
                </li>
              ))}
            </ol>
          </div>
        ))}
      </section>
    </>
  );
}

export const meta = titleMeta;
