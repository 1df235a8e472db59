// A short-lived cache of whole pages for anonymous readers: a public page (a lesson, the catalogue,
// a course page, the log-in and registration forms) is the same for every visitor with the same
// language, so it is rendered once a minute instead of on every request (what a CDN in front of the
// site would do). Signed-in readers never get these pages (their own go through shaped-pages.ts).
//
// A page with inline scripts (a form that hydrates) was rendered with one request's CSP nonce; a
// kept copy is served under the hashes of its scripts instead (decision 028), so the fresh nonce
// of every other request's policy is never needed for it, and never reused.
import { createHash } from "node:crypto";

import type { IncomingHttpHeaders } from "node:http";
import { gzipSync } from "node:zlib";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";

export interface CacheableRequest {
  method: string;
  path: string;
  originalUrl: string;
  headers: IncomingHttpHeaders;
}

interface Entry {
  expires: number;
  status: number;
  headers: [string, string][];
  body: Buffer;
  gzip: Buffer;
  /** 'sha256-…' sources for the page's inline scripts. */
  scriptHashes: string[];
}

/** Pages that may be kept: lessons, the catalogue, course pages, the log-in and registration forms. */
const CACHEABLE_PATH = /^\/(courses(\/[a-z0-9-]+){0,2}|login|register)$/;

/** CSP hash sources of the inline scripts of a page (scripts with a src are allowed by 'self'). */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\ssrc\s*=/i.test(m[1]) || !m[2]) continue;
    hashes.push(`'sha256-${createHash("sha256").update(m[2], "utf8").digest("base64")}'`);
  }
  return hashes;
}

/** The request's policy with its nonce source replaced by the kept page's script hashes. */
export function policyWithHashes(policy: string, hashes: string[]): string {
  return policy.replace(/ ?'nonce-[^']*'/g, hashes.length ? ` ${hashes.join(" ")}` : "");
}

/** Longer values than this are not keyed on (and so not cached): they would only bloat the keys. */
const MAX_KEY_VALUE = 200;

/** Names of the cookies in a Cookie header, in order. */
export function cookieNames(header: string): string[] {
  return header
    .split(";")
    .map((c) => c.split("=")[0].trim())
    .filter(Boolean);
}

function cookieValue(header: string, name: string): string {
  for (const c of header.split(";")) {
    const eq = c.indexOf("=");
    if (eq > 0 && c.slice(0, eq).trim() === name) return c.slice(eq + 1).trim();
  }
  return "";
}

export class PageCache {
  readonly maxEntries: number;
  readonly ttlMs: number;
  readonly entries = new Map<string, Entry>();
  /**
   * Everything besides the URL that a cached page may differ by: the request header, and the part
   * of it that goes into the key. The same list gives the key and the `Vary` header, so a shared
   * cache downstream keeps apart exactly what this one does.
   */
  readonly keyParts: { header: string; value: (req: CacheableRequest) => string | null }[];
  readonly vary: string;
  private readonly languageCookie: string;
  /** What the pages are made of (the content version served): a new one keys new pages at once. */
  private readonly generation: () => string;

  constructor({
    maxEntries = 300,
    ttlMs = 60_000,
    languageCookie = "lng",
    generation = () => "",
  }: { maxEntries?: number; ttlMs?: number; languageCookie?: string; generation?: () => string } = {}) {
    this.generation = generation;
    this.maxEntries = maxEntries;
    this.ttlMs = ttlMs;
    this.languageCookie = languageCookie;
    // Only the reader's own choice (the cookie, or `?lng=` in the URL) sets the language; the
    // browser's Accept-Language never does, so it is not part of the key.
    this.keyParts = [{ header: "Cookie", value: (req) => cookieValue(req.headers.cookie ?? "", languageCookie) }];
    this.vary = this.keyParts.map((p) => p.header).join(", ");
  }

  /** The cache key, or null when the request must not be served from or stored in the cache. */
  keyFor(req: CacheableRequest): string | null {
    if (req.method !== "GET") return null;
    if (!CACHEABLE_PATH.test(req.path)) return null;
    // Allow-list: only a request whose every cookie the key accounts for is anonymous. A session
    // (whatever SESSION_COOKIE_NAME says), a flash message or any cookie added later means a fresh render.
    if (cookieNames(req.headers.cookie ?? "").some((name) => name !== this.languageCookie)) return null;
    const parts = [this.generation(), req.originalUrl];
    for (const part of this.keyParts) {
      const value = part.value(req);
      if (value === null || value.length > MAX_KEY_VALUE) return null;
      parts.push(value);
    }
    return JSON.stringify(parts);
  }

  get(key: string, now = Date.now()): Entry | null {
    const hit = this.entries.get(key);
    if (!hit) return null;
    if (hit.expires <= now) {
      this.entries.delete(key);
      return null;
    }
    return hit;
  }

  set(key: string, entry: { status: number; headers: [string, string][]; body: Buffer }, now = Date.now()): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    // Compressed once here, not on every hit.
    this.entries.set(key, { ...entry, gzip: gzipSync(entry.body), scriptHashes: inlineScriptHashes(entry.body.toString("utf8")), expires: now + this.ttlMs });
  }
}

/**
 * Express middleware: serves cached anonymous pages; on a miss, renders through `handle`
 * (a fetch-style Remix handler) and keeps the page if it says it is public.
 */
export function pageCacheMiddleware<Context>(
  cache: PageCache,
  handle: (request: Request, context: Context) => Promise<Response>,
  toRequest: (req: ExpressRequest, res: ExpressResponse) => Request,
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => Context,
): RequestHandler {
  return async (req, res, next) => {
    const key = cache.keyFor(req);
    if (!key) return next();
    const hit = cache.get(key);
    if (hit) {
      for (const [k, v] of hit.headers) res.setHeader(k, v);
      res.setHeader("X-Page-Cache", "hit");
      res.setHeader("Vary", `${cache.vary}, Accept-Encoding`);
      const policy = res.getHeader("Content-Security-Policy");
      if (typeof policy === "string") res.setHeader("Content-Security-Policy", policyWithHashes(policy, hit.scriptHashes));
      if (/\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) {
        res.setHeader("Content-Encoding", "gzip");
        return res.status(hit.status).end(hit.gzip);
      }
      return res.status(hit.status).end(hit.body);
    }
    let request: Request;
    try {
      request = toRequest(req, res);
    } catch {
      return next(); // a malformed Host: Remix's handler answers it
    }
    try {
      const response = await handle(request, getLoadContext(req, res));
      const body = Buffer.from(await response.arrayBuffer());
      const skip = new Set(["set-cookie", "content-length", "vary"]);
      const headers = [...response.headers].filter(([k]) => !skip.has(k.toLowerCase()));
      const cacheable = response.status === 200 && /\bpublic\b/.test(response.headers.get("cache-control") ?? "") && !response.headers.has("set-cookie");
      if (cacheable) cache.set(key, { status: response.status, headers, body });
      for (const [k, v] of response.headers) if (k.toLowerCase() !== "content-length") res.append(k, v);
      // What the stored copy is keyed on, so that a shared cache downstream keys on it too.
      if (cacheable) res.append("Vary", cache.vary);
      res.setHeader("X-Page-Cache", cacheable ? "miss" : "bypass");
      res.status(response.status).end(body);
    } catch (error) {
      next(error);
    }
  };
}
