// One rule for how long a page may be kept, and by whom. A page that is the same for every
// anonymous reader may be kept for a minute (by server/page-cache.ts, or a CDN); a signed-in
// reader's page never by anyone else (server/shaped-pages.ts builds those from templates).
import type { HeadersFunction } from "@remix-run/node";

export const pageCacheControl = (signedIn: boolean) => (signedIn ? "private, no-cache" : "public, max-age=60");

/** A route's document headers: the Cache-Control its loader chose. */
export const cacheControlHeaders: HeadersFunction = ({ loaderHeaders }) => ({ "Cache-Control": loaderHeaders.get("Cache-Control") ?? "no-cache" });
