import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { cacheControlHeaders, pageCacheControl } from "~/features/pages/cache-control";
import type { z } from "zod";
import { ErrorSummary, TextField } from "~/components/form";
import { registerUser, startSession } from "~/features/auth/auth.server";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { requireAnonymous } from "~/features/auth/guards.server";
import { readForm } from "~/features/forms/read-form.server";
import { loadPlacementChoices } from "~/features/geo/options.server";
import { PlacementFields } from "~/features/geo/placement-fields";
import { checkPlacement } from "~/features/geo/repository.server";
import { RegisterSchema } from "~/features/users/schemas";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  await requireAnonymous(args);
  // `?aimag=` is how the page, with JavaScript, fetches the next aimag's lists
  const aimag = new URL(args.request.url).searchParams.get("aimag");
  return json(
    {
      options: await loadPlacementChoices(await getLanguage(args.request), aimag),
      title: await titleFor(args.request, "register.title"),
    },
    { headers: { "Cache-Control": pageCacheControl(false) } },
  );
}

export async function action(args: ActionFunctionArgs) {
  await requireAnonymous(args);
  const formData = await readForm(args.request);
  const lng = await getLanguage(args.request);
  const aimag = formData.get("aimagCode");
  const choices = () => loadPlacementChoices(lng, typeof aimag === "string" ? aimag : null);
  // a password is never sent back; the form says so when one was typed
  const passwordCleared = Boolean(formData.get("password"));
  const submission = parseWithZod(formData, { schema: RegisterSchema });
  if (submission.status !== "success") {
    // The first step ("show the sums", a validation of the aimag alone) and a form with mistakes
    // come back the same way: everything typed but the password, and the chosen aimag's lists.
    const step = submission.status === undefined;
    const result = submission.reply({ hideFields: ["password"] });
    if (step) result.error = result.error?.aimagCode ? { aimagCode: result.error.aimagCode } : undefined;
    return json({ result, options: await choices(), passwordCleared }, { status: step ? 200 : 400 });
  }
  const placementErrors = await checkPlacement(submission.value);
  if (Object.keys(placementErrors).length) {
    return json(
      { result: submission.reply({ fieldErrors: placementErrors, hideFields: ["password"] }), options: await choices(), passwordCleared },
      { status: 400 },
    );
  }
  const created = await registerUser(submission.value, lng);
  if (!created.ok) {
    return json(
      {
        result: submission.reply({ fieldErrors: { email: [`errors.${created.error}`] }, hideFields: ["password"] }),
        options: await choices(),
        passwordCleared,
      },
      { status: 400 },
    );
  }
  const cookie = await startSession(args.request, created.userId);
  return redirectWithFlash("/", { key: "register.welcome", kind: "success" }, { headers: { "Set-Cookie": cookie } });
}

/** False in the server's render and the browser's first one, true once the page runs its scripts. */
function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

export default function Register() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const aimagLists = useFetcher<typeof loader>();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const hydrated = useHydrated();
  const [form, fields] = useForm<z.input<typeof RegisterSchema>>({ id: "register", lastResult: actionData?.result, shouldRevalidate: "onBlur" });
  const [aimag, setAimag] = useState(String(fields.aimagCode.initialValue ?? ""));
  // the lists of the aimag now chosen: fetched with JavaScript, sent back by the step without it
  const options = [aimagLists.data?.options, actionData?.options, loaderData.options].find((o) => o?.aimagCode === aimag) ?? loaderData.options;

  return (
    <div className="mx-auto max-w-xl">
      <h1 className="page-title">{t("register.title")}</h1>
      <p className="mt-2 text-slate-700">{t("register.lead")}</p>
      <Form method="post" {...getFormProps(form)} noValidate className="card mt-6">
        {hydrated ? null : (
          // Enter in a field registers, as it would without the step button below: the first
          // submit button of a form is the one Enter presses
          <button type="submit" hidden tabIndex={-1}>
            {t("register.submit")}
          </button>
        )}
        <ErrorSummary form={form} />
        <fieldset>
          <legend className="mb-4 text-lg font-bold">{t("register.personal")}</legend>
          <TextField meta={fields.surname} label={t("fields.surname")} help={t("fields.surnameHelp")} autoComplete="family-name" />
          <TextField meta={fields.givenName} label={t("fields.givenName")} autoComplete="given-name" />
        </fieldset>
        <hr className="my-6 border-slate-200" />
        <fieldset>
          <legend className="mb-4 text-lg font-bold">{t("register.work")}</legend>
          <TextField meta={fields.position} label={t("fields.position")} help={t("fields.positionHelp")} autoComplete="organization-title" />
          <PlacementFields
            options={options}
            fields={fields}
            onAimagChange={(code) => {
              setAimag(code);
              if (code) aimagLists.load(`/register?aimag=${encodeURIComponent(code)}`);
            }}
            sumHelp={options.aimagCode ? undefined : t(hydrated ? "register.sumAfterAimag" : "register.sumAfterStep")}
            afterAimag={
              hydrated ? null : (
                <p id="placement-step" className="-mt-2 mb-5 scroll-mt-28">
                  {/* the page that comes back opens here, at the sums */}
                  <button
                    {...form.validate.getButtonProps({ name: fields.aimagCode.name })}
                    formAction="/register#placement-step"
                    className="btn-secondary w-full sm:w-auto"
                  >
                    {t("register.showSums")}
                  </button>
                </p>
              )
            }
          />
        </fieldset>
        <hr className="my-6 border-slate-200" />
        <fieldset>
          <legend className="mb-4 text-lg font-bold">{t("register.signIn")}</legend>
          <TextField meta={fields.email} label={t("fields.email")} help={t("fields.emailHelp")} type="email" autoComplete="email" />
          <TextField
            meta={fields.password}
            label={t("fields.password")}
            help={actionData?.passwordCleared ? `${t("register.passwordAgain")} ${t("fields.passwordHelp")}` : t("fields.passwordHelp")}
            type="password"
            autoComplete="new-password"
          />
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
