// The revocation list every credential points to (BitstringStatusListCredential, as a VC-JWT).
import { BadgeNotConfigured, signStatusList } from "~/features/certificates/badge.server";

export async function loader() {
  try {
    return new Response(await signStatusList(), {
      headers: { "Content-Type": "application/vc+jwt", "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*" },
    });
  } catch (e) {
    if (e instanceof BadgeNotConfigured) throw new Response("Credential signing is not configured", { status: 503 });
    throw e;
  }
}
