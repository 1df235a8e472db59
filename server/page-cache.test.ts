import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../app/config.server";
import { PageCache, pageCacheMiddleware, type CacheableRequest } from "./page-cache";
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
  it("caches anonymous GETs of lesson pages only", () => {
    expect(cache.keyFor(req())).toBeTruthy();
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
    expect(cache.keyFor(req({ headers: { "accept-language": "en-GB" } }))).not.toBe(mn);
    expect(cache.keyFor(req({ originalUrl: "/courses/c/l?lng=en" }))).not.toBe(mn);
    // The whole header counts: a preference far down the list may decide the language.
    const long = "fr-FR,fr;q=0.9,de;q=0.8,ru;q=0.7,it;q=0.6,";
    expect(cache.keyFor(req({ headers: { "accept-language": `${long}en;q=0.5` } }))).not.toBe(
      cache.keyFor(req({ headers: { "accept-language": `${long}mn;q=0.5` } })),
    );
    expect(cache.keyFor(req({ headers: { "accept-language": "x".repeat(300) } }))).toBeNull();
  });
  it("uses the configured language cookie", () => {
    const c = new PageCache({ languageCookie: "erdem_lng" });
    expect(c.keyFor(req({ headers: { cookie: "erdem_lng=en" } }))).not.toBe(c.keyFor(req()));
    expect(c.keyFor(req({ headers: { cookie: "lng=en" } }))).toBeNull();
  });
  it("varies on exactly the headers its key is made of", () => {
    expect(cache.keyParts.map((p) => p.header)).toEqual(["Cookie", "Accept-Language"]);
    expect(cache.vary).toBe("Cookie, Accept-Language");
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
    const handler = async (request: Request) => {
      renders++;
      const isPublic = new URL(request.url).pathname !== "/courses/c/private";
      return new Response(`<p>page ${renders}</p>`, { headers: { "Content-Type": "text/html", "Cache-Control": isPublic ? "public, max-age=60" : "private" } });
    };
    app.use(pageCacheMiddleware(new PageCache(), handler, toFetchRequest, () => ({})));
    server = await listen(app);
  });
  afterAll(() => server.close());

  it("renders once and then serves the stored page, gzipped when asked", async () => {
    const first = await fetch(`${server.base}/courses/c/l`);
    expect(first.headers.get("x-page-cache")).toBe("miss");
    expect(await first.text()).toBe("<p>page 1</p>");
    const second = await fetch(`${server.base}/courses/c/l`, { headers: { "Accept-Encoding": "gzip" } });
    expect(second.headers.get("x-page-cache")).toBe("hit");
    expect(await second.text()).toBe("<p>page 1</p>");
    expect(renders).toBe(1);
  });

  it("sends Vary for what the key is made of, on the stored page and on every hit", async () => {
    const miss = await fetch(`${server.base}/courses/c/vary`);
    expect(miss.headers.get("x-page-cache")).toBe("miss");
    expect(miss.headers.get("vary")).toContain("Cookie, Accept-Language");
    const hit = await fetch(`${server.base}/courses/c/vary`, { headers: { "Accept-Encoding": "gzip" } });
    expect(hit.headers.get("x-page-cache")).toBe("hit");
    expect(hit.headers.get("vary")).toBe("Cookie, Accept-Language, Accept-Encoding");
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
});
