// CSRF defence for every state-changing request: the origin the browser names must be on the
// allow-list (ALLOWED_ORIGINS, the origin of PUBLIC_URL, the request's own host). The Origin header
// decides whenever it is sent — "null" included, which is refused; the Referer is consulted only
// when there is no Origin at all, and a request with neither is refused too.
import type { RequestHandler } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface OriginCheck {
  method: string;
  origin?: string | null;
  referer?: string | null;
  host?: string | null;
  protocol?: string;
  /** Normalised origins (scheme://host[:port]). */
  allowedOrigins?: string[];
}

export function isSameOriginRequest({ method, origin, referer, host, protocol = "http", allowedOrigins = [] }: OriginCheck): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  const allowed = new Set(allowedOrigins);
  if (host) {
    allowed.add(`${protocol}://${host}`);
    // Behind a TLS-terminating proxy the app may see http while the browser used https.
    allowed.add(`https://${host}`);
  }
  let claimed: string;
  if (origin !== undefined && origin !== null) {
    claimed = origin;
  } else if (referer) {
    try {
      claimed = new URL(referer).origin;
    } catch {
      return false;
    }
  } else {
    return false;
  }
  // "null" (an opaque origin: sandboxed frame, data: URL, some redirects) never matches an entry.
  return allowed.has(claimed);
}

/** The allow-list from the configuration: ALLOWED_ORIGINS and the origin of PUBLIC_URL. */
export function configuredOrigins({ ALLOWED_ORIGINS, PUBLIC_URL }: { ALLOWED_ORIGINS: string[]; PUBLIC_URL?: string }): string[] {
  return PUBLIC_URL ? [...ALLOWED_ORIGINS, new URL(PUBLIC_URL).origin] : ALLOWED_ORIGINS;
}

/** Express middleware answering 403 to cross-origin state-changing requests. */
export function originGuard(allowedOrigins: string[] = []): RequestHandler {
  return (req, res, next) => {
    const ok = isSameOriginRequest({
      method: req.method,
      origin: req.get("origin"),
      referer: req.get("referer"),
      host: req.get("host"),
      protocol: req.protocol,
      allowedOrigins,
    });
    if (ok) return next();
    res.status(403).type("text/plain; charset=utf-8").send("Хориглосон хүсэлт: өөр сайтаас ирсэн.\nForbidden: cross-origin request.\n");
  };
}
