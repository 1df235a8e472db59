// One learner of a course, for the coordinator of their aimag or an administrator: the due date,
// extra exam time, extra exam attempts, withdrawing (a confirmation step that is its own page state,
// so it works without JavaScript) and reinstating. Trainers of the course may read it. Anyone who
// may not see this enrolment gets 404, whether or not it exists.
import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { ErrorSummary, TextField } from "~/components/form";
import { StatusBadge } from "~/components/status-badge";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { forbidden, requireUser } from "~/features/auth/guards.server";
import { getCatalogue } from "~/features/content/content.server";
import {
  type AdjustResult,
  changeDueDate,
  enrolledLearner,
  enrolledScope,
  grantExtraAttempts,
  grantExtraMinutes,
  reinstateLearner,
  withdrawLearner,
} from "~/features/enrolment/enrolled.server";
import {
  DueDateSchema,
  ExtraAttemptsSchema,
  ExtraMinutesSchema,
  MAX_EXTRA_ATTEMPTS,
  MAX_EXTRA_MINUTES,
  ReinstateSchema,
  WithdrawSchema,
} from "~/features/enrolment/schemas";
import { readForm } from "~/features/forms/read-form.server";
import { findOrganisation, findSum } from "~/features/geo/repository.server";
import { formatDateIso, formatDateLong, formatDateTime, formatNumber, fullName } from "~/i18n/format";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

const notFound = () => new Response("Not found", { status: 404 });

async function resolve(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const course = getCatalogue().courses.find((c) => c.slug === args.params.course);
  if (!course) throw notFound();
  // outside the reader's scope the enrolment does not exist for them: 404, never 403
  const scope = await enrolledScope(user, course.slug);
  const found = scope ? await enrolledLearner(course, scope, args.params.enrolmentId ?? "") : null;
  if (!found) throw notFound();
  return { user, course, found, url: `/admin/courses/${course.slug}/enrolled/${found.enrolment.id}` };
}

export async function loader(args: LoaderFunctionArgs) {
  const { course, found, url } = await resolve(args);
  const lng = await getLanguage(args.request);
  const e = found.enrolment;
  // where the learner was when enrolled, as the list and the reports count them
  const [sum, organisation] = await Promise.all([findSum(e.sum_id), findOrganisation(e.organisation_id)]);
  const name = (r: { name_mn: string; name_en: string } | undefined, fallback: string) => (r ? (lng === "en" ? r.name_en : r.name_mn) : fallback);
  const active = e.status === "active";
  const exam = found.exam;
  const base = exam?.ref.quiz;
  const used = exam?.attempts.length ?? 0;
  const minutes = (share: number) => (base?.timeLimitMinutes ? Math.ceil(base.timeLimitMinutes * share) : 0);
  return json({
    title: await titleFor(args.request, `${fullName(e)} · ${course.meta.title[lng]}`, true),
    url,
    listUrl: `/admin/courses/${course.slug}/enrolled`,
    course: { title: course.meta.title[lng] },
    learner: {
      name: fullName(e),
      email: e.email,
      position: e.position,
      place: `${name(sum, e.sum_id)} · ${name(organisation, e.organisation_id)}`,
    },
    status: e.learner_status,
    enrolledAt: formatDateLong(e.enrolled_at, lng),
    due: e.due_at ? formatDateLong(e.due_at, lng) : null,
    dueValue: e.due_at ? formatDateIso(e.due_at) : "",
    withdrawnAt: e.withdrawn_at ? formatDateLong(e.withdrawn_at, lng) : null,
    completedAt: e.completed_at ? formatDateLong(e.completed_at, lng) : null,
    percent: found.percent,
    lessons: found.lessons,
    exam: exam
      ? {
          timeLimit: base?.timeLimitMinutes ?? null,
          attemptLimit: base?.attemptLimit ?? null,
          extraMinutes: e.exam_extra_minutes,
          extraAttempts: e.extra_attempts,
          presets: { quarter: minutes(0.25), half: minutes(0.5), double: minutes(1) },
          used,
          canStart: exam.canStart,
          // every attempt used (none open, none passed): one more is what is usually asked for
          limitReached:
            exam.limits.attemptLimit !== null &&
            used >= exam.limits.attemptLimit &&
            exam.attempts.every((a) => a.status === "graded" && a.passed !== 1) &&
            e.extra_attempts < MAX_EXTRA_ATTEMPTS,
          attempts: exam.attempts.map((a) => ({
            id: a.id,
            n: a.attempt_no,
            inProgress: a.status === "in_progress",
            startedAt: formatDateTime(a.started_at, lng),
            deadline: a.status === "in_progress" && a.deadline_at ? formatDateTime(a.deadline_at, lng) : null,
            percent: a.percent === null ? null : formatNumber(a.percent, lng, 2),
            passed: a.passed === 1,
          })),
        }
      : null,
    canChange: found.canChange,
    active,
    completed: Boolean(e.completed_at),
    confirmWithdraw: new URL(args.request.url).searchParams.get("confirm") === "withdraw",
    max: { minutes: MAX_EXTRA_MINUTES, attempts: MAX_EXTRA_ATTEMPTS },
  });
}

type Intent = "due" | "minutes" | "attempts" | "withdraw" | "reinstate";

export async function action(args: ActionFunctionArgs) {
  const { user, course, found, url } = await resolve(args);
  if (!found.canChange) throw forbidden();
  const form = await readForm(args.request);
  const intent = String(form.get("intent") ?? "") as Intent;
  const id = found.enrolment.id;
  // what the service says, as a redirect with a message or the form again with the problem under its field
  const answer = (result: AdjustResult, reply: (problem: string) => SubmissionResult<string[]>) => {
    if (result.ok)
      return redirectWithFlash(url, result.changed ? { key: `enrolled.flash.${intent}`, kind: "success" } : { key: "enrolled.flash.unchanged", kind: "info" });
    if (result.problem === "notFound") throw notFound();
    if (result.problem === "forbidden") throw forbidden();
    return json({ intent, result: reply(`enrolled.errors.${result.problem}`) }, { status: 400 });
  };
  switch (intent) {
    case "due": {
      const submission = parseWithZod(form, { schema: DueDateSchema });
      if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
      return answer(await changeDueDate(user, course, id, submission.value.due), (e) => submission.reply({ fieldErrors: { due: [e] } }));
    }
    case "minutes": {
      const submission = parseWithZod(form, { schema: ExtraMinutesSchema });
      if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
      return answer(await grantExtraMinutes(user, course, id, submission.value.minutes), (e) => submission.reply({ fieldErrors: { minutes: [e] } }));
    }
    case "attempts": {
      const submission = parseWithZod(form, { schema: ExtraAttemptsSchema });
      if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
      return answer(await grantExtraAttempts(user, course, id, submission.value.attempts), (e) => submission.reply({ fieldErrors: { attempts: [e] } }));
    }
    case "withdraw": {
      const submission = parseWithZod(form, { schema: WithdrawSchema });
      if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
      return answer(await withdrawLearner(user, course, id, submission.value.reason), (e) => submission.reply({ formErrors: [e] }));
    }
    case "reinstate": {
      const submission = parseWithZod(form, { schema: ReinstateSchema });
      return answer(await reinstateLearner(user, course, id), (e) => submission.reply({ formErrors: [e] }));
    }
    default:
      return json({ intent: null, result: undefined }, { status: 400 });
  }
}

export default function EnrolledLearner() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const last = (intent: Intent) => (actionData?.intent === intent ? (actionData.result as SubmissionResult<string[]> | undefined) : undefined);
  const [dueForm, dueFields] = useForm<z.input<typeof DueDateSchema>>({ id: "due", lastResult: last("due"), defaultValue: { due: d.dueValue } });
  const [minutesForm, minutesFields] = useForm<z.input<typeof ExtraMinutesSchema>>({
    id: "minutes",
    lastResult: last("minutes"),
    defaultValue: { minutes: d.exam?.extraMinutes ?? 0 },
  });
  const [attemptsForm, attemptsFields] = useForm<z.input<typeof ExtraAttemptsSchema>>({
    id: "attempts",
    lastResult: last("attempts"),
    defaultValue: { attempts: d.exam?.extraAttempts ?? 0 },
  });
  const [withdrawForm, withdrawFields] = useForm<z.input<typeof WithdrawSchema>>({ id: "withdraw", lastResult: last("withdraw") });
  const [reinstateForm] = useForm({ id: "reinstate", lastResult: last("reinstate") });
  const exam = d.exam;
  const editable = d.canChange && d.active;

  return (
    <div className="mx-auto max-w-2xl">
      <nav aria-label={t("lesson.breadcrumb")} className="breadcrumb">
        <Link to="/admin/courses">{t("enrolled.courses.title")}</Link> › <Link to={d.listUrl}>{d.course.title}</Link>
      </nav>
      <h1 className="page-title mt-2">{d.learner.name}</h1>
      <p className="mt-2">
        <StatusBadge status={d.status} />
      </p>
      <dl className="card mt-4 grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr]">
        <dt className="font-semibold">{t("fields.email")}</dt>
        <dd className="break-all">{d.learner.email}</dd>
        <dt className="font-semibold">{t("fields.position")}</dt>
        <dd>{d.learner.position}</dd>
        <dt className="font-semibold">{t("enrolled.learner.place")}</dt>
        <dd>{d.learner.place}</dd>
        <dt className="font-semibold">{t("enrolled.learner.enrolledAt")}</dt>
        <dd>{d.enrolledAt}</dd>
        <dt className="font-semibold">{t("enrolled.learner.due")}</dt>
        <dd>{d.due ?? t("enrolled.learner.noDue")}</dd>
        <dt className="font-semibold">{t("enrolled.learner.progress")}</dt>
        <dd className="flex items-center gap-2">
          <span className="inline-block h-2 w-24 overflow-hidden rounded bg-slate-200" aria-hidden="true">
            <span className="block h-full bg-primary" style={{ width: `${d.percent}%` }} />
          </span>
          {d.percent}% · {t("enrolled.learner.lessons", d.lessons)}
        </dd>
      </dl>
      {d.completedAt ? <p className="mt-4">{t("enrolled.learner.completedOn", { date: d.completedAt })}</p> : null}
      {!d.canChange ? <p className="mt-4 rounded-md border-l-4 border-primary bg-primary-light px-4 py-3">{t("enrolled.learner.readOnly")}</p> : null}

      {exam ? (
        <section className="card mt-6" aria-labelledby="attempts-title">
          <h2 id="attempts-title" className="text-xl font-bold">
            {t("enrolled.learner.attempts")}
          </h2>
          {exam.attempts.length ? (
            <ul className="mt-3 divide-y divide-slate-200">
              {exam.attempts.map((a) => (
                <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <span>
                    <span className="font-semibold">{t("enrolled.learner.attemptNo", { n: a.n })}</span> · {a.startedAt}
                  </span>
                  {a.inProgress ? (
                    <span className="text-sm">
                      {t("enrolled.learner.inProgress")}
                      {a.deadline ? ` · ${t("enrolled.learner.deadline", { time: a.deadline })}` : ""}
                    </span>
                  ) : (
                    <span className={`rounded px-2 py-0.5 text-sm font-semibold ${a.passed ? "bg-success-light text-success" : "bg-danger-light text-danger"}`}>
                      {a.percent}% · {a.passed ? t("enrolled.learner.passed") : t("enrolled.learner.failed")}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-2 text-slate-700">{t("enrolled.list.noAttempts")}</p>
          )}
          <p className="mt-3 font-semibold">{exam.canStart ? t("enrolled.learner.canStart") : t("enrolled.learner.cannotStart")}</p>
        </section>
      ) : (
        <p className="card mt-6">{t("enrolled.learner.noExam")}</p>
      )}

      {editable && !d.completed ? (
        <section className="card mt-6" aria-labelledby="due-title">
          <h2 id="due-title" className="mb-4 text-xl font-bold">
            {t("enrolled.learner.dueTitle")}
          </h2>
          <Form method="post" {...getFormProps(dueForm)} noValidate>
            <input type="hidden" name="intent" value="due" />
            <ErrorSummary form={dueForm} />
            <TextField meta={dueFields.due} label={t("enrolled.learner.dueLabel")} help={t("enrolled.learner.dueHelp")} type="date" required={false} />
            <button type="submit" className="btn-primary">
              {t("enrolled.learner.dueSave")}
            </button>
          </Form>
        </section>
      ) : null}

      {editable && exam ? (
        <section className="card mt-6" aria-labelledby="minutes-title">
          <h2 id="minutes-title" className="text-xl font-bold">
            {t("enrolled.learner.minutesTitle")}
          </h2>
          {exam.timeLimit ? (
            <>
              <p className="mt-2 mb-4 max-w-prose text-slate-700">{t("enrolled.learner.minutesLead")}</p>
              <Form method="post" {...getFormProps(minutesForm)} noValidate>
                <input type="hidden" name="intent" value="minutes" />
                <ErrorSummary form={minutesForm} />
                <TextField
                  meta={minutesFields.minutes}
                  label={t("enrolled.learner.minutesLabel")}
                  help={t("enrolled.learner.minutesHelp", { minutes: exam.timeLimit, ...exam.presets, max: d.max.minutes })}
                  type="number"
                />
                <button type="submit" className="btn-primary">
                  {t("enrolled.learner.minutesSave")}
                </button>
              </Form>
            </>
          ) : (
            <p className="mt-2 text-slate-700">{t("enrolled.learner.noTimeLimit")}</p>
          )}
        </section>
      ) : null}

      {editable && exam ? (
        <section className="card mt-6" aria-labelledby="extra-attempts-title">
          <h2 id="extra-attempts-title" className="text-xl font-bold">
            {t("enrolled.learner.attemptsTitle")}
          </h2>
          {exam.attemptLimit ? (
            <>
              {exam.limitReached ? (
                // the total after one more, not "+1": sending it twice grants one attempt, not two
                <Form method="post" className="mt-4">
                  <input type="hidden" name="intent" value="attempts" />
                  <input type="hidden" name="attempts" value={exam.extraAttempts + 1} />
                  <button type="submit" className="btn-primary">
                    {t("enrolled.learner.oneMore")}
                  </button>
                </Form>
              ) : null}
              <Form method="post" {...getFormProps(attemptsForm)} noValidate className="mt-4">
                <input type="hidden" name="intent" value="attempts" />
                <ErrorSummary form={attemptsForm} />
                <TextField
                  meta={attemptsFields.attempts}
                  label={t("enrolled.learner.attemptsLabel")}
                  help={t("enrolled.learner.attemptsHelp", { limit: exam.attemptLimit, used: exam.used, max: d.max.attempts })}
                  type="number"
                />
                <button type="submit" className={exam.limitReached ? "btn-secondary" : "btn-primary"}>
                  {t("enrolled.learner.attemptsSave")}
                </button>
              </Form>
            </>
          ) : (
            <p className="mt-2 text-slate-700">{t("enrolled.learner.noAttemptLimit")}</p>
          )}
        </section>
      ) : null}

      {editable && !d.completed ? (
        <section id="withdraw" className="card mt-6" aria-labelledby="withdraw-title">
          <h2 id="withdraw-title" className="text-xl font-bold">
            {t("enrolled.learner.withdrawTitle")}
          </h2>
          <p className="mt-2 max-w-prose text-slate-700">{t("enrolled.learner.withdrawLead")}</p>
          {d.confirmWithdraw ? (
            <Form method="post" {...getFormProps(withdrawForm)} noValidate className="mt-4 rounded-md border-l-4 border-danger bg-danger-light/40 p-4">
              <p className="mb-4 font-semibold">{t("enrolled.learner.confirmTitle", { name: d.learner.name })}</p>
              <input type="hidden" name="intent" value="withdraw" />
              <ErrorSummary form={withdrawForm} />
              <TextField meta={withdrawFields.reason} label={t("enrolled.learner.reasonLabel")} help={t("enrolled.learner.reasonHelp")} required={false} />
              <div className="flex flex-wrap gap-3">
                <button type="submit" className="btn-danger">
                  {t("enrolled.learner.confirmWithdraw")}
                </button>
                <Link to={d.url} className="btn-secondary">
                  {t("enrolled.learner.cancel")}
                </Link>
              </div>
            </Form>
          ) : (
            // a link, not a form: the first step only asks, so it changes nothing
            <Link to="?confirm=withdraw#withdraw" className="btn-danger mt-4">
              {t("enrolled.learner.withdraw")}
            </Link>
          )}
        </section>
      ) : null}

      {d.canChange && !d.active ? (
        <section className="card mt-6 border-warning" aria-labelledby="reinstate-title">
          <h2 id="reinstate-title" className="text-xl font-bold">
            {d.withdrawnAt ? t("enrolled.learner.withdrawnOn", { date: d.withdrawnAt }) : t("learningStatus.withdrawn")}
          </h2>
          <p className="mt-2 max-w-prose text-slate-700">{t("enrolled.learner.reinstateLead")}</p>
          <Form method="post" {...getFormProps(reinstateForm)} className="mt-4">
            <input type="hidden" name="intent" value="reinstate" />
            <ErrorSummary form={reinstateForm} />
            <button type="submit" className="btn-primary">
              {t("enrolled.learner.reinstate")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export const meta = titleMeta;
