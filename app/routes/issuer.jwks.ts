import { json } from "@remix-run/node";
import { issuerKey } from "~/features/certificates/badge.server";

/** The issuer's public key(s), for verifiers of the VC-JWT credentials. */
export async function loader() {
  const key = await issuerKey();
  return json({ keys: key ? [key.publicJwk] : [] }, { headers: { "Cache-Control": "public, max-age=3600" } });
}
