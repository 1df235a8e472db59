// The revocation list every credential points to (BitstringStatusListCredential, as a VC-JWT).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { BadgeNotConfigured, signStatusList } from "~/features/certificates/badge.server";
import { publicBase } from "~/features/certificates/base-url.server";

export async function loader({ request }: LoaderFunctionArgs) {
  try {
    return new Response(await signStatusList(publicBase(request)), {
      headers: { "Content-Type": "application/vc+jwt", "Cache-Control": "public, max-age=60" },
    });
  } catch (e) {
    if (e instanceof BadgeNotConfigured) throw new Response("Credential signing is not configured", { status: 503 });
    throw e;
  }
}
