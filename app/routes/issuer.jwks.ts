import { json } from "@remix-run/node";
import { publishedJwks } from "~/features/certificates/badge.server";

/** The issuer's public keys, current and retired, for verifiers of the VC-JWT credentials. */
export async function loader() {
  return json(await publishedJwks(), {
    headers: { "Content-Type": "application/jwk-set+json", "Cache-Control": "public, max-age=3600", "Access-Control-Allow-Origin": "*" },
  });
}
