// Controls shared by the administration lists: a labelled select for a GET filter form, and the
// previous/next pager under a paged list.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** One labelled select; `emptyLabel` adds an "all" option with the empty value first. */
export function FilterSelect({
  name,
  id = name,
  label,
  value,
  options,
  emptyLabel,
}: {
  name: string;
  id?: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  emptyLabel?: string;
}) {
  return (
    <div>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value} className="field-input">
        {emptyLabel ? <option value="">{emptyLabel}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Where the reader is in a paged list, with links to the pages either side (absent at the ends). */
export function Pager({ position, previous, next }: { position: string; previous: string | null; next: string | null }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t("reports.pagination")} className="mt-4 flex flex-wrap items-center justify-between gap-3">
      <p>{position}</p>
      <span className="flex gap-2">
        {previous ? (
          <Link to={previous} className="btn-secondary">
            {t("reports.previous")}
          </Link>
        ) : null}
        {next ? (
          <Link to={next} className="btn-secondary">
            {t("reports.next")}
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
