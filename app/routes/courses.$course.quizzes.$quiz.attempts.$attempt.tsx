// Taking an attempt and seeing its result. Works without JavaScript (plain form posts: save,
// previous/next, the question overview, flags, submit); with JavaScript answers also save as they
// are given, a countdown runs and warns before the time is up, and focus follows the question.

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
  flaggedQuestions,
  listAttempts,
  QuizError,
  quizGrant,
  renewalCountSince,
  reviewAllowed,
  questionsOfAttempt,
  saveAnswers,
  submitAttempt,
} from "~/features/quiz/attempts.server";
import { type DrawnQuestion, isAnswered } from "~/features/quiz/grading";
import { presentQuestions } from "~/features/quiz/present.server";
import { QuestionField, QuestionReview, questionHeadingId } from "~/features/quiz/question-views";
import { readFlags, readResponses } from "~/features/quiz/responses";
import { latestCertificate } from "~/features/certificates/certificates.server";
import { CertificateCard } from "~/features/enrolment/road";
import { type CertificateStanding, certificateStanding } from "~/features/enrolment/road.server";
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
  const questions = inProgress || reveal ? presentQuestions(ref, attempt, await questionsOfAttempt(attempt, ref), lng, responses, reveal) : [];
  const drawn = JSON.parse(attempt.questions) as DrawnQuestion[];
  const total = drawn.length;
  const flagged = new Set(flaggedQuestions(attempt));
  const onePerPage = ref.quiz.layout === "one_per_page";
  // After a passed exam that completed the course: its certificate, one tap away.
  const certificate =
    attempt.status === "graded" && attempt.passed === 1 && ref.slug === course.meta.exam ? await latestCertificate(user.id, course.slug) : undefined;
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
      flagged: inProgress ? drawn.filter((q) => flagged.has(q.id)).map((q) => q.id) : [],
      // where every question stands, for the overview: no content, only answered and flagged
      overview: inProgress
        ? drawn.map((q, i) => {
            const saved = responses.get(q.id);
            return { n: i + 1, answered: saved ? isAnswered(saved) : false, flagged: flagged.has(q.id) };
          })
        : [],
      examPassed: attempt.passed === 1 && ref.slug === course.meta.exam,
      certificate: certificate ? { serial: certificate.serial, standing: certificateStanding(certificate, course, lng) } : null,
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
  const questions = await questionsOfAttempt(attempt, ref);
  const responses = readResponses(form, questions);
  const flags = readFlags(form, questions);
  try {
    if (intent === "autosave") {
      // Truthful either way: `expired` once the time is up, `ok` whether these answers were kept.
      const r = await saveAnswers(user.id, attempt.id, ref, responses, new Date(), flags);
      return json({ ok: r.accepted, expired: r.expired, saved: r.saved }, { status: r.accepted ? 200 : 409 });
    }
    if (intent === "save" || intent.startsWith("goto:")) {
      const r = await saveAnswers(user.id, attempt.id, ref, responses, new Date(), flags);
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

/** Warnings before the time runs out: polite at five minutes, assertive at one. */
const FIVE_MINUTES = 5 * 60_000;
const ONE_MINUTE = 60_000;

/**
 * The deadline, the countdown (with JavaScript) and the announced warnings. Its own component, so
 * that the tick every second re-renders this line only, not the questions. The live regions are in
 * the page from the start (empty), so screen readers announce what is written into them later.
 */
function Deadline({ deadline, deadlineText, onExpire }: { deadline: string; deadlineText: string | null; onExpire: () => void }) {
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
  const m = left === null ? 0 : Math.floor(left / 60000);
  const s = left === null ? 0 : Math.floor((left % 60000) / 1000);
  const stage = left === null || left === 0 ? null : left <= ONE_MINUTE ? "one" : left <= FIVE_MINUTES ? "five" : null;
  const warning = "order-last basis-full rounded-md border-l-4 px-3 py-2 font-semibold";
  return (
    <>
      <span>
        {t("quiz.deadline", { time: deadlineText })}
        {/* without JavaScript only the time of day: no separator left hanging */}
        {left !== null ? (
          <>
            {" · "}
            <span className={`font-mono font-bold ${left < ONE_MINUTE ? "text-danger" : ""}`} role="timer" aria-label={t("quiz.timeLeft")}>
              {String(m).padStart(2, "0")}:{String(s).padStart(2, "0")}
            </span>
          </>
        ) : null}
      </span>
      <p aria-live="polite" className={stage === "five" ? `${warning} border-warning bg-warning-light text-warning` : "sr-only"}>
        {stage === "five" ? t("examNav.fiveMinutes") : ""}
      </p>
      <p aria-live="assertive" className={stage === "one" ? `${warning} border-danger bg-danger-light text-danger` : "sr-only"}>
        {stage === "one" ? t("examNav.oneMinute") : ""}
      </p>
    </>
  );
}

interface OverviewItem {
  n: number;
  answered: boolean;
  flagged: boolean;
}

/**
 * Every question of the attempt at a glance: answered, flagged, not answered. One per page, each is
 * a submit button (the answers on this page are saved on the way); all on one page, a link down.
 */
function QuestionOverview({ items, page, onePerPage }: { items: OverviewItem[]; page: number; onePerPage: boolean }) {
  const { t } = useTranslation();
  const box = "relative flex h-12 w-full items-center justify-center rounded-md border-2 text-base font-bold no-underline";
  return (
    <section className="card" aria-labelledby="overview-title">
      <h2 id="overview-title" className="text-lg font-bold">
        {t("examNav.overview")}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{onePerPage ? t("examNav.overviewLead") : t("examNav.overviewLeadOnePage")}</p>
      <ul className="mt-3 grid grid-cols-[repeat(auto-fill,minmax(3rem,1fr))] gap-2">
        {items.map((it) => {
          const current = onePerPage && it.n === page;
          const states = [
            it.answered ? t("examNav.answered") : t("examNav.notAnswered"),
            it.flagged ? t("examNav.flagged") : "",
            current ? t("examNav.current") : "",
          ];
          const label = t("examNav.item", { n: it.n, state: states.filter(Boolean).join(", ") });
          const style = `${box} ${it.answered ? "border-primary bg-primary text-white hover:text-white" : "border-slate-400 bg-white text-slate-800 hover:border-primary"} ${current ? "outline outline-2 outline-offset-2 outline-slate-800" : ""}`;
          const body = (
            <>
              {it.n}
              {it.answered ? (
                <span aria-hidden="true" className="absolute bottom-0.5 right-1 text-xs leading-none">
                  ✓
                </span>
              ) : null}
              {it.flagged ? (
                <span aria-hidden="true" className="absolute -right-1.5 -top-1.5 rounded-full bg-warning px-1 text-xs leading-5 text-white">
                  ⚑
                </span>
              ) : null}
            </>
          );
          return (
            <li key={it.n}>
              {onePerPage ? (
                <button type="submit" name="intent" value={`goto:${it.n}`} aria-label={label} aria-current={current ? "step" : undefined} className={style}>
                  {body}
                </button>
              ) : (
                <a
                  href={`#${questionHeadingId(it.n)}`}
                  aria-label={label}
                  className={style}
                  onClick={() => document.getElementById(questionHeadingId(it.n))?.focus()}
                >
                  {body}
                </a>
              )}
            </li>
          );
        })}
      </ul>
      <ul className="mt-3 flex flex-wrap gap-x-5 gap-y-1 text-sm text-slate-700" aria-hidden="true">
        <li className="flex items-center gap-2">
          <span className="inline-block h-4 w-4 rounded border-2 border-primary bg-primary" /> ✓ {t("examNav.answered")}
        </li>
        <li className="flex items-center gap-2">
          <span className="inline-block h-4 w-4 rounded border-2 border-slate-400 bg-white" /> {t("examNav.notAnswered")}
        </li>
        <li className="flex items-center gap-2">
          <span className="rounded-full bg-warning px-1 text-xs leading-5 text-white">⚑</span> {t("examNav.flagged")}
        </li>
      </ul>
    </section>
  );
}

/** After a passed exam that completed the course: the certificate, one tap away (the same card as My learning's). */
function CertificateReady({ certificate, courseSlug }: { certificate: { serial: string; standing: CertificateStanding }; courseSlug: string }) {
  const { t } = useTranslation();
  return (
    <section className="card mt-6 border-l-4 border-l-success" aria-labelledby="certificate-ready">
      <h2 id="certificate-ready" className="text-xl font-bold">
        {t("examResult.certificateTitle")}
      </h2>
      <p className="mt-1">
        {t("examResult.certificateLead")} {t("certificates.serial")}: <span className="whitespace-nowrap font-mono">{certificate.serial}</span>
      </p>
      <CertificateCard certificate={certificate.standing} completedOn={null} courseSlug={courseSlug} />
      <p className="mt-3">
        <Link to="/certificates" className="inline-flex min-h-11 items-center font-semibold">
          {t("examResult.allCertificates")}
        </Link>
      </p>
    </section>
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
  // After "Next", "Previous" or the overview, focus goes to the new question's heading, so a
  // screen reader reads it and the next Tab starts there (not on the page's first link).
  const shownPage = useRef(d.page);
  useEffect(() => {
    if (shownPage.current === d.page) return;
    shownPage.current = d.page;
    document.getElementById(questionHeadingId(d.page))?.focus();
  }, [d.page]);

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
    const actions = (
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
    );
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
          {d.certificate ? null : actions}
        </section>
        {/* with a certificate, it comes straight after the score, before the way back */}
        {d.certificate ? (
          <>
            <CertificateReady certificate={d.certificate} courseSlug={d.course.slug} />
            {actions}
          </>
        ) : d.examPassed ? (
          <p className="mt-6 rounded-md border-l-4 border-primary bg-primary-light px-4 py-3">
            {t("examResult.notYet")} <Link to={`/courses/${d.course.slug}`}>{d.course.title}</Link>
          </p>
        ) : null}
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
  const flagged = new Set(d.flagged);
  const unanswered = d.total - d.answered;
  const overview = <QuestionOverview items={d.overview} page={d.page} onePerPage={d.onePerPage} />;
  return (
    <div className="mx-auto max-w-3xl">
      {header}
      <div className="sticky top-0 z-10 mt-4 flex flex-wrap items-center justify-between gap-2 rounded-md border border-slate-200 bg-white/95 px-4 py-2 text-sm shadow-sm">
        <span>{t("quiz.answered", { answered: d.answered, total: d.total })}</span>
        {d.attempt.deadline ? <Deadline deadline={d.attempt.deadline} deadlineText={d.attempt.deadlineText} onExpire={submitNow} /> : null}
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
        {/* Enter in a text answer submits with the form's first button: this one, "Next" (or save), never "Previous". */}
        <button type="submit" name="intent" value={last ? "save" : `goto:${d.page + 1}`} hidden tabIndex={-1} />
        <input type="hidden" name="page" value={d.page} />
        {d.onePerPage ? null : overview}
        {d.questions.map((q) => (
          <QuestionField key={q.id} q={q} total={d.total} flagged={flagged.has(q.id)} />
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
              {unanswered > 0 ? <p className="mb-1 text-sm font-semibold text-slate-800">{t("examNav.unansweredCount", { count: unanswered })}</p> : null}
              {flagged.size > 0 ? <p className="mb-1 text-sm font-semibold text-slate-800">{t("examNav.flaggedCount", { count: flagged.size })}</p> : null}
              <p className="mb-2 text-sm text-slate-700">{t("quiz.submitConfirm")}</p>
              <button type="submit" name="intent" value="submit" className="btn-primary">
                {d.quiz.kind === "exam" ? t("quiz.submit") : t("quiz.submitQuiz")}
              </button>
            </div>
          ) : null}
        </div>
        {d.onePerPage ? overview : null}
      </Form>
    </div>
  );
}

export const meta = titleMeta;
