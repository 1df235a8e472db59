// The paper certificate search (serial + surname), on the verification page and on the page for an
// unknown code. It posts to /verify, which redirects to the certificate or answers with the form again.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function CertificateSearchForm({ error, values, heading }: { error?: string; values?: { serial: string; surname: string }; heading?: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post" action="/verify?index" className="card mt-6" aria-labelledby={heading ? "certificate-search" : undefined}>
      {heading ? (
        <h2 id="certificate-search" className="mb-4 text-xl font-bold">
          {heading}
        </h2>
      ) : null}
      <input type="hidden" name="intent" value="search" />
      {error ? (
        <p role="alert" className="mb-4 rounded-md border-l-4 border-danger bg-danger-light px-4 py-3 font-semibold text-danger">
          {t(error)}
        </p>
      ) : null}
      <div className="mb-4">
        <label htmlFor="serial" className="field-label">
          {t("verify.serial")}
        </label>
        <span id="serial-help" className="field-help">
          {t("verify.serialHelp")}
        </span>
        <input
          id="serial"
          name="serial"
          required
          aria-describedby="serial-help"
          defaultValue={values?.serial}
          className="field-input font-mono uppercase"
          autoComplete="off"
        />
      </div>
      <div className="mb-4">
        <label htmlFor="surname" className="field-label">
          {t("verify.surname")}
        </label>
        <input id="surname" name="surname" required defaultValue={values?.surname} className="field-input" autoComplete="off" />
      </div>
      <button type="submit" className="btn-primary">
        {t("verify.search")}
      </button>
    </Form>
  );
}
