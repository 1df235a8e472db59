// The certificate as a signed Open Badges 3.0 credential (VC-JWT), for wallets and verifiers.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { BadgeNotConfigured, signCredential } from "~/features/certificates/badge.server";
import { publicBase } from "~/features/certificates/base-url.server";
import { findCertificateByCode } from "~/features/certificates/certificates.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const cert = await findCertificateByCode(params.code ?? "");
  if (!cert) throw new Response("Not found", { status: 404 });
  try {
    return new Response(await signCredential(cert, publicBase(request)), {
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
