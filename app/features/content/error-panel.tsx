// The error panel a lesson page shows instead of the lesson when its content is broken: where
// (file:line:column), what (the content check's message in the reader's language) and the lines
// around the place with the column marked. Who sees it is decided in lesson-error.server.ts; the
// root error boundary renders it from the 500 response the lesson's loader throws.
import { useTranslation } from "react-i18next";
import type { FrameLine } from "./check-report";

export interface ContentProblemView {
  /** `file:line:column`, the file relative to the repository. */
  where: string;
  level: string;
  message: string;
  code?: string;
  /** The code frame as content:check prints it (check-report.ts), line by line. */
  frame: FrameLine[];
}

export interface ContentErrorView {
  kind: "content-problems";
  /** Who is shown the panel: anyone on a development server, or trainers and administrators. */
  audience: "development" | "trainers";
  problems: ContentProblemView[];
}

export function isContentErrorView(data: unknown): data is ContentErrorView {
  return typeof data === "object" && data !== null && (data as { kind?: unknown }).kind === "content-problems";
}

export function ContentErrorPanel({ view }: { view: ContentErrorView }) {
  const { t } = useTranslation();
  return (
    <div className="card border-l-4 border-l-danger">
      <p className="text-sm font-semibold text-slate-600">500</p>
      <h1 className="page-title mt-1">{t("contentError.title")}</h1>
      <p className="mt-3">{view.audience === "development" ? t("contentError.development") : t("contentError.trainers")}</p>
      <ol className="mt-6 space-y-6">
        {view.problems.map((p, i) => (
          <li key={`${p.where}-${i}`}>
            <p className="font-mono text-sm font-semibold break-all">{p.where}</p>
            <p className="mt-1">
              <span className="font-semibold text-danger">{p.level}:</span> {p.message}
              {p.code ? <span className="ml-1 font-mono text-sm text-slate-600">[{p.code}]</span> : null}
            </p>
            {p.frame.length ? (
              <section
                aria-label={t("contentError.frame", { where: p.where })}
                // it scrolls sideways on a phone, so it takes focus to be scrolled with the keyboard (axe: scrollable-region-focusable)
                // biome-ignore lint/a11y/noNoninteractiveTabindex: see above
                tabIndex={0}
                className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-sm leading-6 text-slate-100"
              >
                <pre className="w-max min-w-full">
                  {p.frame.map((l, n) => (
                    <span
                      // the lines of one frame never change order
                      // biome-ignore lint/suspicious/noArrayIndexKey: see above
                      key={n}
                      aria-hidden={l.kind === "marker" ? true : undefined}
                      className={l.kind === "line" ? "block" : l.kind === "problem" ? "-mx-3 block bg-danger/50 px-3" : "block font-bold text-amber-300"}
                    >
                      {l.text || " "}
                    </span>
                  ))}
                </pre>
              </section>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
