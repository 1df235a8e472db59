// The certificate as a signed Open Badges 3.0 credential (VC-JWT), for its holder to keep in a
// wallet or hand to a verifier. Like the PDF, only the holder and administrators download it: it
// carries the holder's hashed e-mail address, which the verification code alone must not reveal.
// Whatever is refused is answered in JSON (`{"error": ...}`), the format a wallet or script reads.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { hasRole, requireUser } from "~/features/auth/guards.server";
import { BadgeNotConfigured, signCredential } from "~/features/certificates/badge.server";
import { certificateState, findCertificateByCode } from "~/features/certificates/certificates.server";
import { jsonError } from "~/features/certificates/verification.server";
import { getFixedT } from "~/i18n/i18next.server";

export async function loader(args: LoaderFunctionArgs) {
  const { request, params } = args;
  const user = await requireUser(args);
  const t = await getFixedT(request);
  const cert = await findCertificateByCode((params.code ?? "").toLowerCase());
  // someone else's certificate is "not found" too: the code alone must not tell whose it is
  if (!cert || (cert.user_id !== user.id && !hasRole(user, "admin"))) return jsonError("not_found", t("verifyUnknown.jsonNotFound"), 404);
  // A revoked certificate gets no fresh signed copy: copies already handed out stay signed, and the
  // status list tells verifiers they are revoked.
  if (certificateState(cert) === "revoked") return jsonError("revoked", t("verify.credentialRevoked"), 410);
  try {
    return new Response(await signCredential(cert), {
      headers: {
        "Content-Type": "application/vc+jwt",
        "Content-Disposition": `attachment; filename="${cert.serial}.jwt"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (e) {
    if (e instanceof BadgeNotConfigured) return jsonError("not_configured", t("verifyUnknown.signingOff"), 503);
    throw e;
  }
}
