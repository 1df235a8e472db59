// Pieces shared by the report pages: their heading with the switch between views, the enrolment
// month range and the download links.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function ReportViews({ current, query }: { current: "summary" | "learners" | "funnel" | "events"; query: string }) {
  const { t } = useTranslation();
  const views = [
    { id: "summary", to: `/admin/reports${query}`, label: t("reports.tabSummary") },
    { id: "learners", to: `/admin/reports/learners${query}`, label: t("reports.tabLearners") },
    { id: "funnel", to: `/admin/reports/funnel${query}`, label: t("dashboard.funnel.tab") },
    { id: "events", to: "/admin/reports/events", label: t("eventPaper.report.tab") },
  ] as const;
  return (
    <nav aria-label={t("reports.views")} className="mt-4 flex print:hidden flex-wrap gap-2 border-b border-slate-200">
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

function DownloadLink({ href, label }: { href: string; label: string }) {
  return (
    <a href={href} className="btn-secondary" download>
      <svg aria-hidden="true" width="18" height="18" viewBox="0 0 20 20" fill="currentColor" className="mr-1">
        <path d="M10 2a1 1 0 0 1 1 1v8.6l2.3-2.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 1.4-1.4L9 11.6V3a1 1 0 0 1 1-1zM3 15a1 1 0 0 1 1 1v1h12v-1a1 1 0 1 1 2 0v2a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1v-2a1 1 0 0 1 1-1z" />
      </svg>
      {label}
    </a>
  );
}

/** The same table as a CSV file and as an Excel workbook. */
export function ExportLinks({ csv, xlsx }: { csv: string; xlsx: string }) {
  const { t } = useTranslation();
  return (
    <>
      <DownloadLink href={xlsx} label={t("dashboard.exportXlsx")} />
      <DownloadLink href={csv} label={t("reports.exportCsv")} />
    </>
  );
}

/**
 * Enrolment months from and to, typed as YYYY-MM: a native month field shows the browser's month
 * names (English in a Mongolian page). The server reads YYYY-MM and ignores anything else.
 */
export function DateRangeFields({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation();
  return (
    <>
      {(["from", "to"] as const).map((name) => (
        <div key={name}>
          <label htmlFor={`range-${name}`} className="field-label">
            {t(`dashboard.${name}`)}
          </label>
          <input
            id={`range-${name}`}
            name={name}
            type="text"
            inputMode="numeric"
            maxLength={7}
            autoComplete="off"
            defaultValue={name === "from" ? from : to}
            placeholder="2026-03"
            aria-describedby={`range-${name}-hint`}
            className="field-input"
          />
          <p id={`range-${name}-hint`} className="field-help">
            {t("dashboard.monthHint")}
          </p>
        </div>
      ))}
    </>
  );
}

export function ReportHeader({ current, query }: { current: "summary" | "learners" | "funnel"; query: string }) {
  const { t } = useTranslation();
  return (
    <>
      <h1 className="page-title">{t("reports.title")}</h1>
      <p className="mt-2 max-w-prose text-slate-700">{t("reports.lead")}</p>
      <ReportViews current={current} query={query} />
    </>
  );
}
