import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { issuerProfile } from "~/features/certificates/badge.server";
import { publicBase } from "~/features/certificates/base-url.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return json(issuerProfile(publicBase(request)), { headers: { "Content-Type": "application/ld+json", "Cache-Control": "public, max-age=3600" } });
}
