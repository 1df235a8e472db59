import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** A GET form choosing one aimag; `emptyLabel` adds a first option with the empty value. */
export function AimagFilter({ aimags, value, emptyLabel }: { aimags: { code: string; name: string }[]; value: string; emptyLabel?: string }) {
  const { t } = useTranslation();
  return (
    <Form method="get" className="mt-4 flex flex-wrap items-end gap-3">
      <div className="min-w-64 flex-1">
        <label htmlFor="aimag-filter" className="field-label">
          {t("fields.aimag")}
        </label>
        <select id="aimag-filter" name="aimag" defaultValue={value} className="field-input">
          {emptyLabel ? <option value="">{emptyLabel}</option> : null}
          {aimags.map((a) => (
            <option key={a.code} value={a.code}>
              {a.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="btn-secondary">
        {t("form.filter")}
      </button>
    </Form>
  );
}
