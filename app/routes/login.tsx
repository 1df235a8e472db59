import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { cacheControlHeaders, pageCacheControl } from "~/features/pages/cache-control";
import type { z } from "zod";
import { ErrorSummary, TextField } from "~/components/form";
import { authenticate, rememberDevice, startSession } from "~/features/auth/auth.server";
import { requireAnonymous } from "~/features/auth/guards.server";
import { safeRedirectPath } from "~/features/auth/safe-redirect";
import { readForm } from "~/features/forms/read-form.server";
import { LoginSchema } from "~/features/users/schemas";
import { getFixedT, profileLanguageCookie, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  await requireAnonymous(args);
  return json({ title: await titleFor(args.request, "login.title") }, { headers: { "Cache-Control": pageCacheControl(false) } });
}

export async function action(args: ActionFunctionArgs) {
  await requireAnonymous(args);
  const submission = parseWithZod(await readForm(args.request), { schema: LoginSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply({ hideFields: ["password"] }) }, { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const result = await authenticate(email, password, args.context.clientIp, args.request);
  if (!result.ok) {
    const t = await getFixedT(args.request);
    const limited = result.error === "rateLimited";
    const message = limited ? t("errors.rateLimited", { count: result.minutes }) : t("errors.invalidCredentials");
    return json(
      { result: submission.reply({ formErrors: [message], hideFields: ["password"] }) },
      { status: limited ? 429 : 400, headers: limited ? { "Retry-After": String(result.minutes * 60) } : undefined },
    );
  }
  const headers = new Headers();
  headers.append("Set-Cookie", await startSession(args.request, result.userId));
  headers.append("Set-Cookie", await rememberDevice(args.request, result.userId));
  const language = await profileLanguageCookie(args.request, result.locale);
  if (language) headers.append("Set-Cookie", language);
  return redirect(safeRedirectPath(redirectTo, "/"), { headers });
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof LoginSchema>>({ id: "login", lastResult: actionData?.result });
  return (
    <div className="mx-auto max-w-md">
      <h1 className="page-title">{t("login.title")}</h1>
      <p className="mt-2 text-slate-700">{t("login.lead")}</p>
      <Form method="post" {...getFormProps(form)} noValidate className="card mt-6">
        <ErrorSummary form={form} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? (fields.redirectTo.initialValue as string | undefined) ?? ""} />
        <TextField meta={fields.email} label={t("fields.email")} type="email" autoComplete="username" />
        <TextField meta={fields.password} label={t("fields.password")} type="password" autoComplete="current-password" />
        <button type="submit" className="btn-primary w-full sm:w-auto" disabled={navigation.state === "submitting"}>
          {t("login.submit")}
        </button>
        <p className="mt-6">
          {t("login.noAccount")} <Link to="/register">{t("login.registerLink")}</Link>
        </p>
        <p className="mt-2">
          <Link to="/forgot-password">{t("login.forgot")}</Link>
        </p>
      </Form>
    </div>
  );
}

export const headers = cacheControlHeaders;

export const meta = titleMeta;
