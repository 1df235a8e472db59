// A short-lived cache of whole pages for anonymous readers: a public lesson page is the same for
// every visitor with the same language, so it is rendered once a minute instead of on every request
// (what a CDN in front of the site would do). Signed-in users always get a fresh render.

import { gzipSync } from "node:zlib";

const SESSION_COOKIES = /(?:^|;\s*)(erdem_session|erdem_flash)=/;

export class PageCache {
  /** @param {{ maxEntries?: number, ttlMs?: number, cookieName?: string }} [options] */
  constructor({ maxEntries = 1000, ttlMs = 60_000 } = {}) {
    this.maxEntries = maxEntries;
    this.ttlMs = ttlMs;
    /** @type {Map<string, { expires: number, status: number, headers: [string, string][], body: Buffer, gzip: Buffer }>} */
    this.entries = new Map();
  }

  /** The cache key, or null when the request must not be served from or stored in the cache. */
  keyFor(req) {
    if (req.method !== "GET") return null;
    if (!/^\/courses\/[a-z0-9-]+\/[a-z0-9-]+$/.test(req.path)) return null;
    const cookie = req.headers.cookie ?? "";
    if (SESSION_COOKIES.test(cookie)) return null;
    const lng = /(?:^|;\s*)lng=([^;]*)/.exec(cookie)?.[1] ?? "";
    return `${req.originalUrl}|${lng}|${(req.headers["accept-language"] ?? "").slice(0, 40)}`;
  }

  get(key, now = Date.now()) {
    const hit = this.entries.get(key);
    if (!hit) return null;
    if (hit.expires <= now) {
      this.entries.delete(key);
      return null;
    }
    return hit;
  }

  set(key, entry, now = Date.now()) {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value);
    // Compressed once here, not on every hit.
    this.entries.set(key, { ...entry, gzip: gzipSync(entry.body), expires: now + this.ttlMs });
  }
}

/**
 * Express middleware: serves cached anonymous pages; on a miss, renders through `handle`
 * (a fetch-style Remix handler) and keeps the page if it says it is public.
 */
export function pageCacheMiddleware(cache, handle, getLoadContext) {
  return async (req, res, next) => {
    const key = cache.keyFor(req);
    if (!key) return next();
    const hit = cache.get(key);
    if (hit) {
      for (const [k, v] of hit.headers) res.setHeader(k, v);
      res.setHeader("X-Page-Cache", "hit");
      res.setHeader("Vary", "Accept-Encoding");
      if (/\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) {
        res.setHeader("Content-Encoding", "gzip");
        return res.status(hit.status).end(hit.gzip);
      }
      return res.status(hit.status).end(hit.body);
    }
    try {
      const url = new URL(req.originalUrl, `${req.protocol}://${req.get("host")}`);
      const request = new Request(url, { headers: new Headers(Object.entries(req.headers).filter(([, v]) => typeof v === "string")) });
      const response = await handle(request, getLoadContext(req, res));
      const body = Buffer.from(await response.arrayBuffer());
      const headers = [...response.headers].filter(([k]) => k.toLowerCase() !== "set-cookie" && k.toLowerCase() !== "content-length");
      const cacheable = response.status === 200 && /\bpublic\b/.test(response.headers.get("cache-control") ?? "") && !response.headers.has("set-cookie");
      if (cacheable) cache.set(key, { status: response.status, headers, body });
      for (const [k, v] of response.headers) if (k.toLowerCase() !== "content-length") res.append(k, v);
      res.setHeader("X-Page-Cache", cacheable ? "miss" : "bypass");
      res.status(response.status).end(body);
    } catch (error) {
      next(error);
    }
  };
}
