// CSRF defence for every state-changing request: the browser's Origin (or, failing that, Referer)
// must be this site. Requests carrying neither are refused too: every browser Erdem supports sends one.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * @param {{ method: string, origin?: string | null, referer?: string | null, host?: string | null, protocol?: string, allowedOrigins?: string[] }} req
 * @returns {boolean}
 */
export function isSameOriginRequest({ method, origin, referer, host, protocol = "http", allowedOrigins = [] }) {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  const allowed = new Set(allowedOrigins.map((o) => o.replace(/\/$/, "")));
  if (host) {
    allowed.add(`${protocol}://${host}`);
    // Behind a TLS-terminating proxy the app may see http while the browser used https.
    allowed.add(`https://${host}`);
  }
  let claimed = origin && origin !== "null" ? origin : null;
  if (!claimed && referer) {
    try {
      claimed = new URL(referer).origin;
    } catch {
      return false;
    }
  }
  return claimed !== null && allowed.has(claimed);
}

/** Express middleware answering 403 to cross-origin state-changing requests. */
export function originGuard(allowedOrigins = []) {
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
    res.status(403).type("text/plain; charset=utf-8").send("Forbidden: cross-origin request / Хориглосон хүсэлт");
  };
}
