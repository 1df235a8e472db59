// A lesson page is pure HTML and CSS: no JavaScript is sent (handle.hydrate = false), so it is light
// on a slow network and reads the same with JavaScript on or off.

import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { cacheControlHeaders, pageCacheControl } from "~/features/pages/cache-control";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { requireUser } from "~/features/auth/guards.server";
import { findCourse, isDraft, visibleLessons } from "~/features/content/content.server";
import { contentErrorResponse, loadLessonOrProblems, skippedCourseProblems } from "~/features/content/lesson-error.server";
import { lessonPageFacts, lessonShapeKey } from "~/features/content/lesson-page.server";
import { getCourseViewer } from "~/features/content/viewer.server";
import { recordLessonDone } from "~/features/enrolment/completion.server";
import { unmarkLessonDone } from "~/features/enrolment/repository.server";
import { readForm } from "~/features/forms/read-form.server";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export const handle = { hydrate: false };

export async function loader(args: LoaderFunctionArgs) {
  const facts = await lessonPageFacts(args);
  if (!facts) {
    // on a development server, a course left out for its invalid course.yaml says why
    const skipped = skippedCourseProblems(args.params.course ?? "");
    throw skipped.length ? contentErrorResponse(skipped, await getLanguage(args.request)) : new Response("Not found", { status: 404 });
  }
  const { user, lng, course, lessons, index, lesson, done } = facts;
  // rendered as a template of a personal page: the shape this render is made from
  if (args.context.pageTemplate && user) args.context.pageTemplate.seen = lessonShapeKey(facts);
  // a lesson that does not compile: the error panel for those who may see it (decision 037)
  const { compiled, fallback, language, front } = await loadLessonOrProblems(facts);
  const mod = course.modules.find((m) => m.slug === lesson.moduleSlug)!;
  const moduleNumber = course.modules.indexOf(mod) + 1;
  const titleOf = (l: (typeof lessons)[number]) => (l.front[lng] ?? l.front.mn ?? l.front.en)?.title ?? l.slug;
  const prev = lessons[index - 1];
  const next = lessons[index + 1];
  return json(
    {
      signedIn: Boolean(user),
      done,
      title: await titleFor(args.request, front?.title ?? lesson.slug, true),
      course: { slug: course.slug, title: course.meta.title[lng] },
      module: { number: moduleNumber, title: mod.title[lng], index: mod.lessons.indexOf(lesson) + 1, total: mod.lessons.length },
      lesson: { slug: lesson.slug, title: front?.title ?? lesson.slug, minutes: front?.minutes ?? 0, draft: isDraft(lesson), language, fallback },
      html: compiled.html,
      headings: compiled.headings,
      prev: prev ? { slug: prev.slug, title: titleOf(prev) } : null,
      next: next ? { slug: next.slug, title: titleOf(next) } : null,
    },
    { headers: { "Cache-Control": pageCacheControl(Boolean(user)) } },
  );
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const viewer = await getCourseViewer(args, args.params.course ?? "");
  const course = findCourse(args.params.course ?? "", viewer);
  if (!course) throw new Response("Not found", { status: 404 });
  const lessons = visibleLessons(course, viewer);
  const index = lessons.findIndex((l) => l.slug === args.params.lesson);
  if (index < 0) throw new Response("Not found", { status: 404 });
  const lesson = lessons[index];
  const intent = (await readForm(args.request)).get("intent");
  if (intent === "undo") {
    await unmarkLessonDone(user.id, course.slug, lesson.slug);
    return redirectWithFlash(`/courses/${course.slug}/${lesson.slug}`, { key: "enrolment.markedNotDone", kind: "info" });
  }
  if (intent !== "done") return json({ error: "errors.invalidChoice" }, { status: 400 });
  // Marking a lesson done enrols the learner if they had not enrolled yet.
  if ((await recordLessonDone(user.id, course, lesson.slug)).completed) {
    return redirectWithFlash(`/courses/${course.slug}`, { key: "enrolment.courseCompleted", kind: "success" });
  }
  const next = lessons[index + 1];
  return redirectWithFlash(next ? `/courses/${course.slug}/${next.slug}` : `/courses/${course.slug}`, { key: "enrolment.markedDone", kind: "success" });
}

export const headers = cacheControlHeaders;

export default function LessonPage() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="lg:grid lg:grid-cols-[minmax(0,1fr)_16rem] lg:gap-10">
      <article className="min-w-0" lang={d.lesson.language}>
        <nav aria-label={t("lesson.breadcrumb")} className="breadcrumb">
          <ol className="flex flex-wrap gap-x-2">
            <li>
              <Link to="/courses">{t("catalogue.title")}</Link> ›
            </li>
            <li>
              <Link to={`/courses/${d.course.slug}`}>{d.course.title}</Link>
            </li>
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
        <div className="mt-10 rounded-lg border border-slate-200 bg-white p-4">
          {!d.signedIn ? (
            <Link to={`/login?redirectTo=${encodeURIComponent(`/courses/${d.course.slug}/${d.lesson.slug}`)}`} className="btn-secondary">
              {t("enrolment.loginToTrack")}
            </Link>
          ) : d.done ? (
            <Form method="post" className="flex flex-wrap items-center gap-3">
              <span className="font-semibold text-success">✓ {t("enrolment.done")}</span>
              <input type="hidden" name="intent" value="undo" />
              <button type="submit" className="btn-secondary">
                {t("enrolment.undo")}
              </button>
            </Form>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="done" />
              <button type="submit" className="btn-primary">
                {t("enrolment.markDone")}
              </button>
            </Form>
          )}
        </div>
        <nav aria-label={t("course.outline")} className="mt-10 grid gap-3 border-t border-slate-200 pt-6 sm:grid-cols-2">
          {d.prev ? (
            <Link to={`/courses/${d.course.slug}/${d.prev.slug}`} rel="prev" className="card block no-underline hover:bg-primary-light">
              <span className="block text-sm text-slate-600">← {t("lesson.previous")}</span>
              <span className="font-semibold">{d.prev.title}</span>
            </Link>
          ) : (
            <span />
          )}
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
            <h2 id="toc-title" className="font-bold">
              {t("lesson.contents")}
            </h2>
            <ul className="mt-2 space-y-2">
              {d.headings.map((h) => (
                <li key={h.id} className={h.depth === 3 ? "pl-3" : ""}>
                  <a href={`#${h.id}`} className="text-slate-700 no-underline hover:text-primary hover:underline">
                    {h.text}
                  </a>
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
