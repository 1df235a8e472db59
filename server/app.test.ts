// The whole Express app (server/app.ts) on a real port, in front of real action routes of the app.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "~/config.server";
import * as entry from "~/entry.server";
import { type Column, type Page, tableResponse } from "~/features/reports/table-export.server";
import * as adminEnrolments from "~/routes/admin.enrolments";
import * as login from "~/routes/login";
import * as register from "~/routes/register";
import * as resetPassword from "~/routes/reset-password.$token";
import * as verify from "~/routes/verify._index";
import { createApp } from "./app";
import { listen } from "./testing";

type Route = ServerBuild["routes"][string];

/** A server build made of the given route modules under a bare root: what `remix build` assembles. */
function buildOf(routes: Record<string, Omit<Route, "id" | "parentId">>): ServerBuild {
  const manifest: ServerBuild["routes"] = { root: { id: "root", path: "", module: { default: () => null } } };
  for (const [id, route] of Object.entries(routes)) manifest[id] = { ...route, id, parentId: "root" };
  return {
    mode: "test",
    entry: { module: entry },
    routes: manifest,
    assets: { entry: { imports: [], module: "" }, routes: {}, url: "", version: "test" },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: {
      v3_fetcherPersist: true,
      v3_relativeSplatPath: true,
      v3_throwAbortReason: true,
      v3_lazyRouteDiscovery: true,
      v3_singleFetch: false,
      unstable_optimizeDeps: false,
      v3_routeConfig: false,
    },
    isSpaMode: false,
  } as unknown as ServerBuild;
}

interface Sent {
  status: number;
  type: string;
  text: string;
}

/** One request over plain node:http, so that a body the server stops reading still yields its answer. */
function send(
  url: string,
  { method = "POST", headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: Buffer | string | Buffer[] },
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), text: Buffer.concat(chunks).toString("utf8") }),
      );
    });
    // Once the server has answered and closed, the rest of a large body cannot be written.
    req.on("error", (e: NodeJS.ErrnoException) => (e.code === "EPIPE" || e.code === "ECONNRESET" ? undefined : reject(e)));
    for (const part of Array.isArray(body) ? body : body === undefined ? [] : [body]) req.write(part);
    req.end();
  });
}

describe("the client address given to loaders", () => {
  const ipBuild = buildOf({
    "routes/ip": { path: "ip", module: { default: undefined, loader: ({ context }: { context: { clientIp: string } }) => new Response(context.clientIp) } },
  });
  const servers: Awaited<ReturnType<typeof listen>>[] = [];
  afterAll(() => Promise.all(servers.map((s) => s.close())));

  async function clientIp(trustProxy: string | undefined, forwardedFor?: string): Promise<string> {
    const server = await listen(createApp(ipBuild, { config: parseConfig({ TRUST_PROXY: trustProxy, PAGE_CACHE: "off" }), languageCookieName: "lng" }));
    servers.push(server);
    const res = await send(`${server.base}/ip`, { method: "GET", headers: forwardedFor ? { "X-Forwarded-For": forwardedFor } : {} });
    expect(res.status).toBe(200);
    return res.text;
  }

  it("is the peer's address when no proxy is trusted, whatever X-Forwarded-For says", async () => {
    expect(await clientIp(undefined, "203.0.113.7")).toBe("127.0.0.1");
    expect(await clientIp("false", "203.0.113.7")).toBe("127.0.0.1");
  });

  it("with a hop count, is the address the outermost trusted proxy saw, not what the client forged", async () => {
    // The client wrote "6.6.6.6"; the one proxy (here: the test, over loopback) appended the real address.
    expect(await clientIp("1", "6.6.6.6, 203.0.113.7")).toBe("203.0.113.7");
    // Two proxies: the inner one appended the outer one's address.
    expect(await clientIp("2", "6.6.6.6, 203.0.113.7, 10.0.0.2")).toBe("203.0.113.7");
    // A hop count larger than the chain cannot reach past what was sent.
    expect(await clientIp("1")).toBe("127.0.0.1");
  });

  it("with a list of proxies, skips exactly those hops", async () => {
    expect(await clientIp("loopback", "6.6.6.6, 203.0.113.7")).toBe("203.0.113.7");
    expect(await clientIp("loopback, 10.0.0.0/8", "6.6.6.6, 203.0.113.7, 10.0.0.2")).toBe("203.0.113.7");
    // A forged private address at the left is not skipped past the real client.
    expect(await clientIp("loopback, 10.0.0.0/8", "10.6.6.6, 203.0.113.7")).toBe("203.0.113.7");
    // The peer is not a listed proxy: its X-Forwarded-For is ignored.
    expect(await clientIp("10.9.9.9", "203.0.113.7")).toBe("127.0.0.1");
  });
});

describe("bad request bodies to real actions", () => {
  const MAX = 10_000;
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    const build = buildOf({
      "routes/login": { path: "login", module: login },
      "routes/register": { path: "register", module: register },
      "routes/reset-password.$token": { path: "reset-password/:token", module: resetPassword },
      "routes/verify._index": { path: "verify", index: true, module: verify },
      "routes/admin.enrolments": { path: "admin/enrolments", module: adminEnrolments },
    });
    server = await listen(createApp(build, { config: parseConfig({ BODY_MAX_BYTES: String(MAX), PAGE_CACHE: "off" }), languageCookieName: "lng" }));
  });
  afterAll(() => server.close());

  const paths = ["/login", "/register", "/reset-password/abc", "/verify?index", "/admin/enrolments", "/login?_data=routes%2Flogin"];
  const boundary = "----erdem7MA4YWxkTrZu0gW";
  const multipartOk = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nupload\r\n--${boundary}--\r\n`);
  const badBodies: { kind: string; status: number; headers: Record<string, string>; body?: Buffer | string | Buffer[] }[] = [
    { kind: "JSON", status: 415, headers: { "Content-Type": "application/json" }, body: '{"email":"a@b.mn","password":"x"}' },
    { kind: "text/plain", status: 415, headers: { "Content-Type": "text/plain;charset=UTF-8" }, body: "email=a@b.mn" },
    { kind: "no Content-Type", status: 415, headers: {}, body: "email=a@b.mn" },
    { kind: "an unparseable Content-Type", status: 415, headers: { "Content-Type": "application/x-www-form-urlencoded; ;=" }, body: "a=1" },
    {
      kind: "broken multipart",
      status: 400,
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body: `--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nupload`,
    },
    { kind: "multipart of another boundary", status: 400, headers: { "Content-Type": "multipart/form-data; boundary=other" }, body: multipartOk },
    { kind: "multipart without a boundary", status: 400, headers: { "Content-Type": "multipart/form-data" }, body: multipartOk },
    {
      kind: "multipart with an invalid boundary",
      status: 400,
      headers: { "Content-Type": `multipart/form-data; boundary=${"b".repeat(71)}` },
      body: multipartOk,
    },
    { kind: "multipart with an empty boundary", status: 400, headers: { "Content-Type": 'multipart/form-data; boundary=""' }, body: multipartOk },
    {
      kind: "a declared huge body",
      status: 413,
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(MAX * 20) },
      body: Buffer.alloc(MAX * 20, "a"),
    },
    {
      kind: "a streamed huge body",
      status: 413,
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked" },
      body: Array.from({ length: 20 }, () => Buffer.alloc(MAX, "a")),
    },
    {
      kind: "a huge multipart upload",
      status: 413,
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body: Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n`),
        Buffer.alloc(MAX * 3, "a"),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    },
    {
      kind: "a non-UTF-8 charset",
      status: 415,
      headers: { "Content-Type": "application/x-www-form-urlencoded; charset=windows-1251" },
      body: Buffer.from([0x65, 0x3d, 0xc0, 0xe4]),
    },
    {
      kind: "bytes that are not UTF-8",
      status: 400,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: Buffer.from([0x65, 0x3d, 0xc0, 0xe4]),
    },
  ];

  for (const bad of badBodies) {
    it(`answers ${bad.kind} with ${bad.status} and a message in both languages, on every action`, async () => {
      for (const path of paths) {
        const res = await send(`${server.base}${path}`, { headers: { Origin: server.base, ...bad.headers }, body: bad.body });
        expect({ path, status: res.status }).toEqual({ path, status: bad.status });
        expect(res.type).toMatch(/^text\/plain/);
        expect(res.text).toMatch(/[А-Яа-яӨөҮү][\s\S]*\n[A-Z]/);
      }
    });
  }

  it("refuses Origin: null with a same-site Referer with 403 before reading the body", async () => {
    const res = await send(`${server.base}/login`, {
      headers: { Origin: "null", Referer: `${server.base}/login`, "Content-Type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(403);
  });

  it("still hands well-formed forms to the actions", async () => {
    const urlencoded = await send(`${server.base}/login?_data=routes%2Flogin`, {
      headers: { Origin: server.base, "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8" },
      body: "email=nobody%40erdem.mn&password=wrong-password",
    });
    expect(urlencoded.status).toBe(400); // the login form's own answer: wrong email or password
    expect(urlencoded.type).toMatch(/application\/json/);

    const multipart = await send(`${server.base}/verify?index&_data=routes%2Fverify._index`, {
      // Quoted, and with a charset: Remix's own multipart parser would read no field of it as sent.
      headers: { Origin: server.base, "Content-Type": `multipart/form-data; charset=utf-8; boundary="${boundary}"` },
      body: Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="serial"\r\n\r\nERD-0000\r\n--${boundary}\r\nContent-Disposition: form-data; name="surname"\r\n\r\nДорж\r\n--${boundary}--\r\n`,
      ),
    });
    expect(multipart.status).toBe(404); // read by the action: no such certificate
    expect(JSON.parse(multipart.text)).toMatchObject({ error: "verify.notFound", values: { serial: "ERD-0000", surname: "Дорж" } });
  });
});

describe("the roll call's service worker script", () => {
  it("may control /events/ and is always checked for a newer version", async () => {
    const server = await listen(createApp(buildOf({}), { config: parseConfig({ PAGE_CACHE: "off" }), languageCookieName: "lng" }));
    try {
      const res = await fetch(`${server.base}/roll-call-sw.js`);
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toContain("javascript");
      expect(res.headers.get("Service-Worker-Allowed")).toBe("/events/");
      expect(res.headers.get("Cache-Control")).toBe("no-cache");
      // other public files keep their own caching, without the wider scope
      const icon = await fetch(`${server.base}/favicon.svg`);
      expect(icon.headers.get("Service-Worker-Allowed")).toBeNull();
    } finally {
      await server.close();
    }
  });
});

describe("a streamed response", () => {
  // 200 pages of about 120 KB of CSV, random enough that gzip leaves 20 MB: more than the socket's buffers hold
  function download(count = 200) {
    const asked = { pages: 0, closed: false };
    async function* pages(): AsyncGenerator<Page> {
      try {
        for (; asked.pages < count; ) {
          asked.pages++;
          yield Array.from({ length: 1000 }, (_, i) => [`Өлзийбаяр Үүрцайх ${asked.pages}-${i}`, randomBytes(64).toString("base64"), i]);
        }
      } finally {
        asked.closed = true;
      }
    }
    const columns: Column[] = [
      { header: "Нэр", type: "text" },
      { header: "Тэмдэглэл", type: "text" },
      { header: "Тоо", type: "integer" },
    ];
    const build = buildOf({
      "routes/download": {
        path: "download",
        module: { default: undefined, loader: () => tableResponse({ format: "csv", filename: "тайлан.csv", sheetName: "", columns, pages: pages() }) },
      },
    });
    return { asked, build };
  }

  async function settledCount(read: () => number) {
    let last = -1;
    for (let i = 0; i < 100 && read() !== last; i++) {
      last = read();
      await new Promise((r) => setTimeout(r, 100));
    }
    return last;
  }

  for (const encoding of ["identity", "gzip"]) {
    it(`is read only as fast as the client takes it, and a client who leaves stops it (${encoding})`, async () => {
      const { asked, build } = download();
      const server = await listen(createApp(build, { config: parseConfig({ PAGE_CACHE: "off" }), languageCookieName: "lng" }));
      try {
        const res = await new Promise<http.IncomingMessage>((resolve) =>
          http.get(`${server.base}/download`, { headers: { "Accept-Encoding": encoding } }, resolve),
        );
        expect(res.statusCode).toBe(200);
        expect(res.headers["content-encoding"] ?? "identity").toBe(encoding);
        res.pause();
        // a client that reads nothing: the server stops at what the socket's buffers hold, not all 200 pages
        const held = await settledCount(() => asked.pages);
        expect(held).toBeLessThan(100);
        res.destroy();
        await settledCount(() => Number(asked.closed));
        expect(asked.closed).toBe(true);
        expect(asked.pages).toBeLessThan(100);
      } finally {
        await server.close();
      }
    });
  }

  it("arrives whole for a client that reads it", async () => {
    const { asked, build } = download(10);
    const server = await listen(createApp(build, { config: parseConfig({ PAGE_CACHE: "off" }), languageCookieName: "lng" }));
    try {
      const res = await fetch(`${server.base}/download`);
      expect(res.headers.get("Content-Encoding")).toBe("gzip");
      const text = await res.text();
      expect(text.split("\r\n")).toHaveLength(1 + 10 * 1000 + 1);
      expect(asked.pages).toBe(10);
    } finally {
      await server.close();
    }
  });
});
