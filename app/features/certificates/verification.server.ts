// What a public verification returns, shared by the page (/verify/:code) and its JSON form.
import { json, type AppLoadContext } from "@remix-run/node";
import { allowVerifyLookup } from "~/features/auth/rate-limit.server";
import { getFixedT } from "~/i18n/i18next.server";
import { certificateState, findCertificateByCode } from "./certificates.server";
import { ISSUER } from "./pdf.server";

/** Throws 429 (rate limit) or 404 (unknown code) Responses; JSON bodies when `asJson`. */
export async function lookUpCertificate(request: Request, context: AppLoadContext, rawCode: string, asJson: boolean) {
  const t = await getFixedT(request);
  if (!(await allowVerifyLookup(context.clientIp))) {
    throw asJson
      ? json({ status: "rate_limited", message: t("verify.rateLimited") }, { status: 429, headers: { "Retry-After": "60" } })
      : new Response(t("verify.rateLimited"), { status: 429, headers: { "Retry-After": "60" } });
  }
  const code = rawCode.toLowerCase();
  const cert = /^[a-z2-7]{32}$/.test(code) ? await findCertificateByCode(code) : undefined;
  if (!cert) throw asJson ? json({ status: "not_found" }, { status: 404 }) : new Response(t("verify.notFound"), { status: 404 });
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
