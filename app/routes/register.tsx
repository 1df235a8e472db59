import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { cacheControlHeaders, pageCacheControl } from "~/features/pages/cache-control";
import type { z } from "zod";
import { ErrorSummary, TextField } from "~/components/form";
import { registerUser, startSession } from "~/features/auth/auth.server";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { requireAnonymous } from "~/features/auth/guards.server";
import { readForm } from "~/features/forms/read-form.server";
import { loadPlacementOptions } from "~/features/geo/options.server";
import { PlacementFields } from "~/features/geo/placement-fields";
import { checkPlacement } from "~/features/geo/repository.server";
import { RegisterSchema } from "~/features/users/schemas";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  await requireAnonymous(args);
  return json(
    {
      options: await loadPlacementOptions(await getLanguage(args.request)),
      title: await titleFor(args.request, "register.title"),
    },
    { headers: { "Cache-Control": pageCacheControl(false) } },
  );
}

export async function action(args: ActionFunctionArgs) {
  await requireAnonymous(args);
  const formData = await readForm(args.request);
  const submission = parseWithZod(formData, { schema: RegisterSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  const placementErrors = await checkPlacement(submission.value);
  if (Object.keys(placementErrors).length) {
    return json({ result: submission.reply({ fieldErrors: placementErrors, hideFields: ["password"] }) }, { status: 400 });
  }
  const created = await registerUser(submission.value, await getLanguage(args.request));
  if (!created.ok) {
    return json({ result: submission.reply({ fieldErrors: { email: [`errors.${created.error}`] }, hideFields: ["password"] }) }, { status: 400 });
  }
  const cookie = await startSession(args.request, created.userId);
  return redirectWithFlash("/", { key: "register.welcome", kind: "success" }, { headers: { "Set-Cookie": cookie } });
}

export default function Register() {
  const { options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof RegisterSchema>>({ id: "register", lastResult: actionData?.result, shouldRevalidate: "onBlur" });

  return (
    <div className="mx-auto max-w-xl">
      <h1 className="page-title">{t("register.title")}</h1>
      <p className="mt-2 text-slate-700">{t("register.lead")}</p>
      <Form method="post" {...getFormProps(form)} noValidate className="card mt-6">
        <ErrorSummary form={form} />
        <fieldset>
          <legend className="mb-4 text-lg font-bold">{t("register.personal")}</legend>
          <TextField meta={fields.surname} label={t("fields.surname")} help={t("fields.surnameHelp")} autoComplete="family-name" />
          <TextField meta={fields.givenName} label={t("fields.givenName")} autoComplete="given-name" />
          <TextField meta={fields.email} label={t("fields.email")} help={t("fields.emailHelp")} type="email" autoComplete="email" />
          <TextField meta={fields.password} label={t("fields.password")} help={t("fields.passwordHelp")} type="password" autoComplete="new-password" />
        </fieldset>
        <hr className="my-6 border-slate-200" />
        <fieldset>
          <legend className="mb-4 text-lg font-bold">{t("register.work")}</legend>
          <TextField meta={fields.position} label={t("fields.position")} help={t("fields.positionHelp")} autoComplete="organization-title" />
          <PlacementFields options={options} fields={fields} />
        </fieldset>
        <button type="submit" className="btn-primary mt-2 w-full sm:w-auto" disabled={navigation.state === "submitting"}>
          {t("register.submit")}
        </button>
        <p className="mt-6">
          {t("register.haveAccount")} <Link to="/login">{t("register.loginLink")}</Link>
        </p>
      </Form>
    </div>
  );
}

export const headers = cacheControlHeaders;

export const meta = titleMeta;
