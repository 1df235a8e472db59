import express from "express";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PageCache, pageCacheMiddleware } from "./page-cache.js";

const req = (over = {}) => ({ method: "GET", path: "/courses/c/l", originalUrl: "/courses/c/l", headers: {}, ...over });

describe("PageCache keys", () => {
  const cache = new PageCache();
  it("caches anonymous GETs of lesson pages only", () => {
    expect(cache.keyFor(req())).toBeTruthy();
    expect(cache.keyFor(req({ method: "POST" }))).toBeNull();
    expect(cache.keyFor(req({ path: "/profile", originalUrl: "/profile" }))).toBeNull();
    expect(cache.keyFor(req({ headers: { cookie: "lng=en; erdem_session=abc" } }))).toBeNull();
    expect(cache.keyFor(req({ headers: { cookie: "erdem_flash=x" } }))).toBeNull();
  });
  it("keeps languages apart", () => {
    const mn = cache.keyFor(req());
    expect(cache.keyFor(req({ headers: { cookie: "lng=en" } }))).not.toBe(mn);
    expect(cache.keyFor(req({ headers: { "accept-language": "en-GB" } }))).not.toBe(mn);
    expect(cache.keyFor(req({ originalUrl: "/courses/c/l?lng=en" }))).not.toBe(mn);
  });
  it("expires entries", () => {
    const c = new PageCache({ ttlMs: 1000 });
    c.set("k", { status: 200, headers: [], body: Buffer.from("x") }, 0);
    expect(c.get("k", 500)).toBeTruthy();
    expect(c.get("k", 1500)).toBeNull();
  });
});

describe("pageCacheMiddleware on a real server", () => {
  let server;
  let base;
  let renders = 0;
  beforeAll(async () => {
    const app = express();
    const handler = async (request) => {
      renders++;
      const isPublic = new URL(request.url).pathname !== "/courses/c/private";
      return new Response(`<p>page ${renders}</p>`, { headers: { "Content-Type": "text/html", "Cache-Control": isPublic ? "public, max-age=60" : "private" } });
    };
    app.use(pageCacheMiddleware(new PageCache(), handler, () => ({})));
    await new Promise((resolve) => {
      server = app.listen(0, "127.0.0.1", resolve);
    });
    base = `http://127.0.0.1:${server.address().port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("renders once and then serves the stored page, gzipped when asked", async () => {
    const first = await fetch(`${base}/courses/c/l`);
    expect(first.headers.get("x-page-cache")).toBe("miss");
    expect(await first.text()).toBe("<p>page 1</p>");
    const second = await fetch(`${base}/courses/c/l`, { headers: { "Accept-Encoding": "gzip" } });
    expect(second.headers.get("x-page-cache")).toBe("hit");
    expect(await second.text()).toBe("<p>page 1</p>");
    expect(renders).toBe(1);
  });

  it("never stores private pages or pages for signed-in users", async () => {
    await fetch(`${base}/courses/c/private`);
    const again = await fetch(`${base}/courses/c/private`);
    expect(again.headers.get("x-page-cache")).toBe("bypass");
    const before = renders;
    const res = await fetch(`${base}/courses/c/l`, { headers: { Cookie: "erdem_session=abc" } });
    expect(res.status).toBe(404); // passed on to the next handler (none here), not served from the cache
    expect(renders).toBe(before);
  });
});
