// Personal pages built from shared documents (decision 028; the app's side is
// app/features/pages/shaped-page.server.ts). A signed-in learner's lesson page is the same for
// every learner of the same "shape" (lesson, language, menus, drafts shown, done or not) but for the
// name in the header: it is rendered once per shape with a marker where the name goes, kept, and
// served to the next learner of that shape with their name put in — no routing, loaders or React.
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { constants, crc32, deflateRawSync } from "node:zlib";
import { LRUCache } from "lru-cache";
import { escapeHtml } from "../app/features/pages/escape-html";
import { cookieNames } from "./page-cache";

export interface PageShape {
  key: string;
  name: string;
}

/** What the app provides (its entry module exports these). */
export interface ShapedPageSource<Context> {
  NAME_MARKER: string;
  SHAPED_PATH: RegExp;
  shapedPageCookies: ReadonlySet<string>;
  pageShape: (request: Request, context: Context) => Promise<PageShape | null>;
}

interface Template {
  status: number;
  headers: [string, string][];
  /** The page before and after the name. */
  before: Buffer;
  after: Buffer;
  /** The same, compressed once (see `gzipAround`); absent on a page that is not kept. */
  gzip?: GzipAround;
}

/**
 * A page's gzip with a hole for the name, compressed when the template is kept rather than on every
 * request. One gzip member whose deflate data is three independent runs: the part before the name
 * ends in a full flush (byte-aligned, and nothing after it refers back), the name goes in a stored
 * block written by hand, the part after is compressed on its own and ends the stream. The trailer's
 * CRC-32 and length are worked out per request (zlib.crc32 continues from the part before's).
 */
interface GzipAround {
  before: Buffer;
  after: Buffer;
  crcBefore: number;
  plainBefore: number;
  plainAfter: Buffer;
}

/** zlib.crc32 continued over more bytes; Node 20's answers 0 for some empty buffers instead of the CRC it was given. */
const crcOn = (bytes: Buffer, crc: number) => (bytes.length ? crc32(bytes, crc) : crc);

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);

export function gzipAround(before: Buffer, after: Buffer): GzipAround {
  return {
    before: deflateRawSync(before, { finishFlush: constants.Z_FULL_FLUSH }),
    after: deflateRawSync(after),
    crcBefore: crc32(before),
    plainBefore: before.length,
    plainAfter: after,
  };
}

/** The whole gzip file: the kept parts around a stored block holding `name` (shorter than 64 KB). */
export function gzipWith(parts: GzipAround, name: Buffer): Buffer {
  const stored = Buffer.alloc(5);
  stored.writeUInt8(0, 0); // BFINAL 0, BTYPE 00 (stored), padded to the byte
  stored.writeUInt16LE(name.length, 1);
  stored.writeUInt16LE(~name.length & 0xffff, 3);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crcOn(parts.plainAfter, crcOn(name, parts.crcBefore)) >>> 0, 0);
  trailer.writeUInt32LE((parts.plainBefore + name.length + parts.plainAfter.length) >>> 0, 4);
  return Buffer.concat([GZIP_HEADER, parts.before, stored, name, parts.after, trailer]);
}

/** As React escapes text (one rule for every page and message built by hand). */
export { escapeHtml };

export class ShapedPages {
  /** Bounded by bytes: a lesson page is 20–60 KB, so 32 MB holds about a thousand shapes. */
  readonly templates: LRUCache<string, Template>;

  constructor({ maxBytes = 32 * 2 ** 20, ttlMs = 10 * 60_000 }: { maxBytes?: number; ttlMs?: number } = {}) {
    this.templates = new LRUCache<string, Template>({
      maxSize: maxBytes,
      sizeCalculation: (t) => t.before.length + t.after.length + (t.gzip ? t.gzip.before.length + t.gzip.after.length : 0) + 256,
      ttl: ttlMs,
    });
  }
}

/**
 * Express middleware in front of Remix for the paths the app says may be shaped. `handle` renders
 * through Remix with the given load context; a render is kept only when it is a 200 HTML page
 * without cookies, made from the very shape it was asked for (the loaders report what they saw),
 * with the marker exactly once and no per-request nonce in it.
 */
export function shapedPagesMiddleware<Context extends { cspNonce: string; pageTemplate?: { nameMarker: string; seen?: string } }>(
  pages: ShapedPages,
  source: ShapedPageSource<Context>,
  handle: (request: Request, context: Context) => Promise<Response>,
  toRequest: (req: ExpressRequest, res: ExpressResponse) => Request,
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => Context,
): RequestHandler {
  const marker = source.NAME_MARKER;
  return async (req, res, next) => {
    if (req.method !== "GET" || !source.SHAPED_PATH.test(req.path)) return next();
    // allow-list: a cookie the shape does not account for (a flash message, say) means a full render
    if (cookieNames(req.headers.cookie ?? "").some((name) => !source.shapedPageCookies.has(name))) return next();
    let request: Request;
    try {
      request = toRequest(req, res);
    } catch {
      return next(); // a malformed Host: Remix's handler answers it
    }
    const context = getLoadContext(req, res);
    try {
      const shape = await source.pageShape(request, context);
      if (!shape) return next();
      const name = Buffer.from(escapeHtml(shape.name));
      const hit = pages.templates.get(shape.key);
      if (hit) return send(res, hit, name, "hit", acceptsGzip(req));

      context.pageTemplate = { nameMarker: marker };
      const response = await handle(request, context);
      const html = /^text\/html\b/i.test(response.headers.get("content-type") ?? "");
      if (!html) {
        // not a page (a redirect, say): as it is
        for (const [k, v] of response.headers) if (k.toLowerCase() !== "content-length") res.append(k, v);
        return res.status(response.status).end(Buffer.from(await response.arrayBuffer()));
      }
      const body = await response.text();
      const parts = body.split(marker);
      const headers = [...response.headers].filter(([k]) => k.toLowerCase() !== "content-length");
      const storable =
        response.status === 200 &&
        parts.length === 2 &&
        context.pageTemplate.seen === shape.key &&
        !response.headers.has("set-cookie") &&
        !(context.cspNonce && body.includes(context.cspNonce));
      if (parts.length > 2) {
        // never stored; the marker is replaced everywhere for this one answer
        return send(
          res,
          { status: response.status, headers, before: Buffer.from(parts.join(escapeHtml(shape.name))), after: Buffer.alloc(0) },
          Buffer.alloc(0),
          "bypass",
        );
      }
      const template: Template = { status: response.status, headers, before: Buffer.from(parts[0]), after: Buffer.from(parts[1] ?? "") };
      if (storable) pages.templates.set(shape.key, { ...template, gzip: gzipAround(template.before, template.after) });
      return send(res, template, parts.length === 2 ? name : Buffer.alloc(0), storable ? "miss" : "bypass");
    } catch (error) {
      next(error);
    }
  };
}

const acceptsGzip = (req: ExpressRequest) => /\bgzip\b/.test(req.headers["accept-encoding"] ?? "");

function send(res: ExpressResponse, template: Template, name: Buffer, state: "hit" | "miss" | "bypass", gzip = false) {
  for (const [k, v] of template.headers) res.append(k, v);
  res.setHeader("X-Page-Cache", state);
  if (gzip && template.gzip && name.length < 0xffff) {
    // already compressed: the compression middleware leaves an encoded body alone
    res.setHeader("Content-Encoding", "gzip");
    res.append("Vary", "Accept-Encoding");
    return res.status(template.status).end(gzipWith(template.gzip, name));
  }
  res.status(template.status).end(Buffer.concat([template.before, name, template.after]));
}
