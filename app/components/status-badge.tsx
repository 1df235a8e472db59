import { useTranslation } from "react-i18next";

const STATUS_STYLE = {
  overdue: "bg-danger-light text-danger",
  withdrawn: "bg-warning-light text-warning",
  in_progress: "bg-primary-light text-primary-dark",
  not_started: "bg-slate-100 text-slate-700",
  completed: "bg-success-light text-success",
} as const;

export type LearningStatusName = keyof typeof STATUS_STYLE;

/** A learner's status in a course, in the colours used on "My learning" and in the reports. */
export function StatusBadge({ status, className = "px-3 py-1" }: { status: LearningStatusName; className?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`inline-block whitespace-nowrap rounded-full text-sm font-semibold ${STATUS_STYLE[status]} ${className}`}>
      {t(`learningStatus.${status}`)}
    </span>
  );
}
