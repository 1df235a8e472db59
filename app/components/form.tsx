// Form primitives: label above, help under, error in red under the field, a summary at the top.
import { getInputProps, getSelectProps, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

function useErrorText() {
  const { t } = useTranslation();
  return (errors: string[] | undefined) => (errors?.length ? errors.map((e) => t(e, { defaultValue: e })).join(" ") : null);
}

function Label({ id, label, required }: { id: string; label: string; required?: boolean }) {
  const { t } = useTranslation();
  return (
    <label htmlFor={id} className="field-label">
      {label}
      {required === false ? <span className="font-normal text-slate-600"> ({t("form.optional")})</span> : null}
    </label>
  );
}

type InputType = "text" | "email" | "password" | "search" | "number" | "tel" | "date";

export function TextField({
  meta,
  label,
  help,
  type = "text",
  autoComplete,
  required = true,
}: {
  meta: FieldMetadata<any, any, string[]>;
  label: string;
  help?: string;
  type?: InputType;
  autoComplete?: string;
  required?: boolean;
}) {
  const errorText = useErrorText()(meta.errors);
  const helpId = help ? `${meta.id}-help` : undefined;
  const props = getInputProps(meta, { type, ariaDescribedBy: helpId });
  return (
    <div className="mb-5">
      <Label id={meta.id} label={label} required={required} />
      {help ? (
        <span id={helpId} className="field-help">
          {help}
        </span>
      ) : null}
      <input
        {...props}
        key={props.key}
        required={required}
        autoComplete={autoComplete}
        defaultValue={type === "password" ? undefined : props.defaultValue}
        className="field-input"
      />
      {errorText ? (
        <span id={meta.errorId} className="field-error">
          {errorText}
        </span>
      ) : null}
    </div>
  );
}

export function SelectField({
  meta,
  label,
  help,
  children,
  required = true,
  onChange,
}: {
  meta: FieldMetadata<any, any, string[]>;
  label: string;
  help?: string;
  children: ReactNode;
  required?: boolean;
  onChange?: (value: string) => void;
}) {
  const errorText = useErrorText()(meta.errors);
  const helpId = help ? `${meta.id}-help` : undefined;
  const props = getSelectProps(meta, { ariaDescribedBy: helpId });
  return (
    <div className="mb-5">
      <Label id={meta.id} label={label} required={required} />
      {help ? (
        <span id={helpId} className="field-help">
          {help}
        </span>
      ) : null}
      <select {...props} key={props.key} required={required} className="field-input" onChange={onChange ? (e) => onChange(e.currentTarget.value) : undefined}>
        {children}
      </select>
      {errorText ? (
        <span id={meta.errorId} className="field-error">
          {errorText}
        </span>
      ) : null}
    </div>
  );
}

export function ErrorSummary({ form }: { form: FormMetadata<any> }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const entries = Object.entries(form.allErrors ?? {}).filter(([, v]) => v?.length);
  if (!entries.length) return null;
  const formLevel = form.errors ?? [];
  const fieldCount = entries.filter(([name]) => name !== "").length;
  return (
    <div role="alert" className="mb-6 rounded-md border-l-4 border-danger bg-danger-light px-4 py-3 text-danger">
      {formLevel.length ? <p className="font-semibold">{errorText(formLevel)}</p> : null}
      {fieldCount ? <p className="font-semibold">{t("form.errorSummary", { count: fieldCount })}</p> : null}
    </div>
  );
}

/** A field's error messages (i18n keys), for forms that do not use Conform. */
export function FieldError({ errors }: { errors?: string[] }) {
  const { t } = useTranslation();
  return errors?.length ? <span className="field-error">{errors.map((e) => t(e)).join(" ")}</span> : null;
}
