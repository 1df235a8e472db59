// A lesson page is pure HTML and CSS: no JavaScript is sent (handle.hydrate = false), so it is light
// on a slow network and reads the same with JavaScript on or off.
import { json, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { findCourse, isDraft, loadLesson, visibleLessons } from "~/features/content/content.server";
import { getViewer } from "~/features/content/viewer.server";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export const handle = { hydrate: false };

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await getViewer(args);
  const lng = await getLanguage(args.request);
  const course = findCourse(args.params.course ?? "", viewer);
  if (!course) throw new Response("Not found", { status: 404 });
  const lessons = visibleLessons(course, viewer);
  const index = lessons.findIndex((l) => l.slug === args.params.lesson);
  if (index < 0) throw new Response("Not found", { status: 404 });
  const lesson = lessons[index];
  const { compiled, fallback, language, front } = await loadLesson(course, lesson, lng);
  const mod = course.modules.find((m) => m.slug === lesson.moduleSlug)!;
  const moduleNumber = course.modules.indexOf(mod) + 1;
  const titleOf = (l: (typeof lessons)[number]) => (l.front[lng] ?? l.front.mn ?? l.front.en)?.title ?? l.slug;
  const prev = lessons[index - 1];
  const next = lessons[index + 1];
  return json(
    {
      title: await titleFor(args.request, front?.title ?? lesson.slug, true),
      course: { slug: course.slug, title: course.meta.title[lng] },
      module: { number: moduleNumber, title: mod.title[lng], index: mod.lessons.indexOf(lesson) + 1, total: mod.lessons.length },
      lesson: { slug: lesson.slug, title: front?.title ?? lesson.slug, minutes: front?.minutes ?? 0, draft: isDraft(lesson), language, fallback },
      html: compiled.html,
      headings: compiled.headings,
      prev: prev ? { slug: prev.slug, title: titleOf(prev) } : null,
      next: next ? { slug: next.slug, title: titleOf(next) } : null,
    },
    { headers: { "Cache-Control": viewer.user ? "private, no-cache" : "public, max-age=60" } },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders }) => ({ "Cache-Control": loaderHeaders.get("Cache-Control") ?? "no-cache" });

export default function LessonPage() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="lg:grid lg:grid-cols-[minmax(0,1fr)_16rem] lg:gap-10">
      <article className="min-w-0" lang={d.lesson.language}>
        <nav aria-label={t("lesson.breadcrumb")} className="text-sm">
          <ol className="flex flex-wrap gap-x-2">
            <li><Link to="/courses">{t("catalogue.title")}</Link> ›</li>
            <li><Link to={`/courses/${d.course.slug}`}>{d.course.title}</Link></li>
          </ol>
        </nav>
        <p className="mt-4 text-sm font-semibold text-slate-600">
          {t("lesson.lessonOf", { module: t("course.module", { number: d.module.number }), index: d.module.index, total: d.module.total })} · {d.module.title}
        </p>
        <h1 className="page-title mt-1">{d.lesson.title}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("lesson.minutes", { minutes: d.lesson.minutes })}</p>
        {d.lesson.draft ? (
          <p className="mt-4 rounded-md border-l-4 border-warning bg-warning-light px-4 py-3 font-semibold text-warning">{t("lesson.draft")}</p>
        ) : null}
        {d.lesson.fallback ? (
          <p className="mt-4 rounded-md border-l-4 border-primary bg-primary-light px-4 py-3 text-primary-dark" lang={d.lesson.language === "mn" ? "en" : "mn"}>
            {t("lesson.fallback")}
          </p>
        ) : null}
        <div className="lesson-body mt-6" dangerouslySetInnerHTML={{ __html: d.html }} />
        <nav aria-label={t("course.outline")} className="mt-10 grid gap-3 border-t border-slate-200 pt-6 sm:grid-cols-2">
          {d.prev ? (
            <Link to={`/courses/${d.course.slug}/${d.prev.slug}`} rel="prev" className="card block no-underline hover:bg-primary-light">
              <span className="block text-sm text-slate-600">← {t("lesson.previous")}</span>
              <span className="font-semibold">{d.prev.title}</span>
            </Link>
          ) : <span />}
          {d.next ? (
            <Link to={`/courses/${d.course.slug}/${d.next.slug}`} rel="next" className="card block text-right no-underline hover:bg-primary-light">
              <span className="block text-sm text-slate-600">{t("lesson.next")} →</span>
              <span className="font-semibold">{d.next.title}</span>
            </Link>
          ) : null}
        </nav>
        <p className="mt-6">
          <Link to={`/courses/${d.course.slug}`}>{t("lesson.backToCourse")}</Link>
        </p>
      </article>
      {d.headings.length ? (
        <aside className="hidden lg:block">
          <nav aria-labelledby="toc-title" className="sticky top-4 border-l-2 border-slate-200 pl-4 text-sm">
            <h2 id="toc-title" className="font-bold">{t("lesson.contents")}</h2>
            <ul className="mt-2 space-y-2">
              {d.headings.map((h) => (
                <li key={h.id} className={h.depth === 3 ? "pl-3" : ""}>
                  <a href={`#${h.id}`} className="text-slate-700 no-underline hover:text-primary hover:underline">{h.text}</a>
                </li>
              ))}
            </ul>
          </nav>
        </aside>
      ) : null}
    </div>
  );
}

export const meta = titleMeta;
