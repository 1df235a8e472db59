import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { hasRole, requireUser } from "~/features/auth/guards.server";
import { findCourse } from "~/features/content/content.server";
import { findEnrolment } from "~/features/enrolment/repository.server";
import { readForm } from "~/features/forms/read-form.server";
import {
  attemptAllowance,
  finaliseExpiredAttempts,
  findQuiz,
  listAttempts,
  QuizError,
  quizGrant,
  quizLimits,
  renewalCountSince,
  startAttempt,
} from "~/features/quiz/attempts.server";
import { statisticsScope } from "~/features/quiz/statistics.server";
import { formatDateTime } from "~/i18n/format";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

async function resolve(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const canPreview = hasRole(user, "trainer", "admin");
  const course = findCourse(args.params.course ?? "", { canPreview });
  const ref = course ? findQuiz(course, args.params.quiz ?? "") : undefined;
  if (!course || !ref) throw new Response("Not found", { status: 404 });
  // A certificate due for renewal reopens the exam: earlier attempts no longer count.
  return { user, course, ref, canPreview, countSince: await renewalCountSince(user.id, ref) };
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, course, ref, canPreview, countSince } = await resolve(args);
  const lng = await getLanguage(args.request);
  await finaliseExpiredAttempts(user.id, ref);
  const [attempts, enrolment, grant] = await Promise.all([listAttempts(user.id, ref), findEnrolment(user.id, course.slug), quizGrant(user.id, ref)]);
  const q = ref.quiz;
  const { open, passed, limitReached, canStart } = attemptAllowance(ref, attempts, countSince, grant);
  // what this learner gets, with what a coordinator granted them
  const limits = quizLimits(ref, grant);
  return json({
    title: await titleFor(args.request, q.title[lng], true),
    course: { slug: course.slug, title: course.meta.title[lng] },
    quiz: {
      slug: ref.slug,
      title: q.title[lng],
      kind: q.kind,
      questions: q.pools.reduce((n, p) => n + p.draw, 0),
      timeLimit: limits.timeLimitMinutes,
      attemptLimit: limits.attemptLimit,
      passingScore: q.passingScore,
      review: q.review,
    },
    attempts: attempts.map((a) => ({
      id: a.id,
      n: a.attempt_no,
      status: a.status,
      startedAt: formatDateTime(a.started_at, lng),
      percent: a.percent,
      passed: a.passed === 1,
      auto: a.auto_submitted === 1,
    })),
    openAttempt: open?.id ?? null,
    canStart,
    blocked: passed ? "quiz.alreadyPassed" : limitReached && !open ? "quiz.attemptLimit" : null,
    mustEnrol: q.kind === "exam" && enrolment?.status !== "active",
    renewal: Boolean(countSince),
    grant: {
      minutes: limits.timeLimitMinutes === null ? 0 : grant.extraMinutes,
      attempts: limits.attemptLimit === null ? 0 : grant.extraAttempts,
    },
    // the link only for those the statistics page lets in (administrators, the course's trainers)
    canSeeStats: canPreview && (await statisticsScope(user, course.slug)) !== null,
  });
}

export async function action(args: ActionFunctionArgs) {
  const { user, course, ref, countSince } = await resolve(args);
  const base = `/courses/${course.slug}/quizzes/${ref.slug}`;
  if ((await readForm(args.request)).get("intent") !== "start") return json({ error: "errors.invalidChoice" }, { status: 400 });
  if (ref.quiz.kind === "exam" && (await findEnrolment(user.id, course.slug))?.status !== "active") {
    return redirectWithFlash(base, { key: "quiz.mustEnrol", kind: "error" });
  }
  try {
    const { attempt } = await startAttempt(user.id, ref, await getLanguage(args.request), new Date(), undefined, countSince);
    return redirect(`${base}/attempts/${attempt.id}`);
  } catch (e) {
    if (e instanceof QuizError) return redirectWithFlash(base, { key: `quiz.${e.code}`, kind: "error" });
    throw e;
  }
}

export default function QuizPage() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const base = `/courses/${d.course.slug}/quizzes/${d.quiz.slug}`;
  const [scripted, setScripted] = useState(false);
  useEffect(() => setScripted(true), []);
  return (
    <div className="mx-auto max-w-3xl">
      <nav aria-label={t("lesson.breadcrumb")} className="breadcrumb">
        <Link to="/courses">{t("catalogue.title")}</Link> › <Link to={`/courses/${d.course.slug}`}>{d.course.title}</Link>
      </nav>
      <p className="mt-4 text-sm font-semibold uppercase tracking-wide text-primary">{d.quiz.kind === "exam" ? t("quiz.exam") : t("quiz.practice")}</p>
      <h1 className="page-title mt-1">{d.quiz.title}</h1>
      <dl className="card mt-6 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
        <dt className="font-semibold">{t("quiz.questions")}</dt>
        <dd>{d.quiz.questions}</dd>
        <dt className="font-semibold">{t("quiz.timeLimit")}</dt>
        <dd>
          {d.quiz.timeLimit ? t("quiz.minutes", { minutes: d.quiz.timeLimit }) : t("quiz.noTimeLimit")}
          {d.grant.minutes ? <span className="block text-sm text-slate-600">{t("enrolled.quiz.extraMinutes", { minutes: d.grant.minutes })}</span> : null}
        </dd>
        <dt className="font-semibold">{t("quiz.attempts")}</dt>
        <dd>
          {d.quiz.attemptLimit
            ? t("quiz.attemptsUsed", { used: d.attempts.length, limit: d.quiz.attemptLimit })
            : t("quiz.attemptsUnlimited", { used: d.attempts.length })}
          {d.grant.attempts ? <span className="block text-sm text-slate-600">{t("enrolled.quiz.extraAttempts", { count: d.grant.attempts })}</span> : null}
        </dd>
        <dt className="font-semibold">{t("quiz.passMark")}</dt>
        <dd>{t("quiz.passMarkValue", { score: d.quiz.passingScore })}</dd>
        <dt className="font-semibold">{t("quiz.reviewPolicy")}</dt>
        <dd>{t(`quiz.review_${d.quiz.review}`)}</dd>
      </dl>
      {d.renewal ? <p className="mt-6 rounded-md border-l-4 border-primary bg-primary-light px-4 py-3">{t("certificates.renewalExam")}</p> : null}
      <div className="mt-6">
        {d.openAttempt ? (
          <Link to={`${base}/attempts/${d.openAttempt}`} className="btn-primary">
            {t("quiz.resume")}
          </Link>
        ) : d.mustEnrol ? (
          <p className="rounded-md border-l-4 border-primary bg-primary-light px-4 py-3">
            {t("quiz.mustEnrol")} <Link to={`/courses/${d.course.slug}`}>{d.course.title}</Link>
          </p>
        ) : d.canStart ? (
          <Form method="post">
            {d.quiz.timeLimit ? (
              <p className="mb-4 max-w-prose rounded-md border-l-4 border-warning bg-warning-light px-4 py-3">
                {t("quiz.startNote", { minutes: d.quiz.timeLimit })}
                {/* saving as answers are given needs JavaScript: promised only once it runs */}
                {scripted ? ` ${t("examNav.autosaveNote")}` : null}
              </p>
            ) : null}
            <input type="hidden" name="intent" value="start" />
            <button type="submit" className="btn-primary">
              {d.quiz.kind === "exam" ? t("quiz.startExam") : t("quiz.start")}
            </button>
          </Form>
        ) : d.blocked ? (
          <p className="font-semibold">{t(d.blocked)}</p>
        ) : null}
      </div>
      {d.attempts.length ? (
        <section className="mt-8" aria-labelledby="history">
          <h2 id="history" className="text-xl font-bold">
            {t("quiz.history")}
          </h2>
          <ul className="mt-3 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {d.attempts.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
                <span>
                  <span className="font-semibold">{t("quiz.attemptNo", { n: a.n })}</span> · {a.startedAt}
                  {a.auto ? <span className="block text-sm text-slate-600">{t("quiz.autoSubmitted")}</span> : null}
                </span>
                <span className="flex items-center gap-3">
                  {a.status === "graded" ? (
                    <span className={`rounded px-2 py-0.5 text-sm font-semibold ${a.passed ? "bg-success-light text-success" : "bg-danger-light text-danger"}`}>
                      {a.percent}% · {a.passed ? t("quiz.passed") : t("quiz.failed")}
                    </span>
                  ) : (
                    <span className="text-sm">{t("quiz.inProgress")}</span>
                  )}
                  <Link to={`${base}/attempts/${a.id}`}>{t("quiz.view")}</Link>
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {d.canSeeStats ? (
        <p className="mt-8 flex flex-wrap gap-x-4">
          <Link to={`${base}/stats`}>{t("quiz.stats")}</Link>
          <Link to={`/courses/${d.course.slug}/preview/quizzes/${d.quiz.slug}`}>{t("trainer.preview.openKey")}</Link>
        </p>
      ) : null}
    </div>
  );
}

export const meta = titleMeta;
