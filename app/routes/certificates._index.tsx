import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/features/auth/guards.server";
import { certificateState, listUserCertificates, renewalDue } from "~/features/certificates/certificates.server";
import { getCatalogue } from "~/features/content/content.server";
import { CertificateStateBadge } from "~/features/enrolment/road";
import { formatDateLong } from "~/i18n/format";
import { getLanguage, titleFor } from "~/i18n/i18next.server";
import { titleMeta } from "~/i18n/meta";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const lng = await getLanguage(args.request);
  const certs = await listUserCertificates(user.id);
  const serialOf = new Map(certs.map((c) => [c.id, c.serial]));
  const superseded = new Set(certs.map((c) => c.renewed_from).filter(Boolean));
  const exams = new Map(getCatalogue().courses.map((c) => [c.slug, c.meta.exam]));
  return json({
    title: await titleFor(args.request, "certificates.title"),
    certificates: certs.map((c) => ({
      id: c.id,
      code: c.code,
      serial: c.serial,
      course: lng === "en" ? c.course_title_en : c.course_title_mn,
      courseSlug: c.course_slug,
      issued: formatDateLong(c.issued_at, lng),
      expires: c.expires_at ? formatDateLong(c.expires_at, lng) : null,
      state: certificateState(c),
      renewalDue: renewalDue(c) && !superseded.has(c.id),
      exam: exams.get(c.course_slug) ?? null,
      renewedFrom: c.renewed_from ? (serialOf.get(c.renewed_from) ?? null) : null,
    })),
  });
}

export default function MyCertificates() {
  const { certificates } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1 className="page-title">{t("certificates.title")}</h1>
      {certificates.length === 0 ? (
        <p className="card mt-6">{t("certificates.empty")}</p>
      ) : (
        <ul className="mt-6 space-y-4">
          {certificates.map((c) => (
            <li key={c.id} className="card">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <h2 className="text-xl font-bold">{c.course}</h2>
                <CertificateStateBadge state={c.state} />
              </div>
              <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                <dt className="font-semibold">{t("certificates.serial")}</dt>
                <dd className="font-mono">{c.serial}</dd>
                <dt className="font-semibold">{t("certificates.issued")}</dt>
                <dd>{c.issued}</dd>
                <dt className="font-semibold">{t("certificates.expires")}</dt>
                <dd>{c.expires ? t("certificates.expiresOn", { date: c.expires }) : t("certificates.noExpiry")}</dd>
                {c.renewedFrom ? (
                  <>
                    <dt className="sr-only">{t("certificates.renewedFrom", { serial: "" })}</dt>
                    <dd className="col-span-2 text-slate-600">{t("certificates.renewedFrom", { serial: c.renewedFrom })}</dd>
                  </>
                ) : null}
              </dl>
              {c.renewalDue && c.expires ? (
                <div className="mt-3 rounded-md border-l-4 border-warning bg-warning-light px-3 py-2 text-warning">
                  <p className="font-semibold">{t("certificates.renewalDue")}</p>
                  <p>{t("certificates.renewalDueLead", { date: c.expires })}</p>
                  {c.exam ? (
                    <Link to={`/courses/${c.courseSlug}/quizzes/${c.exam}`} className="font-semibold">
                      {t("certificates.renew")}
                    </Link>
                  ) : null}
                </div>
              ) : null}
              {c.state === "revoked" ? (
                <p className="mt-3 rounded-md border-l-4 border-danger bg-danger-light px-3 py-2 font-semibold text-danger">{t("certificates.revokedNote")}</p>
              ) : null}
              <p className="mt-4 flex flex-wrap gap-3">
                <a href={`/certificates/${c.id}/pdf`} className="btn-primary" download>
                  {t("certificates.download")}
                </a>
                <Link to={`/verify/${c.code}`} className="btn-secondary">
                  {t("certificates.verifyLink")}
                </Link>
                {/* no fresh credential for a revoked certificate (the download answers 410) */}
                {c.state !== "revoked" ? (
                  <a href={`/verify/${c.code}/credential`} className="btn-secondary" download>
                    {t("certificates.credential")}
                  </a>
                ) : null}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export const meta = titleMeta;
