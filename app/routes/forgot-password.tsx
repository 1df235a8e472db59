// Erdem sends no e-mail. A learner who has forgotten their password is told whom to ask: their
// aimag coordinator or an administrator creates a one-time link on the learner's page.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  return json({ title: await titleFor(args.request, "reset.forgotTitle") });
}

export default function ForgotPassword() {
  const { t } = useTranslation();
  return (
    <div className="mx-auto max-w-lg">
      <h1 className="page-title">{t("reset.forgotTitle")}</h1>
      <div className="card mt-6 space-y-3">
        <p>{t("reset.forgotLead")}</p>
        <ol className="list-decimal space-y-2 pl-6">
          <li>{t("reset.forgotStep1")}</li>
          <li>{t("reset.forgotStep2")}</li>
          <li>{t("reset.forgotStep3")}</li>
        </ol>
      </div>
      <p className="mt-4">
        <Link to="/login">{t("reset.backToLogin")}</Link>
      </p>
    </div>
  );
}

export const meta = titleMeta;
