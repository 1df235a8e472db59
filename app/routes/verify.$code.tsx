// Public verification of one certificate; the QR code on the PDF leads here. The same data is
// served as JSON to clients that ask for it (Accept: application/json).
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { allowVerifyLookup } from "~/features/auth/rate-limit.server";
import { certificateState, findCertificateByCode } from "~/features/certificates/certificates.server";
import { ISSUER } from "~/features/certificates/pdf.server";
import { formatDateLong, formatDateTime } from "~/i18n/format";
import { getFixedT, getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const wantsJson = (args.request.headers.get("Accept") ?? "").includes("application/json");
  const t = await getFixedT(args.request);
  if (!(await allowVerifyLookup(args.context.clientIp))) {
    throw json({ status: "rate_limited", message: t("verify.rateLimited") }, { status: 429, headers: { "Retry-After": "60" } });
  }
  const code = (args.params.code ?? "").toLowerCase();
  const cert = /^[a-z2-7]{32}$/.test(code) ? await findCertificateByCode(code) : undefined;
  if (!cert) {
    if (wantsJson) throw json({ status: "not_found" }, { status: 404 });
    throw new Response(t("verify.notFound"), { status: 404 });
  }
  const state = certificateState(cert);
  const lng = await getLanguage(args.request);
  const data = {
    status: state,
    serial: cert.serial,
    holder: cert.learner_name,
    course: { title: { mn: cert.course_title_mn, en: cert.course_title_en }, slug: cert.course_slug, version: cert.course_version, hours: cert.hours },
    aimag: { code: cert.aimag_code, mn: cert.aimag_mn, en: cert.aimag_en },
    organisation: { mn: cert.organisation_mn, en: cert.organisation_en },
    issuedAt: cert.issued_at,
    expiresAt: cert.expires_at,
    revokedAt: cert.revoked_at,
    revocationReason: cert.revoked_reason,
    issuer: ISSUER,
    checkedAt: new Date().toISOString(),
  };
  if (wantsJson) return json(data, { headers: { "Cache-Control": "no-store", Vary: "Accept" } });
  return json(
    {
      ...data,
      title: await titleFor(args.request, "verify.title"),
      code: cert.code,
      lng,
      display: {
        issued: formatDateLong(cert.issued_at, lng),
        expires: cert.expires_at ? formatDateLong(cert.expires_at, lng) : null,
        revoked: cert.revoked_at ? formatDateLong(cert.revoked_at, lng) : null,
        checked: formatDateTime(data.checkedAt, lng),
      },
    },
    { headers: { "Cache-Control": "no-store", Vary: "Accept" } },
  );
}

const BANNER = {
  valid: "border-success bg-success-light text-success",
  expired: "border-warning bg-warning-light text-warning",
  revoked: "border-danger bg-danger-light text-danger",
} as const;

interface VerifyPage {
  status: "valid" | "expired" | "revoked";
  serial: string;
  holder: string;
  course: { title: { mn: string; en: string }; version: string; hours: number };
  aimag: { mn: string; en: string };
  organisation: { mn: string; en: string };
  revocationReason: string | null;
  issuer: { mn: string; en: string };
  lng: "mn" | "en";
  display: { issued: string; expires: string | null; revoked: string | null; checked: string };
}

export default function VerifyCertificate() {
  const d = useLoaderData<typeof loader>() as unknown as VerifyPage;
  const { t } = useTranslation();
  const lng = d.lng;
  return (
    <div className="mx-auto max-w-2xl">
      <h1 className="page-title">{t("verify.title")}</h1>
      <p role="status" className={`mt-6 rounded-md border-l-4 px-4 py-4 text-xl font-bold ${BANNER[d.status]}`}>
        {d.status === "valid" ? "✓ " : "✗ "}
        {t(`verify.state_${d.status}`)}
      </p>
      <dl className="card mt-6 grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
        <dt className="font-semibold">{t("certificates.serial")}</dt>
        <dd className="font-mono">{d.serial}</dd>
        <dt className="font-semibold">{t("verify.holder")}</dt>
        <dd className="text-lg font-bold">{d.holder}</dd>
        <dt className="font-semibold">{t("verify.course")}</dt>
        <dd>{d.course.title[lng]}</dd>
        <dt className="font-semibold">{t("verify.hours")}</dt>
        <dd>{t("verify.hoursValue", { hours: d.course.hours })} · {t("verify.version")} {d.course.version}</dd>
        <dt className="font-semibold">{t("verify.place")}</dt>
        <dd>{d.aimag[lng]}, {d.organisation[lng]}</dd>
        <dt className="font-semibold">{t("verify.issuedOn")}</dt>
        <dd>{d.display.issued}</dd>
        <dt className="font-semibold">{t("verify.expiresOn")}</dt>
        <dd>{d.display.expires ?? t("certificates.noExpiry")}</dd>
        {d.display.revoked ? (
          <>
            <dt className="font-semibold text-danger">{t("verify.revokedOn")}</dt>
            <dd className="text-danger">{d.display.revoked}</dd>
            <dt className="font-semibold text-danger">{t("verify.reason")}</dt>
            <dd className="text-danger">{d.revocationReason}</dd>
          </>
        ) : null}
        <dt className="font-semibold">{t("verify.issuer")}</dt>
        <dd>{d.issuer[lng]}</dd>
      </dl>
      <p className="mt-4 text-sm text-slate-600">{t("verify.checkedAt", { date: d.display.checked })}</p>
      <p className="mt-6"><Link to="/verify">{t("verify.title")}</Link></p>
    </div>
  );
}

export const meta = titleMeta;
