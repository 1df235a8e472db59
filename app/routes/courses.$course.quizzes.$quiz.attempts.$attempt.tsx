// Taking an attempt and seeing its result. Works without JavaScript (plain form posts: save,
// previous/next, submit); with JavaScript answers also save as they are given and a countdown runs.

import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { hasRole, requireUser } from "~/features/auth/guards.server";
import { findCourse } from "~/features/content/content.server";
import { readForm } from "~/features/forms/read-form.server";
import {
  answerWindow,
  attemptAllowance,
  attemptResponses,
  finaliseExpiredAttempts,
  findAttempt,
  findQuiz,
  listAttempts,
  QuizError,
  quizGrant,
  renewalCountSince,
  reviewAllowed,
  saveAnswers,
  submitAttempt,
} from "~/features/quiz/attempts.server";
import { attemptQuestions, type DrawnQuestion, isAnswered } from "~/features/quiz/grading";
import { presentQuestions } from "~/features/quiz/present.server";
import { QuestionField, QuestionReview } from "~/features/quiz/question-views";
import { readResponses } from "~/features/quiz/responses";
import { formatDateTime, formatNumber } from "~/i18n/format";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

async function resolve(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const course = findCourse(args.params.course ?? "", { canPreview: hasRole(user, "trainer", "admin") });
  const ref = course ? findQuiz(course, args.params.quiz ?? "") : undefined;
  if (!course || !ref) throw new Response("Not found", { status: 404 });
  const attempt = await findAttempt(user.id, args.params.attempt ?? "");
  if (!attempt || attempt.course_slug !== course.slug || attempt.quiz_slug !== ref.slug) throw new Response("Not found", { status: 404 });
  return { user, course, ref, attempt, base: `/courses/${course.slug}/quizzes/${ref.slug}` };
}

export async function loader(args: LoaderFunctionArgs) {
  const resolved = await resolve(args);
  const { user, course, ref, base } = resolved;
  let { attempt } = resolved;
  // Reading closes an attempt whose time and grace ran out (the action decides for itself, under
  // its own lock, so an answer sent in grace is never closed away before it is read).
  if (attempt.status === "in_progress" && !answerWindow(attempt, new Date()).accepting) {
    await finaliseExpiredAttempts(user.id, ref);
    attempt = (await findAttempt(user.id, attempt.id))!;
  }
  const lng = await getLanguage(args.request);
  const [attempts, grant] = await Promise.all([listAttempts(user.id, ref), quizGrant(user.id, ref)]);
  const reveal = reviewAllowed(attempt, ref, attempts, grant);
  const inProgress = attempt.status === "in_progress";
  const responses = await attemptResponses(attempt.id);
  // A graded attempt without review shows the score only: its questions are not sent at all.
  const questions = inProgress || reveal ? presentQuestions(ref, attempt, lng, responses, reveal) : [];
  const total = (JSON.parse(attempt.questions) as DrawnQuestion[]).length;
  const onePerPage = ref.quiz.layout === "one_per_page";
  const page = Math.min(Math.max(1, Number.parseInt(new URL(args.request.url).searchParams.get("q") ?? "1", 10) || 1), total);
  return json(
    {
      title: await titleFor(args.request, `${ref.quiz.title[lng]} · ${attempt.attempt_no}`, true),
      base,
      course: { slug: course.slug, title: course.meta.title[lng] },
      quiz: { title: ref.quiz.title[lng], kind: ref.quiz.kind, passingScore: ref.quiz.passingScore, review: ref.quiz.review },
      attempt: {
        id: attempt.id,
        n: attempt.attempt_no,
        status: attempt.status,
        deadline: attempt.deadline_at,
        deadlineText: attempt.deadline_at ? formatDateTime(attempt.deadline_at, lng).slice(-5) : null,
        score: attempt.score === null ? null : formatNumber(attempt.score, lng, 2),
        max: attempt.max_score === null ? null : formatNumber(attempt.max_score, lng, 2),
        percent: attempt.percent === null ? null : formatNumber(attempt.percent, lng, 2),
        passed: attempt.passed === 1,
        auto: attempt.auto_submitted === 1,
      },
      total,
      answered: [...responses.values()].filter(isAnswered).length,
      onePerPage,
      page,
      questions: inProgress && onePerPage ? questions.filter((q) => q.n === page) : questions,
      reveal,
      // the same rule as the quiz page's start button
      canRetry: !inProgress && attemptAllowance(ref, attempts, await renewalCountSince(user.id, ref), grant).canStart,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export async function action(args: ActionFunctionArgs) {
  const { user, course, ref, attempt, base } = await resolve(args);
  const url = `${base}/attempts/${attempt.id}`;
  const form = await readForm(args.request);
  const intent = String(form.get("intent") ?? "");
  const responses = readResponses(form, attemptQuestions(ref.quiz, JSON.parse(attempt.questions) as DrawnQuestion[]));
  try {
    if (intent === "autosave") {
      // Truthful either way: `expired` once the time is up, `ok` whether these answers were kept.
      const r = await saveAnswers(user.id, attempt.id, ref, responses);
      return json({ ok: r.accepted, expired: r.expired, saved: r.saved }, { status: r.accepted ? 200 : 409 });
    }
    if (intent === "save" || intent.startsWith("goto:")) {
      const r = await saveAnswers(user.id, attempt.id, ref, responses);
      if (!r.accepted) return redirectWithFlash(url, { key: "quiz.expired", kind: "info" });
      if (r.expired) return redirectWithFlash(url, { key: "quiz.savedTimeUp", kind: "info" });
      if (intent.startsWith("goto:")) return redirect(`${url}?q=${Number.parseInt(intent.slice(5), 10) || 1}`);
      // the page goes into the Location header: only a page number may
      const page = Number.parseInt(String(form.get("page") ?? ""), 10);
      return redirectWithFlash(url + (page > 0 ? `?q=${page}` : ""), { key: "quiz.saved", kind: "success" });
    }
    if (intent === "submit") {
      const submitted = await submitAttempt(user.id, attempt.id, ref, responses);
      // grading completed the course or renewed its certificate in the same transaction
      const completion = submitted.grade?.completion;
      if (completion?.completed) return redirectWithFlash(url, { key: "enrolment.courseCompleted", kind: "success" });
      if (completion?.renewed) return redirectWithFlash(url, { key: "certificates.renewed", kind: "success" });
      if (submitted.late) return redirectWithFlash(url, { key: "quiz.expired", kind: "info" });
      return redirect(url);
    }
  } catch (e) {
    if (e instanceof QuizError) {
      // "closed": graded already, by a submission (maybe this tab's own, overtaking a late autosave) or after the deadline
      if (intent === "autosave") return json({ ok: false, expired: answerWindow(attempt, new Date()).pastDeadline, saved: 0 }, { status: 409 });
      return redirectWithFlash(url, { key: `quiz.${e.code}`, kind: "error" });
    }
    throw e;
  }
  return json({ ok: false, expired: false, saved: 0 }, { status: 400 });
}

function Countdown({ deadline, onExpire }: { deadline: string; onExpire: () => void }) {
  const { t } = useTranslation();
  const [left, setLeft] = useState<number | null>(null);
  const fired = useRef(false);
  useEffect(() => {
    const tick = () => {
      const ms = new Date(deadline).getTime() - Date.now();
      setLeft(Math.max(0, ms));
      if (ms <= 0 && !fired.current) {
        fired.current = true;
        onExpire();
      }
    };
    tick();
    const id = setInterval(tick, 1000);
    return () => clearInterval(id);
  }, [deadline, onExpire]);
  if (left === null) return null;
  const m = Math.floor(left / 60000);
  const s = Math.floor((left % 60000) / 1000);
  return (
    <span className={`font-mono font-bold ${left < 60000 ? "text-danger" : ""}`} role="timer" aria-label={t("quiz.timeLeft")}>
      {String(m).padStart(2, "0")}:{String(s).padStart(2, "0")}
    </span>
  );
}

export default function AttemptPage() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const fetcher = useFetcher<{ ok: boolean; expired: boolean }>();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const [dirty, setDirty] = useState(false);

  const autosave = () => {
    clearTimeout(timer.current);
    setDirty(true);
    timer.current = setTimeout(() => {
      if (!formRef.current) return;
      const data = new FormData(formRef.current);
      data.set("intent", "autosave");
      fetcher.submit(data, { method: "post" });
      setDirty(false);
    }, 700);
  };
  const submitNow = () => {
    const button = formRef.current?.querySelector<HTMLButtonElement>('button[value="submit"]');
    if (formRef.current && button) formRef.current.requestSubmit(button);
  };
  useEffect(() => {
    // An answer kept in grace needs nothing: the countdown submits. One refused for time: show the result.
    if (fetcher.data && !fetcher.data.ok && fetcher.data.expired) window.location.reload();
  }, [fetcher.data]);

  const header = (
    <>
      <nav aria-label={t("lesson.breadcrumb")} className="breadcrumb">
        <Link to={`/courses/${d.course.slug}`}>{d.course.title}</Link> › <Link to={d.base}>{d.quiz.title}</Link>
      </nav>
      <h1 className="page-title mt-2">
        {d.quiz.title} <span className="block text-lg font-semibold text-slate-600">{t("quiz.attemptNo", { n: d.attempt.n })}</span>
      </h1>
    </>
  );

  if (d.attempt.status !== "in_progress") {
    return (
      <div className="mx-auto max-w-3xl">
        {header}
        <section className={`card mt-6 border-l-4 ${d.attempt.passed ? "border-l-success" : "border-l-danger"}`} aria-labelledby="result">
          <h2 id="result" className="text-xl font-bold">
            {t("quiz.result")}
          </h2>
          <p className={`mt-2 text-4xl font-bold ${d.attempt.passed ? "text-success" : "text-danger"}`}>{d.attempt.percent}%</p>
          <p className="mt-1 text-xl font-bold">{d.attempt.passed ? t("quiz.resultPassed") : t("quiz.resultFailed", { pass: d.quiz.passingScore })}</p>
          <p className="mt-1">{t("quiz.score", { score: d.attempt.score, max: d.attempt.max, percent: d.attempt.percent })}</p>
          {d.attempt.auto ? <p className="mt-1 text-sm text-slate-600">{t("quiz.autoSubmitted")}</p> : null}
          <div className="mt-4 flex flex-wrap gap-3">
            {d.canRetry ? (
              <Form method="post" action={d.base}>
                <input type="hidden" name="intent" value="start" />
                <button type="submit" className="btn-primary">
                  {t("quiz.tryAgain")}
                </button>
              </Form>
            ) : null}
            <Link to={d.base} className="btn-secondary">
              {t("quiz.backToQuiz")}
            </Link>
            <Link to={`/courses/${d.course.slug}`} className="btn-secondary">
              {t("quiz.backToCourse")}
            </Link>
          </div>
        </section>
        {d.reveal ? (
          <section className="mt-8" aria-labelledby="review">
            <h2 id="review" className="text-xl font-bold">
              {t("quiz.review")}
            </h2>
            <ol className="mt-4 space-y-4">
              {d.questions.map((q) => (
                <QuestionReview key={q.id} q={q} />
              ))}
            </ol>
          </section>
        ) : (
          <p className="mt-6 text-slate-700">{d.quiz.review === "never" ? t("quiz.reviewNever") : t("quiz.reviewLater")}</p>
        )}
      </div>
    );
  }

  const last = !d.onePerPage || d.page === d.total;
  return (
    <div className="mx-auto max-w-3xl">
      {header}
      <div className="sticky top-0 z-10 mt-4 flex flex-wrap items-center justify-between gap-2 rounded-md border border-slate-200 bg-white/95 px-4 py-2 text-sm shadow-sm">
        <span>{t("quiz.answered", { answered: d.answered, total: d.total })}</span>
        {d.attempt.deadline ? (
          <span>
            {t("quiz.deadline", { time: d.attempt.deadlineText })} · <Countdown deadline={d.attempt.deadline} onExpire={submitNow} />
          </span>
        ) : null}
        <span aria-live="polite" className="text-slate-600">
          {fetcher.state !== "idle" ? (
            t("quiz.saving")
          ) : fetcher.data?.ok === false ? (
            <span className="text-danger">{t("quiz.saveFailed")}</span>
          ) : fetcher.data?.ok && !dirty ? (
            t("quiz.autosaved")
          ) : (
            ""
          )}
        </span>
      </div>
      {/* a submit supersedes the pending autosave: sent after grading it would only hit a closed attempt */}
      <Form method="post" ref={formRef} onChange={autosave} onSubmit={() => clearTimeout(timer.current)} className="mt-6 space-y-6">
        <input type="hidden" name="page" value={d.page} />
        {d.questions.map((q) => (
          <QuestionField key={q.id} q={q} total={d.total} />
        ))}
        <div className="card flex flex-wrap items-center gap-3">
          {d.onePerPage && d.page > 1 ? (
            <button type="submit" name="intent" value={`goto:${d.page - 1}`} className="btn-secondary">
              ← {t("quiz.previous")}
            </button>
          ) : null}
          {d.onePerPage && !last ? (
            <button type="submit" name="intent" value={`goto:${d.page + 1}`} className="btn-primary">
              {t("quiz.next")} →
            </button>
          ) : null}
          {!d.onePerPage ? (
            <button type="submit" name="intent" value="save" className="btn-secondary">
              {t("quiz.save")}
            </button>
          ) : null}
          {last ? (
            <div className="w-full border-t border-slate-200 pt-3">
              <p className="mb-2 text-sm text-slate-700">{t("quiz.submitConfirm")}</p>
              <button type="submit" name="intent" value="submit" className="btn-primary">
                {d.quiz.kind === "exam" ? t("quiz.submit") : t("quiz.submitQuiz")}
              </button>
            </div>
          ) : null}
        </div>
      </Form>
    </div>
  );
}

export const meta = titleMeta;
