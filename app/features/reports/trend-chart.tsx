// Enrolments and completions per week as an SVG drawn on the server: readable without JavaScript,
// two lines told apart by colour and by dash, and the numbers as a table for screen readers and
// for whoever prefers them.
import { useTranslation } from "react-i18next";

export interface TrendWeek {
  week: string;
  /** The week's label, e.g. "12.01". */
  label: string;
  enrolled: number;
  completed: number;
}

const W = 720;
const H = 220;
const PAD = { left: 48, right: 12, top: 12, bottom: 36 };

/** A round upper bound for the axis: 1, 2 or 5 times a power of ten. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((m) => m >= value)!;
}

export function TrendChart({ weeks, title, formatNumber }: { weeks: TrendWeek[]; title: string; formatNumber: (n: number) => string }) {
  const { t } = useTranslation();
  const max = niceMax(Math.max(0, ...weeks.map((w) => Math.max(w.enrolled, w.completed))));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (weeks.length <= 1 ? innerW / 2 : (i / (weeks.length - 1)) * innerW);
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const line = (key: "enrolled" | "completed") => weeks.map((w, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(w[key]).toFixed(1)}`).join("");
  const every = Math.max(1, Math.ceil(weeks.length / 8));
  const totals = weeks.reduce((s, w) => ({ enrolled: s.enrolled + w.enrolled, completed: s.completed + w.completed }), { enrolled: 0, completed: 0 });
  return (
    <figure className="card">
      <figcaption className="font-semibold">{title}</figcaption>
      <ul className="mt-2 flex flex-wrap gap-4 text-sm">
        <li className="flex items-center gap-2">
          <svg width="28" height="10" aria-hidden="true">
            <line x1="0" y1="5" x2="28" y2="5" stroke="#015197" strokeWidth="3" />
          </svg>
          {t("dashboard.trendEnrolled")}: {formatNumber(totals.enrolled)}
        </li>
        <li className="flex items-center gap-2">
          <svg width="28" height="10" aria-hidden="true">
            <line x1="0" y1="5" x2="28" y2="5" stroke="#b45309" strokeWidth="3" strokeDasharray="6 4" />
          </svg>
          {t("dashboard.trendCompleted")}: {formatNumber(totals.completed)}
        </li>
      </ul>
      <svg viewBox={`0 0 ${W} ${H}`} className="mt-2 h-auto w-full" role="img" aria-label={title}>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(max * f)} y2={y(max * f)} stroke="#cbd5e1" strokeWidth="1" />
            <text x={PAD.left - 6} y={y(max * f) + 4} textAnchor="end" fontSize="12" fill="#334155">
              {formatNumber(max * f)}
            </text>
          </g>
        ))}
        {weeks.map((w, i) =>
          i % every === 0 ? (
            <text key={w.week} x={x(i)} y={H - 12} textAnchor="middle" fontSize="12" fill="#334155">
              {w.label}
            </text>
          ) : null,
        )}
        <path d={line("enrolled")} fill="none" stroke="#015197" strokeWidth="2.5" />
        <path d={line("completed")} fill="none" stroke="#b45309" strokeWidth="2.5" strokeDasharray="6 4" />
      </svg>
      <details className="mt-2 text-sm print:hidden">
        <summary className="cursor-pointer font-semibold text-primary">{t("dashboard.trendTable")}</summary>
        <div className="mt-2 max-h-72 overflow-y-auto">
          <table className="w-full text-left">
            <thead>
              <tr>
                <th scope="col" className="px-2 py-1">
                  {t("dashboard.week")}
                </th>
                <th scope="col" className="px-2 py-1 text-right">
                  {t("dashboard.trendEnrolled")}
                </th>
                <th scope="col" className="px-2 py-1 text-right">
                  {t("dashboard.trendCompleted")}
                </th>
              </tr>
            </thead>
            <tbody>
              {weeks.map((w) => (
                <tr key={w.week} className="border-t border-slate-200">
                  <th scope="row" className="px-2 py-1 font-normal">
                    {w.label}
                  </th>
                  <td className="px-2 py-1 text-right tabular-nums">{formatNumber(w.enrolled)}</td>
                  <td className="px-2 py-1 text-right tabular-nums">{formatNumber(w.completed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
