// Aimag → sum → organisation pickers. The sum and organisation lists show the chosen aimag's only;
// with no aimag chosen they list what they are given, grouped by aimag. A form that is given one
// aimag's lists at a time (registration) narrows them in steps: `afterAimag` holds its step button
// and `onAimagChange` fetches the next aimag's lists.
import type { FieldMetadata } from "@conform-to/react";
import { type ReactNode, useState } from "react";
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
  afterAimag,
  sumHelp,
  onAimagChange,
}: {
  options: Options;
  afterAimag?: ReactNode;
  sumHelp?: string;
  onAimagChange?: (aimagCode: string) => void;
  fields: {
    aimagCode: FieldMetadata<any, any, string[]>;
    sumId: FieldMetadata<any, any, string[]>;
    organisationId: FieldMetadata<any, any, string[]>;
  };
}) {
  const { t } = useTranslation();
  const [aimag, setAimag] = useState<string>((fields.aimagCode.initialValue as string | undefined) ?? "");
  const inAimag = <T extends { aimag: string | null }>(list: T[], code: string) => list.filter((item) => item.aimag === code);
  // groups with nothing in them are left out below (a form given one aimag's lists has no others)
  const aimags = aimag ? options.aimags.filter((a) => a.code === aimag) : options.aimags;
  const aimagName = new Map(options.aimags.map((a) => [a.code, a.name]));
  const national = options.organisations.filter((o) => !o.aimag);

  return (
    <>
      <SelectField
        meta={fields.aimagCode}
        label={t("fields.aimag")}
        onChange={(code) => {
          setAimag(code);
          onAimagChange?.(code);
        }}
      >
        <option value="">{t("form.choose")}</option>
        {options.aimags.map((a) => (
          <option key={a.code} value={a.code}>
            {a.name}
          </option>
        ))}
      </SelectField>
      {afterAimag}
      <SelectField meta={fields.sumId} label={t("fields.sum")} help={sumHelp}>
        <option value="">{t("form.choose")}</option>
        {aimags
          .filter((a) => inAimag(options.sums, a.code).length)
          .map((a) => (
            <optgroup key={a.code} label={a.name}>
              {inAimag(options.sums, a.code).map((s) => (
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
        {aimags
          .filter((a) => inAimag(options.organisations, a.code).length)
          .map((a) => (
            <optgroup key={a.code} label={aimagName.get(a.code)}>
              {inAimag(options.organisations, a.code).map((o) => (
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
