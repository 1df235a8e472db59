// "Forgot password": a one-time link by e-mail (decision 031), and, for people who cannot use their
// e-mail, who to ask instead (their aimag coordinator or an administrator creates a link). What the
// page says comes from the action's data: a .server module's values do not reach the browser.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { ErrorSummary, TextField } from "~/components/form";
import { requestPasswordReset, SELF_RESET_MINUTES } from "~/features/auth/password-reset.server";
import { readForm } from "~/features/forms/read-form.server";
import { ForgotPasswordSchema } from "~/features/users/schemas";
import { getFixedT, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  return json({ title: await titleFor(args.request, "reset.forgotTitle") });
}

export async function action(args: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(args.request), { schema: ForgotPasswordSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), sentTo: null, minutes: SELF_RESET_MINUTES }, { status: 400 });
  const { email } = submission.value;
  const outcome = await requestPasswordReset({ email, ip: args.context.clientIp });
  if (!outcome.ok) {
    const t = await getFixedT(args.request);
    return json(
      { result: submission.reply({ formErrors: [t("forgot.throttled", { minutes: outcome.retryAfterMinutes })] }), sentTo: null, minutes: SELF_RESET_MINUTES },
      { status: 429, headers: { "Retry-After": String(outcome.retryAfterMinutes * 60) } },
    );
  }
  // the same answer whether or not the address has an account
  return json({ result: submission.reply({ resetForm: true }), sentTo: email, minutes: SELF_RESET_MINUTES });
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof ForgotPasswordSchema>>({ id: "forgot", lastResult: actionData?.result });
  return (
    <div className="mx-auto max-w-lg">
      <h1 className="page-title">{t("reset.forgotTitle")}</h1>
      {actionData?.sentTo ? (
        <p role="status" className="mt-6 rounded-md border-l-4 border-success bg-success-light px-4 py-3">
          {t("forgot.sent", { email: actionData.sentTo, minutes: actionData.minutes })}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} noValidate className="card mt-6">
        <p className="mb-4">{t("forgot.emailLead")}</p>
        <ErrorSummary form={form} />
        <TextField meta={fields.email} label={t("forgot.email")} type="email" autoComplete="username" />
        <button type="submit" className="btn-primary w-full sm:w-auto" disabled={navigation.state === "submitting"}>
          {t("forgot.send")}
        </button>
      </Form>
      <section className="card mt-6 space-y-3" aria-labelledby="no-email">
        <h2 id="no-email" className="text-lg font-bold">
          {t("forgot.noEmailTitle")}
        </h2>
        <p>{t("reset.forgotLead")}</p>
        <ol className="list-decimal space-y-2 pl-6">
          <li>{t("reset.forgotStep1")}</li>
          <li>{t("reset.forgotStep2")}</li>
          <li>{t("reset.forgotStep3")}</li>
        </ol>
      </section>
      <p className="mt-4">
        <Link to="/login">{t("reset.backToLogin")}</Link>
      </p>
    </div>
  );
}

export const meta = titleMeta;
