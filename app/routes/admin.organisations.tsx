import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AimagFilter } from "~/components/aimag-filter";
import { FieldError } from "~/components/form";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { requireRole } from "~/features/auth/guards.server";
import { readForm } from "~/features/forms/read-form.server";
import { addOrganisation, changeOrganisation } from "~/features/geo/admin.server";
import { findAimag, findOrganisation, listAimags, listOrganisations } from "~/features/geo/repository.server";
import { OrganisationSchema } from "~/features/geo/schemas";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";
import { ORGANISATION_KINDS, type OrganisationKind } from "../../db/schema";

export async function loader(args: LoaderFunctionArgs) {
  await requireRole(args, "admin");
  const lng = await getLanguage(args.request);
  const aimag = new URL(args.request.url).searchParams.get("aimag") || "";
  const [aimags, orgs] = await Promise.all([listAimags(), listOrganisations({ includeArchived: true })]);
  const pick = (r: { name_mn: string; name_en: string }) => (lng === "en" ? r.name_en : r.name_mn);
  return json({
    title: await titleFor(args.request, "admin.organisations"),
    aimag,
    aimags: aimags.map((a) => ({ code: a.code, name: pick(a) })),
    organisations: orgs
      .filter((o) => (aimag ? o.aimag_code === aimag : o.aimag_code === null))
      .map((o) => ({ id: o.id, nameMn: o.name_mn, nameEn: o.name_en, kind: o.kind, archived: Boolean(o.archived) })),
  });
}

export async function action(args: ActionFunctionArgs) {
  const admin = await requireRole(args, "admin");
  const formData = await readForm(args.request);
  const intent = formData.get("intent");
  const back = `/admin/organisations${formData.get("aimagCode") ? `?aimag=${encodeURIComponent(String(formData.get("aimagCode")))}` : ""}`;
  if (intent === "add" || intent === "save") {
    const submission = parseWithZod(formData, { schema: OrganisationSchema });
    const id = String(formData.get("id") ?? "");
    if (submission.status !== "success") return json({ id, values: Object.fromEntries(formData), errors: submission.error ?? {} }, { status: 400 });
    const v = submission.value;
    if (v.aimagCode && !(await findAimag(v.aimagCode))) {
      return json({ id, values: Object.fromEntries(formData), errors: { aimagCode: ["errors.unknownAimag"] } }, { status: 400 });
    }
    if (intent === "add") {
      await addOrganisation(admin.id, { name_mn: v.nameMn, name_en: v.nameEn, kind: v.kind as OrganisationKind, aimag_code: v.aimagCode || null }, v);
      return redirectWithFlash(back, { key: "admin.organisationAdded", kind: "success" });
    }
    if (!(await findOrganisation(id))) throw new Response("Not found", { status: 404 });
    await changeOrganisation(admin.id, id, "update", { name_mn: v.nameMn, name_en: v.nameEn, kind: v.kind as OrganisationKind }, v);
    return redirectWithFlash(back, { key: "admin.organisationSaved", kind: "success" });
  }
  if (intent === "archive" || intent === "unarchive") {
    const id = String(formData.get("id") ?? "");
    if (!(await findOrganisation(id))) throw new Response("Not found", { status: 404 });
    await changeOrganisation(admin.id, id, intent, { archived: intent === "archive" ? 1 : 0 });
    return redirectWithFlash(back, { key: "admin.organisationSaved", kind: "success" });
  }
  return json({ id: "", values: {}, errors: { "": ["errors.invalidChoice"] } }, { status: 400 });
}

export default function Organisations() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const addErrors = actionData && !actionData.id ? (actionData.errors as Record<string, string[]>) : {};
  const addValues = actionData && !actionData.id ? (actionData.values as Record<string, string>) : {};
  return (
    <>
      <h1 className="page-title">{t("admin.organisations")}</h1>
      <AimagFilter aimags={data.aimags} value={data.aimag} emptyLabel={t("admin.national")} />

      <ul className="mt-6 space-y-3">
        {data.organisations.map((o) => {
          const errors = actionData?.id === o.id ? (actionData.errors as Record<string, string[]>) : {};
          return (
            <li key={o.id} className={`card ${o.archived ? "opacity-70" : ""}`}>
              <details>
                <summary className="flex min-h-11 cursor-pointer items-center justify-between gap-2">
                  <span className="font-semibold">
                    {o.nameMn}
                    <span className="block text-sm font-normal text-slate-600">
                      {o.nameEn} · {t(`orgKinds.${o.kind}`)} {o.archived ? `· ${t("admin.archived")}` : ""}
                    </span>
                  </span>
                  <span className="shrink-0 text-sm text-primary underline">{t("admin.edit")}</span>
                </summary>
                <Form method="post" className="mt-3">
                  <input type="hidden" name="id" value={o.id} />
                  <input type="hidden" name="aimagCode" value={data.aimag} />
                  <label className="field-label" htmlFor={`mn-${o.id}`}>
                    {t("admin.nameMn")}
                  </label>
                  <input id={`mn-${o.id}`} name="nameMn" defaultValue={o.nameMn} className="field-input" />
                  <FieldError errors={errors.nameMn} />
                  <label className="field-label mt-3" htmlFor={`en-${o.id}`}>
                    {t("admin.nameEn")}
                  </label>
                  <input id={`en-${o.id}`} name="nameEn" defaultValue={o.nameEn} className="field-input" />
                  <FieldError errors={errors.nameEn} />
                  <label className="field-label mt-3" htmlFor={`kind-${o.id}`}>
                    {t("admin.kind")}
                  </label>
                  <select id={`kind-${o.id}`} name="kind" defaultValue={o.kind} className="field-input">
                    {ORGANISATION_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {t(`orgKinds.${k}`)}
                      </option>
                    ))}
                  </select>
                  <div className="mt-4 flex flex-wrap gap-3">
                    <button type="submit" name="intent" value="save" className="btn-primary">
                      {t("form.save")}
                    </button>
                    <button type="submit" name="intent" value={o.archived ? "unarchive" : "archive"} className="btn-secondary">
                      {o.archived ? t("admin.unarchive") : t("admin.archive")}
                    </button>
                  </div>
                </Form>
              </details>
            </li>
          );
        })}
      </ul>

      <section className="card mt-8" aria-labelledby="add-org">
        <h2 id="add-org" className="mb-4 text-xl font-bold">
          {t("admin.addOrganisation")}
        </h2>
        <Form method="post">
          <input type="hidden" name="intent" value="add" />
          <label className="field-label" htmlFor="add-mn">
            {t("admin.nameMn")}
          </label>
          <input id="add-mn" name="nameMn" defaultValue={addValues.nameMn} className="field-input" aria-invalid={addErrors.nameMn ? true : undefined} />
          <FieldError errors={addErrors.nameMn} />
          <label className="field-label mt-3" htmlFor="add-en">
            {t("admin.nameEn")}
          </label>
          <input id="add-en" name="nameEn" defaultValue={addValues.nameEn} className="field-input" aria-invalid={addErrors.nameEn ? true : undefined} />
          <FieldError errors={addErrors.nameEn} />
          <label className="field-label mt-3" htmlFor="add-kind">
            {t("admin.kind")}
          </label>
          <select id="add-kind" name="kind" defaultValue={addValues.kind ?? "agency"} className="field-input">
            {ORGANISATION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`orgKinds.${k}`)}
              </option>
            ))}
          </select>
          <label className="field-label mt-3" htmlFor="add-aimag">
            {t("fields.aimag")}
          </label>
          <select id="add-aimag" name="aimagCode" defaultValue={addValues.aimagCode ?? data.aimag} className="field-input">
            <option value="">{t("admin.national")}</option>
            {data.aimags.map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </select>
          <FieldError errors={addErrors.aimagCode} />
          <button type="submit" className="btn-primary mt-4">
            {t("admin.addOrganisation")}
          </button>
        </Form>
      </section>
    </>
  );
}

export const meta = titleMeta;
