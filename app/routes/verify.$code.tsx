// Public verification of one certificate; the QR code on the PDF leads here. Clients asking for
// JSON (Accept: application/json) are routed by server/app.ts to /verify/:code/json. An unknown
// code gets its own page (404) saying so, with the paper search, rather than the generic 404.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CertificateSearchForm } from "~/features/certificates/certificate-search-form";
import { lookUpCertificate } from "~/features/certificates/verification.server";
import { formatDateLong, formatDateTime } from "~/i18n/format";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const found = await lookUpCertificate(args.request, args.context, args.params.code ?? "", false);
  if (!found) {
    return json(
      { found: false as const, title: await titleFor(args.request, "verifyUnknown.title"), code: (args.params.code ?? "").slice(0, 64) },
      { status: 404, headers: { "Cache-Control": "no-store" } },
    );
  }
  const { cert, data } = found;
  const lng = await getLanguage(args.request);
  return json(
    {
      found: true as const,
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
    { headers: { "Cache-Control": "no-store" } },
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

function UnknownCertificate({ code }: { code: string }) {
  const { t } = useTranslation();
  return (
    <div className="mx-auto max-w-2xl">
      <h1 className="page-title">{t("verifyUnknown.title")}</h1>
      <div role="status" className="mt-6 rounded-md border-l-4 border-danger bg-danger-light px-4 py-4 text-danger">
        <p className="text-xl font-bold">✗ {t("verifyUnknown.lead")}</p>
        <p className="mt-1 break-all text-sm">{t("verifyUnknown.code", { code })}</p>
      </div>
      <p className="mt-4 max-w-prose">{t("verifyUnknown.hint")}</p>
      <CertificateSearchForm heading={t("verifyUnknown.searchTitle")} />
      <p className="mt-6">
        <Link to="/verify">{t("verify.title")}</Link>
      </p>
    </div>
  );
}

export default function VerifyCertificate() {
  const loaded = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  if (!loaded.found) return <UnknownCertificate code={loaded.code} />;
  const d = loaded as unknown as VerifyPage;
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
        <dd>
          {t("verify.hoursValue", { hours: d.course.hours })} · {t("verify.version")} {d.course.version}
        </dd>
        <dt className="font-semibold">{t("verify.place")}</dt>
        <dd>
          {d.aimag[lng]}, {d.organisation[lng]}
        </dd>
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
      <p className="mt-6">
        <Link to="/verify">{t("verify.title")}</Link>
      </p>
    </div>
  );
}

export const meta = titleMeta;
