// The certificate as a signed Open Badges 3.0 credential (VC-JWT), for its holder to keep in a
// wallet or hand to a verifier. Like the PDF, only the holder and administrators download it: it
// carries the holder's hashed e-mail address, which the verification code alone must not reveal.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { hasRole, requireUser } from "~/features/auth/guards.server";
import { BadgeNotConfigured, signCredential } from "~/features/certificates/badge.server";
import { certificateState, findCertificateByCode } from "~/features/certificates/certificates.server";
import { getFixedT } from "~/i18n/i18next.server";

export async function loader(args: LoaderFunctionArgs) {
  const { request, params } = args;
  const user = await requireUser(args);
  const cert = await findCertificateByCode(params.code ?? "");
  if (!cert || (cert.user_id !== user.id && !hasRole(user, "admin"))) throw new Response("Not found", { status: 404 });
  // A revoked certificate gets no fresh signed copy: copies already handed out stay signed, and the
  // status list tells verifiers they are revoked.
  if (certificateState(cert) === "revoked") {
    const t = await getFixedT(request);
    throw new Response(t("verify.credentialRevoked"), { status: 410, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  }
  try {
    return new Response(await signCredential(cert), {
      headers: {
        "Content-Type": "application/vc+jwt",
        "Content-Disposition": `attachment; filename="${cert.serial}.jwt"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (e) {
    if (e instanceof BadgeNotConfigured) throw new Response("Credential signing is not configured", { status: 503 });
    throw e;
  }
}
