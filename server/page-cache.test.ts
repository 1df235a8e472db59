import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../app/config.server";
import { createHash } from "node:crypto";
import { inlineScriptHashes, PageCache, pageCacheMiddleware, policyWithHashes, type CacheableRequest } from "./page-cache";
import { toFetchRequest } from "./remix";
import { listen } from "./testing";

const req = (over: Partial<CacheableRequest> = {}): CacheableRequest => ({
  method: "GET",
  path: "/courses/c/l",
  originalUrl: "/courses/c/l",
  headers: {},
  ...over,
});

describe("PageCache keys", () => {
  const cache = new PageCache();
  it("caches anonymous GETs of public pages only: lessons, the catalogue, course pages, log-in and registration", () => {
    expect(cache.keyFor(req())).toBeTruthy();
    for (const p of ["/courses", "/courses/c", "/login", "/register"]) expect(cache.keyFor(req({ path: p, originalUrl: p }))).toBeTruthy();
    for (const p of ["/", "/my", "/courses/c/l/x", "/admin", "/certificates", "/login/x", "/verify"])
      expect(cache.keyFor(req({ path: p, originalUrl: p }))).toBeNull();
    expect(cache.keyFor(req({ method: "POST" }))).toBeNull();
    expect(cache.keyFor(req({ path: "/profile", originalUrl: "/profile" }))).toBeNull();
    expect(cache.keyFor(req({ headers: { cookie: "lng=en; erdem_session=abc" } }))).toBeNull();
    expect(cache.keyFor(req({ headers: { cookie: "erdem_flash=x" } }))).toBeNull();
  });
  it("never serves a request carrying a session cookie, whatever SESSION_COOKIE_NAME says", () => {
    const { SESSION_COOKIE_NAME } = parseConfig({ SESSION_COOKIE_NAME: "gov_lms_sid" });
    expect(cache.keyFor(req({ headers: { cookie: `${SESSION_COOKIE_NAME}=abc` } }))).toBeNull();
    expect(cache.keyFor(req({ headers: { cookie: `lng=en; ${SESSION_COOKIE_NAME}=abc` } }))).toBeNull();
    expect(cache.keyFor(req({ headers: { cookie: "lng=en" } }))).toBeTruthy();
  });
  it("keeps languages apart", () => {
    const mn = cache.keyFor(req());
    expect(cache.keyFor(req({ headers: { cookie: "lng=en" } }))).not.toBe(mn);
    // the browser's Accept-Language never chooses the language (Mongolian unless the reader chose English)
    expect(cache.keyFor(req({ headers: { "accept-language": "en-GB" } }))).toBe(mn);
    expect(cache.keyFor(req({ originalUrl: "/courses/c/l?lng=en" }))).not.toBe(mn);
  });
  it("uses the configured language cookie", () => {
    const c = new PageCache({ languageCookie: "erdem_lng" });
    expect(c.keyFor(req({ headers: { cookie: "erdem_lng=en" } }))).not.toBe(c.keyFor(req()));
    expect(c.keyFor(req({ headers: { cookie: "lng=en" } }))).toBeNull();
  });
  it("varies on exactly the headers its key is made of", () => {
    expect(cache.keyParts.map((p) => p.header)).toEqual(["Cookie"]);
    expect(cache.vary).toBe("Cookie");
  });
  it("expires entries", () => {
    const c = new PageCache({ ttlMs: 1000 });
    c.set("k", { status: 200, headers: [], body: Buffer.from("x") }, 0);
    expect(c.get("k", 500)).toBeTruthy();
    expect(c.get("k", 1500)).toBeNull();
  });
});

describe("pageCacheMiddleware on a real server", () => {
  let server: Awaited<ReturnType<typeof listen>>;
  let renders = 0;
  beforeAll(async () => {
    const app = express();
    const handler = async (request: Request, { nonce }: { nonce: string }) => {
      renders++;
      const path = new URL(request.url).pathname;
      const isPublic = path !== "/courses/c/private";
      const scripts = path === "/login" ? `<script nonce="${nonce}">window.a=1</script><script src="/build/x.js" nonce="${nonce}"></script>` : "";
      return new Response(`<p>page ${renders}</p>${scripts}`, {
        headers: { "Content-Type": "text/html", "Cache-Control": isPublic ? "public, max-age=60" : "private" },
      });
    };
    // the policy the security headers would set, with this request's nonce
    let requests = 0;
    app.use((_req, res, next) => {
      res.locals.nonce = `n${++requests}`;
      res.setHeader("Content-Security-Policy", `default-src 'self';script-src 'self' 'nonce-${res.locals.nonce}';style-src 'self'`);
      next();
    });
    app.use(pageCacheMiddleware(new PageCache(), handler, toFetchRequest, (_req, res) => ({ nonce: res.locals.nonce as string })));
    server = await listen(app);
  });
  afterAll(() => server.close());

  it("renders once and then serves the stored page, gzipped when asked", async () => {
    const first = await fetch(`${server.base}/courses/c/l`);
    expect(first.headers.get("x-page-cache")).toBe("miss");
    expect(await first.text()).toBe(`<p>page ${renders}</p>`);
    const second = await fetch(`${server.base}/courses/c/l`, { headers: { "Accept-Encoding": "gzip" } });
    expect(second.headers.get("x-page-cache")).toBe("hit");
    expect(await second.text()).toBe(`<p>page ${renders}</p>`);
    expect(renders).toBe(1);
  });

  it("sends Vary for what the key is made of, on the stored page and on every hit", async () => {
    const miss = await fetch(`${server.base}/courses/c/vary`);
    expect(miss.headers.get("x-page-cache")).toBe("miss");
    expect(miss.headers.get("vary")).toContain("Cookie");
    const hit = await fetch(`${server.base}/courses/c/vary`, { headers: { "Accept-Encoding": "gzip" } });
    expect(hit.headers.get("x-page-cache")).toBe("hit");
    expect(hit.headers.get("vary")).toBe("Cookie, Accept-Encoding");
  });

  it("never stores private pages or pages for signed-in users", async () => {
    await fetch(`${server.base}/courses/c/private`);
    const again = await fetch(`${server.base}/courses/c/private`);
    expect(again.headers.get("x-page-cache")).toBe("bypass");
    const before = renders;
    const res = await fetch(`${server.base}/courses/c/l`, { headers: { Cookie: "some_session=abc" } });
    expect(res.status).toBe(404); // passed on to the next handler (none here), not served from the cache
    expect(renders).toBe(before);
  });

  it("serves a kept page with inline scripts under their hashes, not under another request's nonce", async () => {
    const first = await fetch(`${server.base}/login`);
    const html = await first.text();
    expect(first.headers.get("x-page-cache")).toBe("miss");
    const nonce = /nonce="([^"]+)"/.exec(html)?.[1];
    expect(first.headers.get("content-security-policy")).toContain(`'nonce-${nonce}'`);
    const hit = await fetch(`${server.base}/login`);
    expect(hit.headers.get("x-page-cache")).toBe("hit");
    expect(await hit.text()).toBe(html);
    const policy = hit.headers.get("content-security-policy") ?? "";
    const hash = createHash("sha256").update("window.a=1").digest("base64");
    expect(policy).toBe(`default-src 'self';script-src 'self' 'sha256-${hash}';style-src 'self'`);
  });
});

describe("script hashes", () => {
  it("hashes inline scripts only, as browsers do (UTF-8 of the text between the tags)", () => {
    const html = `<script nonce="x">var s="Өө";</script><script type="module" async="">import "/a.js";</script><script src="/b.js"></script><script></script>`;
    const h = (t: string) => `'sha256-${createHash("sha256").update(Buffer.from(t, "utf8")).digest("base64")}'`;
    expect(inlineScriptHashes(html)).toEqual([h('var s="Өө";'), h('import "/a.js";')]);
  });
  it("replaces the nonce source, and allows no inline script when the page has none", () => {
    expect(policyWithHashes("script-src 'self' 'nonce-abc';style-src 'self'", ["'sha256-x'"])).toBe("script-src 'self' 'sha256-x';style-src 'self'");
    expect(policyWithHashes("script-src 'self' 'nonce-abc';img-src 'self'", [])).toBe("script-src 'self';img-src 'self'");
  });
});
