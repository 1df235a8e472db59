// The shaped-page middleware on a real port, with a small fetch handler standing in for Remix that
// renders a page the way the app does (a name in the header, loaders reporting the shape they saw),
// and the precompressed gzip read back by zlib and by the system's gzip.
import { execFileSync } from "node:child_process";
import { gunzipSync } from "node:zlib";
import express from "express";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toFetchRequest } from "./remix";
import { escapeHtml, gzipAround, gzipWith, type PageShape, ShapedPages, shapedPagesMiddleware } from "./shaped-pages";
import { listen } from "./testing";

describe("gzip around a name", () => {
  it("decompresses to the page with the name, for any page and name (zlib and gzip(1))", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 3000 }),
        fc.string({ unit: "binary", maxLength: 200 }),
        fc.string({ unit: "binary", maxLength: 3000 }),
        (a, n, b) => {
          const [before, name, after] = [a, n, b].map((x) => Buffer.from(x));
          const gz = gzipWith(gzipAround(before, after), name);
          expect(gunzipSync(gz).equals(Buffer.concat([before, name, after]))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
    const page = Buffer.from("<header>Сайн байна уу, ".repeat(200));
    const gz = gzipWith(gzipAround(page, Buffer.from("</header><main>Өдрийн мэнд</main>".repeat(300))), Buffer.from("Ө. Үүрцайх"));
    const text = execFileSync("gzip", ["-dc"], { input: gz }).toString("utf8");
    expect(text).toContain("Ө. Үүрцайх</header>");
    expect(text.length).toBe(page.toString().length + "Ө. Үүрцайх".length + "</header><main>Өдрийн мэнд</main>".length * 300);
  });
});

interface Context {
  cspNonce: string;
  responseCookies: string[];
  pageTemplate?: { nameMarker: string; seen?: string };
}

const MARKER = "erdemtestmarkername";

describe("shaped pages", () => {
  let base = "";
  let close = async () => {};
  let renders = 0;
  /** Each user's facts: their name and whether they have done the lesson. */
  const users: Record<string, { name: string; done: boolean; nonce?: boolean; cookie?: boolean; twice?: boolean; race?: boolean }> = {
    a: { name: "Бат", done: false },
    b: { name: "Болд", done: false },
    c: { name: `<script>alert("x")</script> & 'Дорж'`, done: false },
    d: { name: "Сараа", done: true },
    n: { name: "Нонс", done: false, nonce: true },
    k: { name: "Күүки", done: false, cookie: true },
    t: { name: "Хоёр", done: false, twice: true },
    r: { name: "Рэйс", done: false, race: true },
  };
  const keyOf = (u: string) =>
    JSON.stringify([u === "r" ? "r" : "", users[u].done, users[u].nonce ?? false, users[u].cookie ?? false, users[u].twice ?? false]);
  const shapes = new ShapedPages();

  beforeAll(async () => {
    const app = express();
    app.use((_req, res, next) => {
      res.locals.ctx = { cspNonce: `nonce${Math.random()}`, responseCookies: [] } satisfies Context;
      next();
    });
    const source = {
      NAME_MARKER: MARKER,
      SHAPED_PATH: /^\/lesson$/,
      shapedPageCookies: new Set(["s"]),
      pageShape: async (request: Request): Promise<PageShape | null> => {
        const u = /s=(\w)/.exec(request.headers.get("cookie") ?? "")?.[1];
        return u && users[u] ? { key: keyOf(u), name: users[u].name } : null;
      },
    };
    const handle = async (request: Request, context: Context) => {
      renders++;
      const u = /s=(\w)/.exec(request.headers.get("cookie") ?? "")?.[1] ?? "";
      const user = users[u];
      const name = context.pageTemplate ? context.pageTemplate.nameMarker : escapeHtml(user.name);
      if (context.pageTemplate) context.pageTemplate.seen = user.race ? `${keyOf(u)} but done` : keyOf(u);
      const nonce = user.nonce ? `<script nonce="${context.cspNonce}"></script>` : "";
      const headers = new Headers({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-cache" });
      if (user.cookie) headers.append("Set-Cookie", "renewed=1");
      const body = `<header>${name}${user.twice ? name : ""}</header><main>${"Хичээл. ".repeat(500)}${user.done ? "✓ Үзсэн" : "Үзсэн гэж тэмдэглэх"}</main>${nonce}`;
      return new Response(body, { headers });
    };
    app.use(shapedPagesMiddleware<Context>(shapes, source, handle, toFetchRequest, (_req, res) => res.locals.ctx));
    app.use((_req, res) => res.status(599).end("fell through"));
    ({ base, close } = await listen(app));
  });
  afterAll(() => close());

  const get = async (user: string, gzip = false) => {
    const res = await fetch(`${base}/lesson`, { headers: { Cookie: `s=${user}`, "Accept-Encoding": gzip ? "gzip" : "identity" } });
    return {
      state: res.headers.get("x-page-cache"),
      encoding: res.headers.get("content-encoding"),
      text: await res.text(),
      cookie: res.headers.get("set-cookie"),
    };
  };

  it("renders a shape once and serves it to the next learner with their own name, escaped", async () => {
    renders = 0;
    const a = await get("a");
    expect(a.state).toBe("miss");
    expect(a.text).toContain("<header>Бат</header>");
    const b = await get("b");
    expect(b.state).toBe("hit");
    expect(b.text).toContain("<header>Болд</header>");
    expect(b.text).not.toContain("Бат");
    const c = await get("c", true);
    expect(c.state).toBe("hit");
    expect(c.encoding).toBe("gzip"); // fetch decoded it
    expect(c.text).toContain("<header>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;Дорж&#x27;</header>");
    expect(c.text).toBe(a.text.replace("Бат", escapeHtml(users.c.name)));
    expect(renders).toBe(1);
  });

  it("keeps another shape apart (a lesson done)", async () => {
    const d = await get("d");
    expect(d.state).toBe("miss");
    expect(d.text).toContain("✓ Үзсэн");
    expect((await get("a")).text).not.toContain("✓");
  });

  it("never keeps a page with the request's nonce, a cookie, or the name twice", async () => {
    for (const u of ["n", "k", "t"]) {
      const first = await get(u);
      const second = await get(u);
      expect([first.state, second.state]).toEqual(["bypass", "bypass"]);
      expect(second.text).toContain(`<header>${users[u].name}`);
      expect(second.text).not.toContain(MARKER);
    }
    expect((await get("k")).cookie).toBe("renewed=1");
    expect((await get("t")).text).toContain("<header>ХоёрХоёр</header>");
  });

  it("does not keep a render whose loaders saw another shape than was asked for", async () => {
    // the learner marked the lesson done between the shape and the render
    const first = await get("r");
    const second = await get("r");
    expect([first.state, second.state]).toEqual(["bypass", "bypass"]);
    expect(second.text).toContain("<header>Рэйс</header>");
  });

  it("leaves other requests to the app", async () => {
    const res = await fetch(`${base}/lesson`);
    expect(res.status).toBe(599);
    expect((await fetch(`${base}/other`, { headers: { Cookie: "s=a" } })).status).toBe(599);
    // a cookie outside the allow-list (a flash message, say) means a full render
    expect((await fetch(`${base}/lesson`, { headers: { Cookie: "s=a; flash=1" } })).status).toBe(599);
  });
});
