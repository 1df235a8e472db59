// A course page is pure HTML and CSS, like a lesson (handle.hydrate = false): its forms are plain
// forms, leaving the course asks again in the page itself, and a signed-in reader's page is built
// from a shared document (features/pages/shaped-page.server.ts).

import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProgressBar } from "~/components/progress-bar";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { requireUser } from "~/features/auth/guards.server";
import { findCourse } from "~/features/content/content.server";
import { coursePageFacts, courseShapeKey } from "~/features/content/course-page.server";
import { joinCourse } from "~/features/enrolment/completion.server";
import { CertificateCard, MissingSteps } from "~/features/enrolment/road";
import { leaveCourse } from "~/features/enrolment/enrolment.server";
import { setVersionSeen } from "~/features/enrolment/repository.server";
import { readForm } from "~/features/forms/read-form.server";
import { cacheControlHeaders, pageCacheControl } from "~/features/pages/cache-control";
import { titleMeta } from "~/i18n/meta";

export const handle = { hydrate: false };

export async function loader(args: LoaderFunctionArgs) {
  const facts = await coursePageFacts(args);
  if (!facts) throw new Response("Not found", { status: 404 });
  // rendered as a template of a personal page: the shape this render is made from
  if (args.context.pageTemplate && facts.user) args.context.pageTemplate.seen = courseShapeKey(facts);
  return json(facts.data, { headers: { "Cache-Control": pageCacheControl(Boolean(facts.user)) } });
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireUser(args);
  const course = findCourse(args.params.course ?? "", { canPreview: false });
  if (!course) throw new Response("Not found", { status: 404 });
  const intent = (await readForm(args.request)).get("intent");
  switch (intent) {
    case "enrol":
      if ((await joinCourse(user.id, course)).completed)
        return redirectWithFlash(`/courses/${course.slug}`, { key: "enrolment.courseCompleted", kind: "success" });
      return redirectWithFlash(`/courses/${course.slug}`, { key: "enrolment.enrolled", kind: "success" });
    case "complete":
      // every step done, the course not yet completed: a lesson removed in a newer version was the last one left
      if ((await joinCourse(user.id, course)).completed)
        return redirectWithFlash(`/courses/${course.slug}`, { key: "enrolment.courseCompleted", kind: "success" });
      return redirectWithFlash(`/courses/${course.slug}`, { key: "enrolment.notYetComplete", kind: "info" });
    case "seen-changes":
      // the learner has read what changed: the note goes until the next version
      await setVersionSeen(user.id, course.slug, course.meta.version);
      return redirectWithFlash(`/courses/${course.slug}`, { key: "course.changesAcknowledged", kind: "info" });
    case "unenrol":
      if (!(await leaveCourse(user.id, course.slug))) return redirectWithFlash(`/courses/${course.slug}`, { key: "enrolment.cannotLeave", kind: "info" });
      return redirectWithFlash(`/courses/${course.slug}`, { key: "enrolment.unenrolled", kind: "info" });
    default:
      return json({ error: "errors.invalidChoice" }, { status: 400 });
  }
}

function Check({ done }: { done: boolean }) {
  return done ? (
    <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" className="inline fill-success">
      <path d="M9 16.2l-3.5-3.5L4 14.2l5 5 11-11-1.5-1.4z" />
    </svg>
  ) : null;
}

export default function CoursePage() {
  const { course, modules, sessions, firstLesson, progress, signedIn, exam, certificate } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const done = new Set(progress?.done ?? []);
  return (
    <>
      <nav aria-label={t("lesson.breadcrumb")} className="breadcrumb">
        <Link to="/courses">{t("catalogue.title")}</Link>
      </nav>
      {!course.published ? (
        <p className="mt-4 rounded-md border-l-4 border-warning bg-warning-light px-4 py-3 font-semibold text-warning">{t("course.unpublished")}</p>
      ) : null}
      <h1 className="page-title mt-2">{course.title}</h1>
      <p className="mt-3 max-w-prose text-lg text-slate-700">{course.summary}</p>
      {/* the facts a learner weighs before starting, at the top (on a phone the sidebar comes last) */}
      <p className="mt-3 text-slate-700">
        {[
          t("course.hoursValue", { hours: course.hours }),
          course.validity ? t("course.certificateValid", { months: course.validity }) : null,
          course.inPerson ? t("course.inPersonNote") : null,
        ]
          .filter(Boolean)
          .join(" · ")}
      </p>
      <ul className="mt-3 flex flex-wrap gap-2" aria-label={t("catalogue.audience")}>
        {course.audience.map((a) => (
          <li key={a} className="rounded-full bg-primary-light px-3 py-1 text-sm text-primary-dark">
            {t(`audience.${a}`)}
          </li>
        ))}
      </ul>

      <section className="card mt-6" aria-label={t("enrolment.progress")}>
        {progress ? (
          <>
            <ProgressBar percent={progress.percent} label={t("enrolment.progressValue", { percent: progress.percent })} />
            <p className="mt-2">
              <span className="font-semibold">{t("enrolment.status")}:</span> {t(`learningStatus.${progress.status}`)}
              {progress.due && !progress.completedOn ? <> · {t("enrolment.due", { date: progress.due })}</> : null}
              {progress.completedOn && !certificate ? <> · {t("enrolment.completedOn", { date: progress.completedOn })}</> : null}
            </p>
            {progress.changes.length ? (
              <section aria-labelledby="changes-title" className="mt-4 rounded-md border-l-4 border-primary bg-primary-light px-4 py-3">
                <h2 id="changes-title" className="font-bold">
                  {t("course.changesTitle", { version: course.version })}
                </h2>
                <ul className="mt-2 list-disc space-y-1 pl-5">
                  {progress.changes.map((c) => (
                    <li key={c.version}>
                      <span className="font-semibold">{t("course.changesVersion", { version: c.version })}:</span> {c.summary}
                    </li>
                  ))}
                </ul>
                <p className="mt-2 text-sm text-slate-700">{t("course.changesProgressKept")}</p>
                <Form method="post" className="mt-3">
                  <input type="hidden" name="intent" value="seen-changes" />
                  <button type="submit" className="btn-secondary">
                    {t("course.changesRead")}
                  </button>
                </Form>
              </section>
            ) : null}
            <MissingSteps missing={progress.missing} id="missing-title" sessionsHref="#sessions-title" />
            {progress.missing.length === 0 && !progress.completedOn ? (
              <Form method="post" className="mt-4 rounded-md border-l-4 border-success bg-success-light px-4 py-3">
                <p>{t("enrolment.allStepsDone")}</p>
                <input type="hidden" name="intent" value="complete" />
                <button type="submit" className="btn-primary mt-3">
                  {t("enrolment.completeNow")}
                </button>
              </Form>
            ) : null}
            {certificate ? <CertificateCard certificate={certificate} completedOn={progress.completedOn} courseSlug={course.slug} /> : null}
            <div className="mt-4 flex flex-wrap gap-3">
              {progress.next ? (
                <Link to={`/courses/${course.slug}/${progress.next.slug}`} className="btn-primary">
                  {t(progress.requiredDone === 0 ? "enrolment.startLesson" : "enrolment.continueLesson", { title: progress.next.title })}
                </Link>
              ) : exam && !progress.examPassed ? (
                <Link to={`/courses/${course.slug}/quizzes/${exam.slug}`} className="btn-primary">
                  {exam.title}
                </Link>
              ) : null}
              {/* a completed course stays on the learner's record: there is nothing to leave */}
              {progress.completedOn ? null : (
                // Leaving keeps progress, but it is not the next step: a quiet disclosure that asks again, with or without JavaScript.
                <details className="w-full text-sm">
                  <summary className="inline-flex min-h-11 cursor-pointer items-center px-2 text-slate-700 underline underline-offset-2 hover:text-danger">
                    {t("enrolment.unenrol")}
                  </summary>
                  <Form method="post" className="mt-2 max-w-prose rounded-md border-l-4 border-warning bg-warning-light px-4 py-3">
                    <p>{t("enrolment.confirmUnenrol")}</p>
                    <input type="hidden" name="intent" value="unenrol" />
                    <button type="submit" className="btn-secondary mt-3">
                      {t("enrolment.confirmUnenrolButton")}
                    </button>
                  </Form>
                </details>
              )}
            </div>
          </>
        ) : signedIn ? (
          <Form method="post" className="flex flex-wrap gap-3">
            <input type="hidden" name="intent" value="enrol" />
            <button type="submit" className="btn-primary">
              {t("enrolment.enrol")}
            </button>
            {firstLesson ? (
              <Link to={`/courses/${course.slug}/${firstLesson}`} className="btn-secondary">
                {t("course.start")}
              </Link>
            ) : null}
          </Form>
        ) : (
          <div className="flex flex-wrap gap-3">
            <Link to={`/login?redirectTo=${encodeURIComponent(`/courses/${course.slug}`)}`} className="btn-primary">
              {t("enrolment.loginToEnrol")}
            </Link>
            {firstLesson ? (
              <Link to={`/courses/${course.slug}/${firstLesson}`} className="btn-secondary">
                {t("course.start")}
              </Link>
            ) : null}
          </div>
        )}
      </section>

      <div className="mt-8 grid gap-6 lg:grid-cols-[2fr_1fr]">
        <div className="min-w-0 space-y-8">
          {/* what the course is for comes before what it is made of */}
          <section className="card" aria-labelledby="objectives-title">
            <h2 id="objectives-title" className="text-2xl font-bold">
              {t("course.objectives")}
            </h2>
            <ul className="mt-3 list-disc space-y-2 pl-5">
              {course.objectives.map((o, i) => (
                <li key={i}>{o}</li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="outline-title">
            <h2 id="outline-title" className="text-2xl font-bold">
              {t("course.outline")}
            </h2>
            <ol className="mt-4 space-y-4">
              {modules.map((mod) => (
                <li key={mod.number} className="rounded-lg border border-slate-200 bg-white shadow-sm">
                  {/* a disclosure per module, open where the learner is: long outlines stay short on a phone, with or without JavaScript */}
                  <details open={mod.open} className="group">
                    <summary className="flex min-h-11 cursor-pointer list-none items-start gap-3 rounded-lg p-4 sm:px-6 [&::-webkit-details-marker]:hidden">
                      <svg
                        aria-hidden="true"
                        width="20"
                        height="20"
                        viewBox="0 0 24 24"
                        className="mt-1 shrink-0 fill-slate-600 transition-transform group-open:rotate-90"
                      >
                        <path d="M9 6l6 6-6 6z" />
                      </svg>
                      <span className="min-w-0 flex-1">
                        <h3 className="text-lg font-bold">
                          <span className="block text-sm font-semibold text-slate-600">{t("course.module", { number: mod.number })}</span>
                          {mod.title}
                        </h3>
                        {mod.progress ? (
                          <span className="mt-2 block">
                            <span className="flex items-center gap-2 text-sm text-slate-700">
                              <Check done={mod.progress.total > 0 && mod.progress.done === mod.progress.total} />
                              {t("road.moduleProgress", { done: mod.progress.done, total: mod.progress.total })}
                            </span>
                            {/* the text above says it; the bar is for the eye */}
                            <span aria-hidden="true" className="mt-1 block h-1.5 w-full max-w-xs overflow-hidden rounded-full bg-slate-200">
                              <span
                                className="block h-full rounded-full bg-primary"
                                style={{ width: `${mod.progress.total ? Math.round((mod.progress.done / mod.progress.total) * 100) : 0}%` }}
                              />
                            </span>
                          </span>
                        ) : (
                          <span className="mt-1 block text-sm text-slate-700">{t("road.moduleLessons", { total: mod.lessons.length })}</span>
                        )}
                      </span>
                    </summary>
                    <ol className="mx-4 mb-2 divide-y divide-slate-200 border-t border-slate-200 sm:mx-6">
                      {mod.lessons.map((l) => (
                        <li key={l.slug} className="flex items-baseline justify-between gap-3 py-2">
                          <span className="py-2">
                            <Check done={done.has(l.slug)} /> <Link to={`/courses/${course.slug}/${l.slug}`}>{l.title}</Link>
                            {done.has(l.slug) ? <span className="sr-only"> ({t("enrolment.done")})</span> : null}
                            {l.summary ? <span className="mt-1 block text-sm text-slate-600">{l.summary}</span> : null}
                          </span>
                          <span className="shrink-0 text-sm text-slate-600">
                            {l.draft ? <span className="mr-2 rounded bg-warning-light px-2 font-semibold text-warning">{t("course.draft")}</span> : null}
                            {!l.required ? <span className="mr-2">{t("course.optional")}</span> : null}
                            {t("course.minutes", { minutes: l.minutes })}
                          </span>
                        </li>
                      ))}
                      {mod.quiz ? (
                        <li className="py-3">
                          <span className="mr-2 rounded bg-primary-light px-2 py-0.5 text-sm font-semibold text-primary-dark">{t("course.quiz")}</span>
                          <Link to={`/courses/${course.slug}/quizzes/${mod.quiz.slug}`}>{mod.quiz.title}</Link>
                        </li>
                      ) : null}
                    </ol>
                  </details>
                </li>
              ))}
              {exam ? (
                <li className="card border-primary">
                  <h3 className="text-lg font-bold">
                    <span className="block text-sm font-semibold text-slate-600">{t("course.exam")}</span>
                    <Check done={Boolean(progress?.examPassed)} /> <Link to={`/courses/${course.slug}/quizzes/${exam.slug}`}>{exam.title}</Link>
                    {progress?.examPassed ? <span className="sr-only"> ({t("enrolment.examPassed")})</span> : null}
                  </h3>
                </li>
              ) : null}
            </ol>
          </section>
        </div>
        <aside className="space-y-6">
          {course.inPerson ? (
            <section className="card" aria-labelledby="sessions-title">
              <h2 id="sessions-title" className="text-lg font-bold">
                {t("events.forCourse.title")}
              </h2>
              <p className="mt-2 text-sm text-slate-700">{t("events.forCourse.lead")}</p>
              {sessions.length ? (
                <ul className="mt-3 space-y-3">
                  {sessions.map((s) => (
                    <li key={s.id}>
                      <Link to={`/events/${s.id}`} className="font-semibold">
                        {s.title}
                      </Link>
                      <span className="block text-sm text-slate-700">{s.dates}</span>
                      <span className="block text-sm text-slate-700">{s.place}</span>
                      {s.status ? (
                        <span className="mt-1 inline-block rounded bg-primary-light px-2 text-sm font-semibold text-primary-dark">
                          {t(`events.registration.${s.status}`)}
                        </span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-3 text-sm">{t("events.forCourse.none")}</p>
              )}
              <p className="mt-3">
                <Link to="/events">{t("events.forCourse.all")}</Link>
              </p>
            </section>
          ) : null}
          <section className="card" aria-labelledby="facts-title">
            <h2 id="facts-title" className="text-lg font-bold">
              {t("course.facts")}
            </h2>
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

export const headers = cacheControlHeaders;

export const meta = titleMeta;
