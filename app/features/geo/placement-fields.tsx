// Aimag → sum → organisation pickers. Without JavaScript every option is listed, grouped by aimag;
// with it, the sum and organisation lists narrow to the chosen aimag.
import type { FieldMetadata } from "@conform-to/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { SelectField } from "~/components/form";

interface Options {
  aimags: { code: string; name: string }[];
  sums: { id: string; aimag: string; name: string }[];
  organisations: { id: string; aimag: string | null; name: string }[];
}

export function PlacementFields({
  options,
  fields,
}: {
  options: Options;
  fields: {
    aimagCode: FieldMetadata<any, any, string[]>;
    sumId: FieldMetadata<any, any, string[]>;
    organisationId: FieldMetadata<any, any, string[]>;
  };
}) {
  const { t } = useTranslation();
  const [aimag, setAimag] = useState<string>((fields.aimagCode.initialValue as string | undefined) ?? "");
  const aimags = aimag ? options.aimags.filter((a) => a.code === aimag) : options.aimags;
  const aimagName = new Map(options.aimags.map((a) => [a.code, a.name]));
  const national = options.organisations.filter((o) => !o.aimag);

  return (
    <>
      <SelectField meta={fields.aimagCode} label={t("fields.aimag")} onChange={setAimag}>
        <option value="">{t("form.choose")}</option>
        {options.aimags.map((a) => (
          <option key={a.code} value={a.code}>
            {a.name}
          </option>
        ))}
      </SelectField>
      <SelectField meta={fields.sumId} label={t("fields.sum")}>
        <option value="">{t("form.choose")}</option>
        {aimags.map((a) => (
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
      </SelectField>
      <SelectField meta={fields.organisationId} label={t("fields.organisation")} help={t("fields.organisationHelp")}>
        <option value="">{t("form.choose")}</option>
        {national.length ? (
          <optgroup label={t("admin.national")}>
            {national.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </optgroup>
        ) : null}
        {aimags.map((a) => (
          <optgroup key={a.code} label={aimagName.get(a.code)}>
            {options.organisations
              .filter((o) => o.aimag === a.code)
              .map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
          </optgroup>
        ))}
      </SelectField>
    </>
  );
}
