// The one form for creating and editing a training event. Works without JavaScript: every sum is
// listed, grouped by aimag; with it, the sum list narrows to the chosen aimag.
import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { FieldError, TypedDateInput } from "~/components/form";
import { EVENT_AUDIENCES } from "../../../db/schema";
import type { EventFormValues, FieldErrors } from "./schemas";

interface Options {
  aimags: { code: string; name: string }[];
  sums: { id: string; aimag: string; name: string }[];
  campaigns: { id: string; title: string }[];
  courses: { slug: string; title: string }[];
  trainers: { id: string; name: string; email: string }[];
}

function Optional() {
  const { t } = useTranslation();
  return <span className="font-normal text-slate-600"> ({t("form.optional")})</span>;
}

function describedBy(errors: FieldErrors, name: string, help?: string) {
  const ids = [help, errors[name]?.length ? `${name}-error` : undefined].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function Err({ errors, name }: { errors: FieldErrors; name: string }) {
  return errors[name]?.length ? (
    <span id={`${name}-error`}>
      <FieldError errors={errors[name]} />
    </span>
  ) : null;
}

export function EventForm({ values, errors, options, submitLabel }: { values: EventFormValues; errors: FieldErrors; options: Options; submitLabel: string }) {
  const { t } = useTranslation();
  const [aimag, setAimag] = useState(values.aimagCode);
  // after hydration the sum list narrows to the chosen aimag; without JavaScript it lists them all
  const [scripted, setScripted] = useState(false);
  useEffect(() => setScripted(true), []);
  const invalid = (name: string) => (errors[name]?.length ? true : undefined);
  const text = (name: "titleMn" | "titleEn" | "venue", label: string, help?: string) => (
    <div className="mb-5">
      <label htmlFor={name} className="field-label">
        {label}
      </label>
      {help ? (
        <span id={`${name}-help`} className="field-help">
          {help}
        </span>
      ) : null}
      <input
        id={name}
        name={name}
        type="text"
        required
        maxLength={name === "venue" ? 500 : 300}
        defaultValue={values[name]}
        aria-invalid={invalid(name)}
        aria-describedby={describedBy(errors, name, help ? `${name}-help` : undefined)}
        className="field-input"
      />
      <Err errors={errors} name={name} />
    </div>
  );
  const number = (name: "capacity" | "thresholdPercent", label: string, help: string, min: number, max: number) => (
    <div className="mb-5">
      <label htmlFor={name} className="field-label">
        {label}
      </label>
      <span id={`${name}-help`} className="field-help">
        {help}
      </span>
      <input
        id={name}
        name={name}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        required
        defaultValue={values[name]}
        aria-invalid={invalid(name)}
        aria-describedby={describedBy(errors, name, `${name}-help`)}
        className="field-input max-w-40"
      />
      <Err errors={errors} name={name} />
    </div>
  );
  const formErrors = Object.entries(errors).filter(([, v]) => v?.length);
  return (
    <Form method="post" noValidate className="card mt-6">
      {formErrors.length ? (
        <div role="alert" className="mb-6 rounded-md border-l-4 border-danger bg-danger-light px-4 py-3 text-danger">
          {errors[""]?.length ? <p className="font-semibold">{errors[""].map((e) => t(e)).join(" ")}</p> : null}
          <p className="font-semibold">{t("form.errorSummary", { count: formErrors.filter(([k]) => k !== "").length })}</p>
        </div>
      ) : null}
      <input type="hidden" name="intent" value="save" />
      <fieldset className="mb-2">
        <legend className="mb-3 text-xl font-bold">{t("eventPlan.form.about")}</legend>
        {text("titleMn", t("eventPlan.form.titleMn"))}
        {text("titleEn", t("eventPlan.form.titleEn"))}
        <div className="mb-5">
          <label htmlFor="campaignId" className="field-label">
            {t("events.campaign")}
            <Optional />
          </label>
          <select
            id="campaignId"
            name="campaignId"
            defaultValue={values.campaignId}
            aria-invalid={invalid("campaignId")}
            aria-describedby={describedBy(errors, "campaignId")}
            className="field-input"
          >
            <option value="">{t("eventPlan.form.noCampaign")}</option>
            {options.campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
          <Err errors={errors} name="campaignId" />
        </div>
      </fieldset>

      <fieldset className="mb-2">
        <legend className="mb-3 text-xl font-bold">{t("eventPlan.form.where")}</legend>
        <div className="mb-5">
          <label htmlFor="aimagCode" className="field-label">
            {t("fields.aimag")}
          </label>
          <select
            id="aimagCode"
            name="aimagCode"
            required
            defaultValue={values.aimagCode}
            onChange={(e) => setAimag(e.currentTarget.value)}
            aria-invalid={invalid("aimagCode")}
            aria-describedby={describedBy(errors, "aimagCode")}
            className="field-input"
          >
            {options.aimags.length > 1 ? <option value="">{t("eventPlan.form.chooseAimag")}</option> : null}
            {options.aimags.map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </select>
          <Err errors={errors} name="aimagCode" />
        </div>
        <div className="mb-5">
          <label htmlFor="sumId" className="field-label">
            {t("fields.sum")}
            <Optional />
          </label>
          <select
            id="sumId"
            name="sumId"
            defaultValue={values.sumId}
            aria-invalid={invalid("sumId")}
            aria-describedby={describedBy(errors, "sumId")}
            className="field-input"
          >
            <option value="">{t("eventPlan.form.noSum")}</option>
            {options.aimags
              .filter((a) => !scripted || !aimag || a.code === aimag)
              .map((a) => (
                <optgroup key={a.code} label={a.name}>
                  {options.sums
                    .filter((s) => s.aimag === a.code)
                    .map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}
                      </option>
                    ))}
                </optgroup>
              ))}
          </select>
          <Err errors={errors} name="sumId" />
        </div>
        {text("venue", t("eventPlan.form.venue"), t("eventPlan.form.venueHelp"))}
      </fieldset>

      <fieldset className="mb-5" aria-describedby={describedBy(errors, "audience")}>
        <legend className="field-label">{t("eventPlan.form.audience")}</legend>
        <div className="grid gap-1 sm:grid-cols-2">
          {EVENT_AUDIENCES.map((a) => (
            <label key={a} className="flex min-h-11 items-center gap-3">
              <input type="checkbox" name="audience" value={a} defaultChecked={values.audience.includes(a)} className="size-5 shrink-0" />
              {t(`events.audience.${a}`)}
            </label>
          ))}
        </div>
        <Err errors={errors} name="audience" />
      </fieldset>

      <div className="grid gap-x-6 sm:grid-cols-2">
        {number("capacity", t("eventPlan.form.capacity"), t("eventPlan.form.capacityHelp"), 1, 1000)}
        {number("thresholdPercent", t("eventPlan.form.threshold"), t("eventPlan.form.thresholdHelp"), 1, 100)}
      </div>

      <fieldset className="mb-5" aria-describedby={describedBy(errors, "courses")}>
        <legend className="field-label">
          {t("eventPlan.form.courses")}
          <Optional />
        </legend>
        <div className="grid gap-1">
          {options.courses.map((c) => (
            <label key={c.slug} className="flex min-h-11 items-center gap-3">
              <input type="checkbox" name="courses" value={c.slug} defaultChecked={values.courses.includes(c.slug)} className="size-5 shrink-0" />
              {c.title}
            </label>
          ))}
        </div>
        <Err errors={errors} name="courses" />
      </fieldset>

      <fieldset className="mb-5" aria-describedby={describedBy(errors, "trainers")}>
        <legend className="field-label">
          {t("eventPlan.form.trainers")}
          <Optional />
        </legend>
        {options.trainers.length ? (
          <div className="grid gap-1 sm:grid-cols-2">
            {options.trainers.map((tr) => (
              <label key={tr.id} className="flex min-h-11 items-center gap-3">
                <input type="checkbox" name="trainers" value={tr.id} defaultChecked={values.trainers.includes(tr.id)} className="size-5 shrink-0" />
                <span>
                  {tr.name} <span className="block text-sm break-all text-slate-600">{tr.email}</span>
                </span>
              </label>
            ))}
          </div>
        ) : (
          <p className="text-slate-700">{t("eventPlan.form.noTrainers")}</p>
        )}
        <Err errors={errors} name="trainers" />
      </fieldset>

      <fieldset className="mb-6">
        <legend className="mb-1 text-xl font-bold">{t("eventPlan.form.sessions")}</legend>
        <p className="field-help mb-3">{t("eventPlan.form.sessionsHelp")}</p>
        <Err errors={errors} name="sessions" />
        <ol className="space-y-4">
          {values.sessions.map((s, i) => {
            const n = `sessions[${i}]`;
            const field = (key: "date" | "start" | "end", type: "date" | "time", label: string, className = "") => {
              const name = `${n}.${key}`;
              const id = `s${i}-${key}`;
              return (
                <div className={className}>
                  <label htmlFor={id} className="field-label">
                    {label}
                  </label>
                  <TypedDateInput
                    id={id}
                    name={name}
                    kind={type}
                    defaultValue={s[key]}
                    invalid={invalid(name)}
                    describedBy={errors[name]?.length ? `${name}-error` : undefined}
                    className="field-input"
                  />
                  <Err errors={errors} name={name} />
                </div>
              );
            };
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions in the form, their fields named by index
              <li key={i} className="rounded-md border border-slate-200 p-3">
                <fieldset>
                  <legend className="font-semibold">{t("eventPlan.form.sessionN", { n: i + 1 })}</legend>
                  {s.id ? <input type="hidden" name={`${n}.id`} value={s.id} /> : null}
                  <div className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-3">
                    {field("date", "date", t("eventPlan.form.date"), "col-span-2 sm:col-span-1")}
                    {field("start", "time", t("eventPlan.form.start"))}
                    {field("end", "time", t("eventPlan.form.end"))}
                  </div>
                  <label className="mt-2 flex min-h-11 items-center gap-3">
                    <input type="checkbox" name={`${n}.selfCheckIn`} defaultChecked={s.selfCheckIn} className="size-5 shrink-0" />
                    {t("eventPlan.form.selfCheckIn")}
                  </label>
                </fieldset>
              </li>
            );
          })}
        </ol>
      </fieldset>
      <button type="submit" className="btn-primary">
        {submitLabel}
      </button>
    </Form>
  );
}
