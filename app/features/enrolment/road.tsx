// What is still missing for a course's certificate, and the certificate once earned: the same
// blocks on My learning, the course page and home (data from ./road.server.ts). Plain links and
// text only: they render the same on the course page, which carries no JavaScript.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { CertificateState } from "~/features/certificates/certificates.server";
import type { CertificateStanding, MissingStep } from "./road.server";

const STATE_STYLE = { valid: "bg-success-light text-success", expired: "bg-warning-light text-warning", revoked: "bg-danger-light text-danger" } as const;

/** A certificate's state as a badge: colour with its word, never colour alone. */
export function CertificateStateBadge({ state }: { state: CertificateState }) {
  const { t } = useTranslation();
  return (
    <span className={`inline-block whitespace-nowrap rounded-full px-3 py-1 text-sm font-semibold ${STATE_STYLE[state]}`}>
      {t(`certificates.state_${state}`)}
    </span>
  );
}

function Pending() {
  return (
    <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" className="mt-0.5 shrink-0 fill-none stroke-slate-500" strokeWidth="2.5">
      <circle cx="12" cy="12" r="8" />
    </svg>
  );
}

/** The steps the completion rule still waits for; nothing when none is missing. */
export function MissingSteps({ missing, id, sessionsHref }: { missing: MissingStep[]; id: string; sessionsHref: string }) {
  const { t } = useTranslation();
  if (missing.length === 0) return null;
  return (
    <div className="mt-3">
      <p id={id} className="font-semibold">
        {t("road.missingTitle")}
      </p>
      <ul aria-labelledby={id} className="mt-1 space-y-1">
        {missing.map((m) => (
          <li key={m.step} className="flex items-start gap-2">
            <Pending />
            <span>
              {m.step === "lessons" ? t("road.lessonsLeft", { done: m.done, total: m.total, left: m.left }) : null}
              {m.step === "exam" ? t("road.examMissing") : null}
              {m.step === "attendance" ? (
                <>
                  {t("road.attendanceMissing")}.{" "}
                  <a href={sessionsHref} className="inline-block">
                    {t("road.attendanceWhere")}
                  </a>
                </>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * An earned certificate: when the course was completed, until when the certificate is valid (or
 * when it expired), when renewal is due, and its PDF, verification page and digital credential
 * with a sentence on what the credential is for.
 */
export function CertificateCard({
  certificate: c,
  completedOn,
  courseSlug,
  title,
  explain = true,
}: {
  certificate: CertificateStanding;
  completedOn: string | null;
  courseSlug: string;
  /** What the card is headed by: "Your certificate" unless told (home names the course). */
  title?: string;
  /** With the sentence on what the digital credential is for (a page listing several says it once). */
  explain?: boolean;
}) {
  const { t } = useTranslation();
  const renewLink = c.renewalExam ? (
    <Link to={`/courses/${courseSlug}/quizzes/${c.renewalExam}`} className="mt-1 inline-block font-semibold">
      {t("certificates.renew")}
    </Link>
  ) : null;
  return (
    <div className="mt-4 rounded-lg border border-slate-200 bg-slate-50 p-3 sm:p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="font-semibold">{title ?? t("road.certificate")}</p>
        <CertificateStateBadge state={c.state} />
      </div>
      <dl className="mt-2 grid grid-cols-1 gap-x-4 text-sm sm:grid-cols-[auto_1fr] sm:gap-y-1">
        {completedOn ? (
          <>
            <dt className="mt-2 font-semibold first:mt-0 sm:mt-0">{t("road.completedOn")}</dt>
            <dd>{completedOn}</dd>
          </>
        ) : null}
        {c.state === "revoked" ? null : c.expiresOn === null ? (
          <>
            <dt className="mt-2 font-semibold first:mt-0 sm:mt-0">{t("road.validUntil")}</dt>
            <dd>{t("road.noExpiry")}</dd>
          </>
        ) : c.state === "expired" ? (
          <>
            <dt className="mt-2 font-semibold first:mt-0 sm:mt-0">{t("road.expiredOn")}</dt>
            <dd>{c.expiresOn}</dd>
          </>
        ) : (
          <>
            <dt className="mt-2 font-semibold first:mt-0 sm:mt-0">{t("road.validUntil")}</dt>
            <dd>{t("road.validUntilDate", { date: c.expiresOn })}</dd>
            <dt className="mt-2 font-semibold first:mt-0 sm:mt-0">{t("road.renewal")}</dt>
            <dd>{c.renewal === "now" ? t("road.renewalNow") : t("road.renewalFrom", { date: c.renewalFrom })}</dd>
          </>
        )}
      </dl>
      {c.state === "revoked" ? (
        <p className="mt-3 rounded-md border-l-4 border-danger bg-danger-light px-3 py-2 font-semibold text-danger">{t("road.revokedLead")}</p>
      ) : c.renewal === "now" ? (
        <div className="mt-3 rounded-md border-l-4 border-warning bg-warning-light px-3 py-2 text-warning">
          <p className="font-semibold">{c.state === "expired" ? t("road.expiredLead") : t("road.renewalNowLead", { date: c.expiresOn })}</p>
          {renewLink}
        </div>
      ) : null}
      {/* on a phone one button a line, the full width: easy to hit, nothing ragged */}
      <p className="mt-3 flex flex-col gap-3 sm:flex-row sm:flex-wrap">
        <a href={`/certificates/${c.id}/pdf`} className="btn-primary text-center" download>
          {t("road.pdf")}
        </a>
        <Link to={`/verify/${c.code}`} className="btn-secondary text-center">
          {t("road.verify")}
        </Link>
        {/* no fresh credential for a revoked certificate (the download answers 410) */}
        {c.state !== "revoked" ? (
          <a href={`/verify/${c.code}/credential`} className="btn-secondary text-center" download>
            {t("road.credential")}
          </a>
        ) : null}
      </p>
      {explain && c.state !== "revoked" ? <CredentialExplained /> : null}
    </div>
  );
}

/** What the digital credential is for, in a sentence. */
export function CredentialExplained() {
  const { t } = useTranslation();
  return <p className="mt-2 max-w-prose text-sm text-slate-700">{t("road.credentialWhat")}</p>;
}
