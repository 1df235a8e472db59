import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { findCourse, isDraft, visibleLessons } from "~/features/content/content.server";
import { getViewer } from "~/features/content/viewer.server";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await getViewer(args);
  const lng = await getLanguage(args.request);
  const course = findCourse(args.params.course ?? "", viewer);
  if (!course) throw new Response("Not found", { status: 404 });
  const visible = new Set(visibleLessons(course, viewer).map((l) => l.slug));
  const m = course.meta;
  const modules = course.modules.map((mod, i) => ({
    number: i + 1,
    title: mod.title[lng],
    hasQuiz: Boolean(mod.quiz),
    lessons: mod.lessons
      .filter((l) => visible.has(l.slug))
      .map((l) => {
        const front = l.front[lng] ?? l.front.mn ?? l.front.en;
        return { slug: l.slug, title: front?.title ?? l.slug, summary: front?.summary ?? null, minutes: front?.minutes ?? 0, required: front?.required ?? true, draft: isDraft(l) };
      }),
  }));
  return json({
    title: await titleFor(args.request, m.title[lng], true),
    course: {
      slug: course.slug,
      title: m.title[lng],
      summary: m.summary[lng],
      hours: m.hours,
      version: m.version,
      validity: m.certificateValidityMonths,
      inPerson: m.inPersonRequired,
      objectives: m.objectives[lng],
      audience: m.audience,
      published: m.published,
      hasExam: Boolean(m.exam),
    },
    modules,
    firstLesson: modules.flatMap((mod) => mod.lessons)[0]?.slug ?? null,
  });
}

export default function CoursePage() {
  const { course, modules, firstLesson } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <nav aria-label={t("lesson.breadcrumb")} className="text-sm">
        <Link to="/courses">{t("catalogue.title")}</Link>
      </nav>
      {!course.published ? (
        <p className="mt-4 rounded-md border-l-4 border-warning bg-warning-light px-4 py-3 font-semibold text-warning">{t("course.unpublished")}</p>
      ) : null}
      <h1 className="page-title mt-2">{course.title}</h1>
      <p className="mt-3 max-w-prose text-lg text-slate-700">{course.summary}</p>
      <ul className="mt-3 flex flex-wrap gap-2" aria-label={t("catalogue.audience")}>
        {course.audience.map((a) => (
          <li key={a} className="rounded-full bg-primary-light px-3 py-1 text-sm text-primary-dark">{t(`audience.${a}`)}</li>
        ))}
      </ul>
      {firstLesson ? (
        <p className="mt-6">
          <Link to={`/courses/${course.slug}/${firstLesson}`} className="btn-primary">{t("course.start")}</Link>
        </p>
      ) : null}

      <div className="mt-8 grid gap-6 lg:grid-cols-[2fr_1fr]">
        <section aria-labelledby="outline-title">
          <h2 id="outline-title" className="text-2xl font-bold">{t("course.outline")}</h2>
          <ol className="mt-4 space-y-4">
            {modules.map((mod) => (
              <li key={mod.number} className="card">
                <h3 className="text-lg font-bold">
                  <span className="block text-sm font-semibold text-slate-600">{t("course.module", { number: mod.number })}</span>
                  {mod.title}
                </h3>
                <ol className="mt-3 divide-y divide-slate-200">
                  {mod.lessons.map((l) => (
                    <li key={l.slug} className="flex items-baseline justify-between gap-3 py-2">
                      <span className="py-2">
                        <Link to={`/courses/${course.slug}/${l.slug}`}>{l.title}</Link>
                        {l.summary ? <span className="mt-1 block text-sm text-slate-600">{l.summary}</span> : null}
                      </span>
                      <span className="shrink-0 text-sm text-slate-600">
                        {l.draft ? <span className="mr-2 rounded bg-warning-light px-2 font-semibold text-warning">{t("course.draft")}</span> : null}
                        {!l.required ? <span className="mr-2">{t("course.optional")}</span> : null}
                        {t("course.minutes", { minutes: l.minutes })}
                      </span>
                    </li>
                  ))}
                </ol>
              </li>
            ))}
          </ol>
        </section>
        <aside className="space-y-6">
          <section className="card" aria-labelledby="objectives-title">
            <h2 id="objectives-title" className="text-lg font-bold">{t("course.objectives")}</h2>
            <ul className="mt-3 list-disc space-y-2 pl-5">
              {course.objectives.map((o, i) => (
                <li key={i}>{o}</li>
              ))}
            </ul>
          </section>
          <section className="card" aria-labelledby="facts-title">
            <h2 id="facts-title" className="text-lg font-bold">{t("course.facts")}</h2>
            <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-2">
              <dt className="font-semibold">{t("course.hours")}</dt>
              <dd>{t("course.hoursValue", { hours: course.hours })}</dd>
              <dt className="font-semibold">{t("course.certificate")}</dt>
              <dd>{course.validity ? t("course.validMonths", { months: course.validity }) : t("course.noExpiry")}</dd>
              <dt className="font-semibold">{t("course.inPerson")}</dt>
              <dd>{course.inPerson ? t("course.inPersonRequired") : t("course.inPersonNotRequired")}</dd>
              <dt className="font-semibold">{t("course.version")}</dt>
              <dd>{course.version}</dd>
            </dl>
          </section>
        </aside>
      </div>
    </>
  );
}

export const meta = titleMeta;
