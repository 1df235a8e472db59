// Form primitives: label above, help under, error in red under the field, a summary at the top.
import { getInputProps, getSelectProps, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import { type ReactNode, useState } from "react";
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
  const { t } = useTranslation();
  const errorText = useErrorText()(meta.errors);
  const helpId = help ? `${meta.id}-help` : undefined;
  // a date is typed as text: a native date picker shows the browser's language and format
  const isDate = type === "date";
  const formatId = isDate ? `${meta.id}-format` : undefined;
  const props = getInputProps(meta, { type: isDate ? "text" : type, ariaDescribedBy: [helpId, formatId].filter(Boolean).join(" ") || undefined });
  return (
    <div className="mb-5">
      <Label id={meta.id} label={label} required={required} />
      {help ? (
        <span id={helpId} className="field-help">
          {help}
        </span>
      ) : null}
      {isDate ? (
        <span id={formatId} className="field-help">
          {t("dateInput.hint")}
        </span>
      ) : null}
      <input
        {...props}
        {...(isDate ? TYPED_DATE : {})}
        key={props.key}
        required={required}
        autoComplete={isDate ? "off" : autoComplete}
        defaultValue={type === "password" ? undefined : props.defaultValue}
        className={isDate ? "field-input max-w-xs" : "field-input"}
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

/**
 * Dates and times are typed as text ("2026-12-31", "09:30") and read on the server by
 * features/forms/dates.ts: a native date or time picker shows the browser's language and format,
 * English words in a Mongolian page. The numeric keypad on phones; eight digits or four are read too.
 */
const TYPED_DATE = { type: "text", inputMode: "numeric", maxLength: 10, placeholder: "2026-12-31" } as const;
const TYPED_TIME = { type: "text", inputMode: "numeric", maxLength: 5, placeholder: "09:30" } as const;

/**
 * A date (or time) field for forms that do not use Conform: the format hint ("он-сар-өдөр") above
 * the input, which it describes. The caller renders the label (for `id`) and any help.
 */
export function TypedDateInput({
  id,
  name,
  kind = "date",
  defaultValue,
  describedBy,
  invalid,
  required,
  className = "field-input max-w-xs",
}: {
  id: string;
  name: string;
  kind?: "date" | "time";
  defaultValue?: string;
  describedBy?: string;
  invalid?: boolean;
  required?: boolean;
  className?: string;
}) {
  const { t } = useTranslation();
  const formatId = `${id}-format`;
  return (
    <>
      <span id={formatId} className="field-help">
        {kind === "date" ? t("dateInput.hint") : t("dateInput.timeHint")}
      </span>
      <input
        id={id}
        name={name}
        {...(kind === "date" ? TYPED_DATE : TYPED_TIME)}
        autoComplete="off"
        defaultValue={defaultValue}
        required={required}
        aria-invalid={invalid || undefined}
        aria-describedby={[describedBy, formatId].filter(Boolean).join(" ")}
        className={className}
      />
    </>
  );
}

/**
 * A file field that speaks the page's language: the native picker says "Choose file / No file
 * chosen" in the browser's. The input is visually hidden but still focusable and opens the picker
 * from the keyboard; the label beside it looks like a button. The chosen file's name shows with
 * JavaScript; without it a required field still says whether a file is chosen (`:valid`).
 */
export function FileInput({
  id,
  name,
  accept,
  required,
  describedBy,
}: {
  id: string;
  name: string;
  accept?: string;
  required?: boolean;
  describedBy?: string;
}) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string | null>(null);
  const [scripted, setScripted] = useState(false);
  return (
    <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-2">
      <input
        id={id}
        name={name}
        type="file"
        accept={accept}
        required={required}
        aria-describedby={describedBy}
        className="peer sr-only"
        onFocus={() => setScripted(true)}
        onChange={(e) => {
          setScripted(true);
          setChosen(e.currentTarget.files?.[0]?.name ?? null);
        }}
      />
      <label
        htmlFor={id}
        className="btn-secondary cursor-pointer peer-focus-visible:outline-3 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-[#f5a623]"
      >
        {t("fileInput.choose")}
      </label>
      {scripted ? (
        <span className="min-w-0 break-all text-sm text-slate-700" aria-live="polite">
          {chosen ? t("fileInput.chosen", { name: chosen }) : t("fileInput.none")}
        </span>
      ) : required ? (
        <>
          <span className="text-sm text-slate-700 peer-valid:hidden">{t("fileInput.none")}</span>
          <span className="hidden text-sm font-semibold text-success peer-valid:inline">✓ {t("fileInput.some")}</span>
        </>
      ) : null}
    </div>
  );
}
