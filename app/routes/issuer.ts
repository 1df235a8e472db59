import { json } from "@remix-run/node";
import { issuerProfile } from "~/features/certificates/badge.server";

export async function loader() {
  return json(issuerProfile(), {
    headers: { "Content-Type": "application/ld+json", "Cache-Control": "public, max-age=3600", "Access-Control-Allow-Origin": "*" },
  });
}
