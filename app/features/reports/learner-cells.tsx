// What the two lists of learners show the same way — the learner report and "who is enrolled": the
// person with their place, and progress as a bar with the lessons done.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The row header of a learner: name (linked to their enrolment), e-mail, sum and organisation. */
export function LearnerCell({ href, name, email, sum, organisation }: { href: string; name: string; email: string; sum: string; organisation: string }) {
  return (
    <th scope="row" className="min-w-[14rem] px-3 py-2 text-left font-normal">
      <Link to={href} className="font-semibold">
        {name}
      </Link>
      <span className="block break-all text-slate-600">{email}</span>
      <span className="mt-1 block">{sum}</span>
      <span className="block text-slate-600">{organisation}</span>
    </th>
  );
}

/** Progress: a bar (hidden from screen readers, the figure says it) and the percentage; with the lessons beside it or below. */
export function ProgressMeter({
  percent,
  lessons,
  barWidth,
  lessonsBelow = false,
}: {
  percent: number;
  lessons: { done: number; total: number };
  barWidth: "w-14" | "w-24";
  lessonsBelow?: boolean;
}) {
  const { t } = useTranslation();
  const bar = (
    <span className="flex items-center gap-2">
      <span className={`inline-block h-2 ${barWidth} overflow-hidden rounded bg-slate-200`} aria-hidden="true">
        <span className="block h-full bg-primary" style={{ width: `${percent}%` }} />
      </span>
      {percent}%{lessonsBelow ? null : ` · ${t("reports.lessons", lessons)}`}
    </span>
  );
  return lessonsBelow ? (
    <>
      {bar}
      <span className="text-slate-600">{t("reports.lessons", lessons)}</span>
    </>
  ) : (
    bar
  );
}
