import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AimagFilter } from "~/components/aimag-filter";
import { FieldError } from "~/components/form";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { requireRole } from "~/features/auth/guards.server";
import { readForm } from "~/features/forms/read-form.server";
import { addSum, renameSumAudited } from "~/features/geo/admin.server";
import { findAimag, findSum, listAimags, listSums } from "~/features/geo/repository.server";
import { RenameSumSchema, SumSchema } from "~/features/geo/schemas";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  await requireRole(args, "admin");
  const lng = await getLanguage(args.request);
  const aimags = await listAimags();
  const requested = new URL(args.request.url).searchParams.get("aimag");
  const aimag = aimags.find((a) => a.code === requested) ?? aimags[0];
  const sums = await listSums(aimag.code);
  return json({
    title: await titleFor(args.request, "admin.sums"),
    aimag: aimag.code,
    aimags: aimags.map((a) => ({ code: a.code, name: lng === "en" ? a.name_en : a.name_mn })),
    sums: sums.map((s) => ({ id: s.id, nameMn: s.name_mn, nameEn: s.name_en, center: Boolean(s.is_center) })),
  });
}

export async function action(args: ActionFunctionArgs) {
  const admin = await requireRole(args, "admin");
  const formData = await readForm(args.request);
  const intent = formData.get("intent");
  if (intent === "add") {
    const submission = parseWithZod(formData, { schema: SumSchema });
    if (submission.status !== "success") return json({ id: "", values: Object.fromEntries(formData), errors: submission.error ?? {} }, { status: 400 });
    const v = submission.value;
    if (!(await findAimag(v.aimagCode)))
      return json({ id: "", values: Object.fromEntries(formData), errors: { aimagCode: ["errors.unknownAimag"] } }, { status: 400 });
    const id = await addSum(admin.id, { aimag_code: v.aimagCode, name_mn: v.nameMn, name_en: v.nameEn }, v);
    if (id === "duplicate") return json({ id: "", values: Object.fromEntries(formData), errors: { nameMn: ["errors.duplicateName"] } }, { status: 400 });
    return redirectWithFlash(`/admin/sums?aimag=${encodeURIComponent(v.aimagCode)}`, {
      key: "admin.sumAdded",
      kind: "success",
      params: { name: v.nameMn.slice(0, 200) },
    });
  }
  if (intent === "rename") {
    const submission = parseWithZod(formData, { schema: RenameSumSchema });
    const id = String(formData.get("sumId") ?? "");
    if (submission.status !== "success") return json({ id, values: Object.fromEntries(formData), errors: submission.error ?? {} }, { status: 400 });
    const sum = await findSum(submission.value.sumId);
    if (!sum) throw new Response("Not found", { status: 404 });
    if (!(await renameSumAudited(admin.id, sum, { name_mn: submission.value.nameMn, name_en: submission.value.nameEn }))) {
      return json({ id, values: Object.fromEntries(formData), errors: { nameMn: ["errors.duplicateName"] } }, { status: 400 });
    }
    return redirectWithFlash(`/admin/sums?aimag=${encodeURIComponent(sum.aimag_code)}`, { key: "admin.sumRenamed", kind: "success" });
  }
  return json({ id: "", values: {}, errors: { "": ["errors.invalidChoice"] } }, { status: 400 });
}

export default function Sums() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const addErrors = actionData && !actionData.id ? (actionData.errors as Record<string, string[]>) : {};
  const addValues = actionData && !actionData.id ? (actionData.values as Record<string, string>) : {};
  return (
    <>
      <h1 className="page-title">{t("admin.sums")}</h1>
      <AimagFilter aimags={data.aimags} value={data.aimag} />
      <ul className="mt-6 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
        {data.sums.map((s) => {
          const errors = actionData?.id === s.id ? (actionData.errors as Record<string, string[]>) : {};
          return (
            <li key={s.id} className="px-4 py-2">
              <details open={Boolean(actionData?.id === s.id)}>
                <summary className="flex min-h-11 cursor-pointer items-center justify-between gap-3">
                  <span>
                    <span className="font-semibold">{s.nameMn}</span> <span className="text-slate-600">/ {s.nameEn}</span>
                    {s.center ? <span className="ml-2 text-sm text-slate-600">({t("admin.center")})</span> : null}
                  </span>
                  <span className="shrink-0 text-sm text-primary underline">{t("admin.rename")}</span>
                </summary>
                <Form method="post" className="mb-2 grid gap-2 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
                  <input type="hidden" name="intent" value="rename" />
                  <input type="hidden" name="sumId" value={s.id} />
                  <div>
                    <label className="field-label" htmlFor={`mn-${s.id}`}>
                      {t("admin.nameMn")}
                    </label>
                    <input id={`mn-${s.id}`} name="nameMn" defaultValue={s.nameMn} className="field-input" />
                    <FieldError errors={errors.nameMn} />
                  </div>
                  <div>
                    <label className="field-label" htmlFor={`en-${s.id}`}>
                      {t("admin.nameEn")}
                    </label>
                    <input id={`en-${s.id}`} name="nameEn" defaultValue={s.nameEn} className="field-input" />
                    <FieldError errors={errors.nameEn} />
                  </div>
                  <button type="submit" className="btn-primary">
                    {t("form.save")}
                  </button>
                </Form>
              </details>
            </li>
          );
        })}
      </ul>
      <section className="card mt-8" aria-labelledby="add-sum">
        <h2 id="add-sum" className="mb-4 text-xl font-bold">
          {t("admin.addSum")}
        </h2>
        <Form method="post">
          <input type="hidden" name="intent" value="add" />
          {/* The aimag is chosen in the form itself, so a sum cannot land in an aimag other than the one shown. */}
          <label className="field-label" htmlFor="add-aimag">
            {t("fields.aimag")}
          </label>
          <select
            id="add-aimag"
            name="aimagCode"
            defaultValue={addValues.aimagCode ?? data.aimag}
            className="field-input mb-3"
            aria-invalid={addErrors.aimagCode ? true : undefined}
          >
            {data.aimags.map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </select>
          <FieldError errors={addErrors.aimagCode} />
          <label className="field-label" htmlFor="add-mn">
            {t("admin.nameMn")}
          </label>
          <input id="add-mn" name="nameMn" defaultValue={addValues.nameMn} className="field-input" />
          <FieldError errors={addErrors.nameMn} />
          <label className="field-label mt-3" htmlFor="add-en">
            {t("admin.nameEn")}
          </label>
          <input id="add-en" name="nameEn" defaultValue={addValues.nameEn} className="field-input" />
          <FieldError errors={addErrors.nameEn} />
          <button type="submit" className="btn-primary mt-4">
            {t("admin.addSum")}
          </button>
        </Form>
      </section>
    </>
  );
}

export const meta = titleMeta;
