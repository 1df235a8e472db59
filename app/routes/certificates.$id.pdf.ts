import type { LoaderFunctionArgs } from "@remix-run/node";
import { hasRole, requireUser } from "~/features/auth/guards.server";
import { publicBase } from "~/features/certificates/base-url.server";
import { findCertificate } from "~/features/certificates/certificates.server";
import { renderCertificatePdf } from "~/features/certificates/pdf.server";

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireUser(args);
  const cert = await findCertificate(args.params.id ?? "");
  // The owner and administrators only; anyone else learns nothing about the id.
  if (!cert || (cert.user_id !== user.id && !hasRole(user, "admin"))) throw new Response("Not found", { status: 404 });
  const pdf = await renderCertificatePdf(cert, `${publicBase()}/verify/${cert.code}`);
  return new Response(Buffer.from(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${cert.serial}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
