// Verification for people holding paper (serial + surname) or a digital credential file.
import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { allowVerifyLookup } from "~/features/auth/rate-limit.server";
import { BadgeNotConfigured, verifyCredentialJwt } from "~/features/certificates/badge.server";
import { FileInput } from "~/components/form";
import { CertificateSearchForm } from "~/features/certificates/certificate-search-form";
import { type CertificateState, findCertificateBySerialAndSurname } from "~/features/certificates/certificates.server";
import { titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  return json({ title: await titleFor(args.request, "verify.title") });
}

type Result =
  | { intent: "search"; error: string; values: { serial: string; surname: string } }
  | { intent: "upload"; ok: false; error: string }
  | { intent: "upload"; ok: true; code: string; state: CertificateState };

export async function action(args: ActionFunctionArgs) {
  if (!(await allowVerifyLookup(args.context.clientIp))) {
    return json<Result>({ intent: "search", error: "verify.rateLimited", values: { serial: "", surname: "" } }, { status: 429 });
  }
  let form: FormData;
  try {
    form = (args.request.headers.get("Content-Type") ?? "").includes("multipart/form-data")
      ? await unstable_parseMultipartFormData(args.request, unstable_createMemoryUploadHandler({ maxPartSize: 100_000 }))
      : await args.request.formData();
  } catch {
    return json<Result>({ intent: "upload", ok: false, error: "verify.bad_malformed" }, { status: 400 });
  }
  if (form.get("intent") === "upload") {
    const file = form.get("credential");
    const text = file instanceof File ? await file.text() : String(form.get("jwt") ?? "");
    // A JSON wrapper ({"jwt": "..."} or a quoted string) is accepted as well as the bare token.
    const token =
      text
        .trim()
        .replace(/^"|"$/g, "")
        .match(/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/)?.[0] ?? "";
    try {
      const check = await verifyCredentialJwt(token);
      if (!check.ok) return json<Result>({ intent: "upload", ok: false, error: `verify.bad_${check.reason}` }, { status: 400 });
      return json<Result>({ intent: "upload", ok: true, code: check.code, state: check.state });
    } catch (e) {
      if (e instanceof BadgeNotConfigured) return json<Result>({ intent: "upload", ok: false, error: "verify.bad_unknown" }, { status: 503 });
      throw e;
    }
  }
  const serial = String(form.get("serial") ?? "")
    .trim()
    .slice(0, 40);
  const surname = String(form.get("surname") ?? "")
    .trim()
    .slice(0, 100);
  const cert = serial && surname ? await findCertificateBySerialAndSurname(serial, surname) : undefined;
  if (!cert) return json<Result>({ intent: "search", error: "verify.notFound", values: { serial, surname } }, { status: 404 });
  return redirect(`/verify/${cert.code}`);
}

/** A genuine signature on a revoked or expired certificate is not a success: the colour follows the state. */
const UPLOAD_RESULT = {
  valid: { style: "border-success bg-success-light text-success", lead: "verify.signatureOk", role: "status" },
  expired: { style: "border-warning bg-warning-light text-warning", lead: "verify.signatureOkButExpired", role: "alert" },
  revoked: { style: "border-danger bg-danger-light text-danger", lead: "verify.signatureOkButRevoked", role: "alert" },
} as const;

export default function Verify() {
  const r = useActionData<typeof action>() as Result | undefined;
  const { t } = useTranslation();
  const search = r?.intent === "search" ? r : undefined;
  const upload = r?.intent === "upload" ? r : undefined;
  return (
    <div className="mx-auto max-w-2xl">
      <h1 className="page-title">{t("verify.title")}</h1>
      <p className="mt-2 text-slate-700">{t("verify.lead")}</p>
      <CertificateSearchForm error={search?.error} values={search?.values} />
      <Form method="post" encType="multipart/form-data" noValidate className="card mt-6">
        <h2 className="text-xl font-bold">{t("verify.upload")}</h2>
        <p className="mt-1 text-sm text-slate-700">{t("verify.uploadLead")}</p>
        <input type="hidden" name="intent" value="upload" />
        {upload ? (
          upload.ok ? (
            <div
              role={UPLOAD_RESULT[upload.state].role}
              data-state={upload.state}
              className={`mt-4 rounded-md border-l-4 px-4 py-3 ${UPLOAD_RESULT[upload.state].style}`}
            >
              <p className="text-lg font-bold">
                {upload.state === "valid" ? "✓ " : "✗ "}
                {t(`verify.state_${upload.state}`)}
              </p>
              <p className="font-semibold">{t(UPLOAD_RESULT[upload.state].lead)}</p>
              <p>
                <Link to={`/verify/${upload.code}`}>{t("certificates.verifyLink")}</Link>
              </p>
            </div>
          ) : (
            <p role="alert" className="mt-4 rounded-md border-l-4 border-danger bg-danger-light px-4 py-3 font-semibold text-danger">
              {t(upload.error)}
            </p>
          )
        ) : null}
        <div className="mt-4">
          <label htmlFor="credential" className="field-label">
            {t("verify.file")}
          </label>
          <FileInput id="credential" name="credential" accept=".jwt,.json,.txt,application/jwt" required />
        </div>
        <button type="submit" className="btn-secondary mt-4">
          {t("verify.check")}
        </button>
      </Form>
    </div>
  );
}

export const meta = titleMeta;
