// One public key as a JWK: the `kid` of every credential is this URL (Open Badges 3.0 §8.2).
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { publishedJwk } from "~/features/certificates/badge.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const jwk = await publishedJwk(params.thumbprint ?? "");
  if (!jwk) throw new Response("Not found", { status: 404 });
  // A key never changes under its thumbprint, so it may be cached for long.
  return json(jwk, { headers: { "Content-Type": "application/jwk+json", "Cache-Control": "public, max-age=86400", "Access-Control-Allow-Origin": "*" } });
}
