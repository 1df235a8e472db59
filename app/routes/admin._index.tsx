import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { hasRole, readableAimags, requireRole } from "~/features/auth/guards.server";
import { config } from "~/config.server";
import { db } from "~/db.server";
import { countOpenCreditReviews, eventReport, listEvents } from "~/features/events/repository.server";
import { outboxState } from "~/features/notifications/outbox.server";
import { listAimags } from "~/features/geo/repository.server";
import { placeMeasures } from "~/features/reports/repository.server";
import { formatNumber } from "~/i18n/format";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireRole(args, "admin", "coordinator");
  const lng = await getLanguage(args.request);
  const scope = readableAimags(user);
  // The figures a coordinator checks first, for everything they may see.
  const rows = [...(await placeMeasures({ aimags: scope }, "aimag")).values()];
  const total = (k: "enrolled" | "completed" | "overdue" | "withdrawn" | "certified") => rows.reduce((n, r) => n + r[k], 0);
  const count = (k: "enrolled" | "completed" | "overdue" | "withdrawn" | "certificates") => total(k === "certificates" ? "certified" : k);
  const sum = (k: Parameters<typeof count>[0]) => formatNumber(count(k), lng);
  const aimags = scope === "all" ? [] : (await listAimags()).filter((a) => scope.includes(a.code)).map((a) => (lng === "en" ? a.name_en : a.name_mn));
  return json({
    title: await titleFor(args.request, "admin.title"),
    isAdmin: hasRole(user, "admin"),
    scope: aimags.join(", "),
    figures: {
      enrolled: sum("enrolled"),
      completed: sum("completed"),
      overdue: sum("overdue"),
      withdrawn: sum("withdrawn"),
      certificates: sum("certificates"),
    },
    anyOverdue: count("overdue") > 0,
    // learners who left a course are the coordinator's other problem, next to the overdue ones
    anyWithdrawn: count("withdrawn") > 0,
    openReviews: await countOpenCreditReviews(scope),
    // e-mail is the administrators' to set up: whether it is, and what waits or failed
    mail: hasRole(user, "admin")
      ? await outboxState(db).then((m) => ({
          configured: Boolean(config.SMTP_URL),
          waiting: formatNumber(m.waiting, lng),
          failed: formatNumber(m.failed, lng),
          anyFailed: m.failed > 0,
        }))
      : null,
    // in-person trainings in the same scope: what is coming, and what the past ones gave
    trainings: await (async () => {
      const now = new Date();
      const [[total], upcoming] = await Promise.all([eventReport({ aimags: scope }, "total", now), listEvents({ aimags: scope, from: now.toISOString() })]);
      return {
        upcoming: formatNumber(upcoming.length, lng),
        registered: formatNumber(total?.registered ?? 0, lng),
        attended: formatNumber(total?.attended ?? 0, lng),
        noShows: formatNumber(total?.noShows ?? 0, lng),
        certified: formatNumber(total?.certified ?? 0, lng),
      };
    })(),
  });
}

export default function AdminHome() {
  const { isAdmin, scope, figures, anyOverdue, anyWithdrawn, openReviews, trainings, mail } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const links = [
    { to: "/admin/reports", label: t("reports.title") },
    { to: "/admin/reports/learners", label: t("reports.tabLearners") },
    { to: "/admin/courses", label: t("enrolled.courses.title") },
    { to: "/admin/enrolments", label: t("assign.title") },
    { to: "/admin/users", label: t("admin.users") },
    { to: "/admin/credit-reviews", label: t("eventPaper.reviews.homeLink", { count: openReviews }) },
    ...(isAdmin
      ? [
          { to: "/admin/certificates", label: t("adminCertificates.title") },
          { to: "/admin/organisations", label: t("admin.organisations") },
          { to: "/admin/sums", label: t("admin.sums") },
          { to: "/admin/audit", label: t("audit.title") },
        ]
      : []),
  ];
  const stats = [
    { label: t("reports.enrolled"), value: figures.enrolled, to: "/admin/reports/learners" },
    { label: t("reports.completed"), value: figures.completed, to: "/admin/reports/learners?status=completed" },
    { label: t("reports.overdue"), value: figures.overdue, to: "/admin/reports/learners?status=overdue", alert: anyOverdue },
    { label: t("learningStatus.withdrawn"), value: figures.withdrawn, to: "/admin/reports/learners?status=withdrawn", alert: anyWithdrawn },
    { label: t("reports.certificates"), value: figures.certificates, to: "/admin/reports" },
  ];
  return (
    <>
      <h1 className="page-title">{t("admin.title")}</h1>
      <p className="mt-2 text-slate-700">{isAdmin ? t("admin.lead") : t("admin.leadCoordinator", { aimag: scope })}</p>
      {mail && (!mail.configured || mail.anyFailed) ? (
        <p role="status" className="mt-4 rounded-md border-l-4 border-warning bg-warning-light px-4 py-3 text-slate-900">
          {!mail.configured ? t("mailStatus.notConfigured", { waiting: mail.waiting }) : null}
          {mail.configured && mail.anyFailed ? t("mailStatus.failed", { failed: mail.failed, waiting: mail.waiting }) : null}
        </p>
      ) : mail ? (
        <p className="mt-4 text-sm text-slate-700">{t("mailStatus.ok", { waiting: mail.waiting })}</p>
      ) : null}
      <ul className="mt-6 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5" aria-label={t("admin.figures")}>
        {stats.map((s) => (
          <li key={s.label}>
            <Link to={s.to} className={`card block no-underline hover:bg-primary-light ${s.alert ? "border-danger" : ""}`}>
              <span className={`block text-3xl font-bold ${s.alert ? "text-danger" : "text-slate-900"}`}>{s.value}</span>
              <span className="block text-sm text-slate-700">{s.label}</span>
            </Link>
          </li>
        ))}
      </ul>
      <h2 className="mt-8 text-xl font-bold">{t("events.dashboard.title")}</h2>
      <ul className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5" aria-label={t("events.dashboard.title")}>
        {[
          { label: t("events.dashboard.upcoming"), value: trainings.upcoming, to: "/events" },
          { label: t("eventPaper.report.registered"), value: trainings.registered, to: "/admin/reports/events" },
          { label: t("eventPaper.report.attended"), value: trainings.attended, to: "/admin/reports/events" },
          { label: t("eventPaper.report.noShows"), value: trainings.noShows, to: "/admin/reports/events" },
          { label: t("eventPaper.report.certified"), value: trainings.certified, to: "/admin/reports/events" },
        ].map((s) => (
          <li key={s.label}>
            <Link to={s.to} className="card block no-underline hover:bg-primary-light">
              <span className="block text-3xl font-bold text-slate-900">{s.value}</span>
              <span className="block text-sm text-slate-700">{s.label}</span>
            </Link>
          </li>
        ))}
      </ul>
      <ul className="mt-6 grid gap-4 sm:grid-cols-3">
        {links.map((l) => (
          <li key={l.to}>
            <Link to={l.to} className="card block text-lg font-bold no-underline hover:bg-primary-light">
              {l.label}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}

export const meta = titleMeta;
