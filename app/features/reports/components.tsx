// Pieces shared by the report pages: their heading with the switch between views, and the CSV
// download link.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function ReportViews({ current, query }: { current: "summary" | "learners" | "events"; query: string }) {
  const { t } = useTranslation();
  const views = [
    { id: "summary", to: `/admin/reports${query}`, label: t("reports.tabSummary") },
    { id: "learners", to: `/admin/reports/learners${query}`, label: t("reports.tabLearners") },
    { id: "events", to: "/admin/reports/events", label: t("eventPaper.report.tab") },
  ] as const;
  return (
    <nav aria-label={t("reports.views")} className="mt-4 flex flex-wrap gap-2 border-b border-slate-200">
      {views.map((v) => (
        <Link
          key={v.id}
          to={v.to}
          aria-current={v.id === current ? "page" : undefined}
          className={`-mb-px inline-flex min-h-11 items-center border-b-4 px-3 font-semibold no-underline ${v.id === current ? "border-primary text-primary" : "border-transparent text-slate-700 hover:text-primary"}`}
        >
          {v.label}
        </Link>
      ))}
    </nav>
  );
}

export function CsvLink({ href }: { href: string }) {
  const { t } = useTranslation();
  return (
    <a href={href} className="btn-secondary" download>
      <svg aria-hidden="true" width="18" height="18" viewBox="0 0 20 20" fill="currentColor" className="mr-1">
        <path d="M10 2a1 1 0 0 1 1 1v8.6l2.3-2.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 1.4-1.4L9 11.6V3a1 1 0 0 1 1-1zM3 15a1 1 0 0 1 1 1v1h12v-1a1 1 0 1 1 2 0v2a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1v-2a1 1 0 0 1 1-1z" />
      </svg>
      {t("reports.exportCsv")}
    </a>
  );
}

export function ReportHeader({ current, query }: { current: "summary" | "learners"; query: string }) {
  const { t } = useTranslation();
  return (
    <>
      <h1 className="page-title">{t("reports.title")}</h1>
      <p className="mt-2 max-w-prose text-slate-700">{t("reports.lead")}</p>
      <ReportViews current={current} query={query} />
    </>
  );
}
