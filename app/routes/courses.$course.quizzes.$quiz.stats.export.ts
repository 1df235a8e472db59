// An exam's statistics as files, CSV or Excel (.xlsx), through the reports' one writer (decision
// 024): the questions table (one row per question, anonymous) or the attempts list (named, in the
// reader's scope, streamed a keyset page at a time and audited).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { recordAudit } from "~/features/audit/audit.server";
import { forbidden, requireRole } from "~/features/auth/guards.server";
import { findCourse } from "~/features/content/content.server";
import { findQuiz } from "~/features/quiz/attempts.server";
import { attemptPages, questionStatistics, statisticsScope } from "~/features/quiz/statistics.server";
import { type Column, once, tableResponse } from "~/features/reports/table-export.server";
import { formatDateIso } from "~/i18n/format";
import { getFixedT, getLanguage } from "~/i18n/i18next.server";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "trainer", "admin");
  const lng = await getLanguage(args.request);
  const t = await getFixedT(args.request);
  const course = findCourse(args.params.course ?? "", { canPreview: true });
  const ref = course ? findQuiz(course, args.params.quiz ?? "") : undefined;
  if (!course || !ref) throw new Response("Not found", { status: 404 });
  const scope = await statisticsScope(user, course.slug);
  if (!scope) throw forbidden();
  const url = new URL(args.request.url);
  // anything but the known values falls back to the default rather than failing
  const table = url.searchParams.get("table") === "attempts" ? "attempts" : "questions";
  const format = url.searchParams.get("format") === "xlsx" ? "xlsx" : "csv";
  const stem = `${course.slug}-${ref.slug}-${table === "attempts" ? t("quizStats.fileAttempts") : t("quizStats.fileQuestions")}-${formatDateIso(new Date())}`;

  if (table === "questions") {
    const questions = await questionStatistics(ref, lng);
    const columns: Column[] = [
      { header: t("quizStats.pool"), type: "text", width: 12 },
      { header: t("quizStats.questionId"), type: "text", width: 16 },
      { header: t("quizStats.type"), type: "text", width: 14 },
      { header: t("quizStats.question"), type: "text", width: 40 },
      { header: t("quizStats.presented"), type: "integer" },
      { header: t("quizStats.facility"), type: "percent" },
      { header: t("quizStats.discrimination"), type: "decimal" },
      { header: t("quizStats.pUpper"), type: "percent" },
      { header: t("quizStats.pLower"), type: "percent" },
      { header: t("quizStats.averageShare"), type: "percent" },
      { header: t("quizStats.wrongChosen"), type: "text", width: 30 },
      { header: t("quizStats.hints"), type: "text", width: 40 },
    ];
    const rows = questions.map((q) => [
      q.pool,
      q.questionId,
      t(`quiz.questionTypes.${q.question.type}`),
      q.question.text[lng],
      q.presented,
      q.facility,
      q.discrimination,
      q.pUpper,
      q.pLower,
      q.averageShare,
      q.options
        .filter((o) => !o.correct)
        .map((o) => `${o.id}: ${o.chosen}`)
        .join("; "),
      q.hints.map((h) => t(`quizStats.hint.${h}`)).join(" "),
    ]);
    return tableResponse({ format, filename: `${stem}.${format}`, sheetName: t("quizStats.exportQuestions"), columns, pages: once(rows) });
  }

  const columns: Column[] = [
    { header: t("quizStats.surname"), type: "text", width: 16 },
    { header: t("quizStats.givenName"), type: "text", width: 16 },
    { header: t("quizStats.submitted"), type: "datetime" },
    { header: t("quizStats.attemptNo"), type: "integer" },
    { header: t("quizStats.score"), type: "decimal" },
    { header: t("quizStats.percent"), type: "percent" },
    { header: t("quizStats.passed"), type: "text", width: 10 },
  ];
  const pages = (async function* () {
    for await (const page of attemptPages(ref, scope.attempts))
      yield page.map((a) => [a.surname, a.givenName, a.submittedAt, a.attemptNo, a.score, a.percent / 100, a.passed ? t("quizStats.yes") : t("quizStats.no")]);
  })();
  // names leave the system: note who took them
  await recordAudit({
    actorId: user.id,
    action: "report.export.examAttempts",
    targetType: "report",
    targetId: "examAttempts",
    detail: { filter: { course: course.slug, quiz: ref.slug }, format },
  });
  return tableResponse({ format, filename: `${stem}.${format}`, sheetName: t("quizStats.exportAttempts"), columns, pages });
}
