// What a public verification returns, shared by the page (/verify/:code) and its JSON form.
import { json, type AppLoadContext } from "@remix-run/node";
import { allowVerifyLookup } from "~/features/auth/rate-limit.server";
import { getFixedT } from "~/i18n/i18next.server";
import { certificateState, findCertificateByCode } from "./certificates.server";
import { ISSUER } from "./pdf.server";

/**
 * The answer a JSON client gets when there is nothing to give it: always a JSON body with an
 * `error` code and a message in the reader's language (`status` kept for older clients).
 */
export function jsonError(error: string, message: string, status: number, headers: HeadersInit = {}) {
  return json({ error, status: error, message }, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

/**
 * The certificate behind a verification code, or null when there is none. Throws 429 when this
 * address asks too often (a JSON body when `asJson`).
 */
export async function lookUpCertificate(request: Request, context: AppLoadContext, rawCode: string, asJson: boolean) {
  if (!(await allowVerifyLookup(context.clientIp))) {
    const t = await getFixedT(request);
    throw asJson
      ? jsonError("rate_limited", t("verify.rateLimited"), 429, { "Retry-After": "60" })
      : new Response(t("verify.rateLimited"), { status: 429, headers: { "Retry-After": "60" } });
  }
  const code = rawCode.toLowerCase();
  const cert = /^[a-z2-7]{32}$/.test(code) ? await findCertificateByCode(code) : undefined;
  if (!cert) return null;
  return {
    cert,
    data: {
      status: certificateState(cert),
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
    },
  };
}
