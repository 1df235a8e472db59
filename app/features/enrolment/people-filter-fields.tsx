// The fields that choose people by place, organisation and role: assigning a course and
// registering for a training event both pick people this way.
import { useTranslation } from "react-i18next";
import { FilterSelect } from "~/components/list-controls";
import { ROLES } from "../../../db/schema";

export interface PeopleFilterChoices {
  aimags: { code: string; name: string }[];
  sums: { id: string; aimag: string; name: string }[];
  organisations: { id: string; name: string }[];
  isAdmin: boolean;
}

export function PeopleFilterFields({ choices, kept }: { choices: PeopleFilterChoices; kept: Record<string, string | undefined> }) {
  const { t } = useTranslation();
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <FilterSelect
        id="f-aimag"
        name="aimag"
        label={t("fields.aimag")}
        value={kept.aimag ?? ""}
        emptyLabel={choices.isAdmin ? t("admin.allAimags") : undefined}
        options={choices.aimags.map((x) => ({ value: x.code, label: x.name }))}
      />
      <div>
        <label className="field-label" htmlFor="f-sum">
          {t("fields.sum")}
        </label>
        <select id="f-sum" name="sum" className="field-input" defaultValue={kept.sum ?? ""}>
          <option value="">{t("assign.anySum")}</option>
          {choices.aimags.map((ai) => (
            <optgroup key={ai.code} label={ai.name}>
              {choices.sums
                .filter((s) => s.aimag === ai.code)
                .map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </div>
      <FilterSelect
        id="f-org"
        name="organisation"
        label={t("fields.organisation")}
        value={kept.organisation ?? ""}
        emptyLabel={t("assign.anyOrganisation")}
        options={choices.organisations.map((o) => ({ value: o.id, label: o.name }))}
      />
      <FilterSelect
        id="f-role"
        name="role"
        label={t("assign.role")}
        value={kept.role ?? ""}
        emptyLabel={t("assign.anyRole")}
        options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
      />
    </div>
  );
}
