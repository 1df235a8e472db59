// Setting a new password from a one-time link an administrator or coordinator handed over.

import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { ErrorSummary, TextField } from "~/components/form";
import { clearSessionCookie } from "~/features/auth/cookie.server";
import { redirectWithFlash } from "~/features/auth/flash.server";
import { findResetLink, useResetLink } from "~/features/auth/password-reset.server";
import { readForm } from "~/features/forms/read-form.server";
import { ResetPasswordSchema } from "~/features/users/schemas";
import { titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const link = await findResetLink(args.params.token ?? "");
  return json({ title: await titleFor(args.request, "reset.title"), email: link?.email ?? null });
}

// The token is in the URL: no cache keeps the page. (The referrer policy stays the site's own: with
// "no-referrer" browsers would send "Origin: null" on the form post, which the CSRF check refuses.)
export const headers = () => ({ "Cache-Control": "no-store" });

export async function action(args: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(args.request), { schema: ResetPasswordSchema });
  const hidden = { hideFields: ["newPassword", "confirmPassword"] };
  if (submission.status !== "success") return json({ result: submission.reply(hidden), spent: false }, { status: 400 });
  const used = await useResetLink(args.params.token ?? "", submission.value.newPassword);
  if (!used.ok) return json({ result: submission.reply(hidden), spent: true }, { status: 410 });
  return redirectWithFlash("/login", { key: "reset.done", kind: "success" }, { headers: { "Set-Cookie": await clearSessionCookie() } });
}

export default function ResetPassword() {
  const { email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm<z.input<typeof ResetPasswordSchema>>({ id: "reset", lastResult: actionData?.result });
  if (!email || actionData?.spent) {
    return (
      <div className="mx-auto max-w-lg">
        <h1 className="page-title">{t("reset.title")}</h1>
        <p role="alert" className="card mt-6">
          {t("reset.invalid")}
        </p>
        <p className="mt-4">
          <Link to="/forgot-password">{t("reset.askAgain")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-lg">
      <h1 className="page-title">{t("reset.title")}</h1>
      <p className="mt-2 text-slate-700">{t("reset.lead", { email })}</p>
      <Form method="post" {...getFormProps(form)} noValidate className="card mt-6">
        <ErrorSummary form={form} />
        {/* lets password managers store the new password under the right account */}
        <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
        <TextField meta={fields.newPassword} label={t("fields.newPassword")} help={t("fields.passwordHelp")} type="password" autoComplete="new-password" />
        <TextField meta={fields.confirmPassword} label={t("fields.confirmPassword")} type="password" autoComplete="new-password" />
        <button type="submit" className="btn-primary">
          {t("reset.submit")}
        </button>
      </Form>
    </div>
  );
}

export const meta = titleMeta;
