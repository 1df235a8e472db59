// A broken lesson in production: a learner (or anyone not signed in) gets the general error page,
// with nothing of the file, its lines or the compiler's words; a trainer gets the error panel. The
// page is rendered whole by Remix in production mode, from the real root and lesson route.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const dir = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? "/tmp"}/erdem-lesson-error-production-${process.pid}-${Date.now()}`;
  process.env.CONTENT_DIR = dir;
  process.env.NODE_ENV = "production";
  return dir;
});

// The settings are read as production's; React is then loaded as in every other test (vitest
// compiles JSX for React's development build, which NODE_ENV=production would not load).
const { config } = await import("~/config.server");
process.env.NODE_ENV = "test";
const { db } = await import("~/db.server");
const entry = await import("~/entry.server");
const root = await import("~/root");
const lessonRoute = await import("~/routes/courses.$course.$lesson");
const { createUser } = await import("../../../db/factories");
const { context, sessionCookieFor } = await import("../../../tests/helpers");
const { assignCourseTrainer } = await import("./trainers.server");

const course = path.join(dir, "courses", "demo");

beforeAll(() => {
  mkdirSync(path.join(course, "m1"), { recursive: true });
  writeFileSync(
    path.join(course, "course.yaml"),
    `title: { mn: "Жишээ", en: "Demo" }
summary: { mn: "Жишээ.", en: "Demo." }
audience: [civil_servant]
version: "1"
hours: 1
certificateValidityMonths: null
inPersonRequired: false
published: true
objectives: { mn: ["Нэг"], en: ["One"] }
modules:
  - slug: m1
    title: { mn: "Бүлэг", en: "Module" }
    lessons: [broken]
`,
  );
  for (const lng of ["mn", "en"])
    writeFileSync(path.join(course, "m1", `broken.${lng}.mdx`), `---\ntitle: "Эвдэрсэн"\nminutes: 5\n---\n\nТекст\n\n<Callout type="info">\nХаагдаагүй таг\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const build = {
  mode: "production",
  entry: { module: entry },
  routes: {
    root: { id: "root", path: "", module: root },
    "routes/courses.$course.$lesson": { id: "routes/courses.$course.$lesson", parentId: "root", path: "courses/:course/:lesson", module: lessonRoute },
  },
  assets: {
    entry: { imports: [], module: "/build/entry.client.js" },
    routes: {
      root: {
        id: "root",
        path: "",
        module: "/build/root.js",
        hasLoader: true,
        hasAction: false,
        hasErrorBoundary: true,
        hasClientLoader: false,
        hasClientAction: false,
      },
      "routes/courses.$course.$lesson": {
        id: "routes/courses.$course.$lesson",
        parentId: "root",
        path: "courses/:course/:lesson",
        module: "/build/lesson.js",
        hasLoader: true,
        hasAction: true,
        hasErrorBoundary: false,
        hasClientLoader: false,
        hasClientAction: false,
      },
    },
    url: "/build/manifest.js",
    version: "test",
  },
  publicPath: "/build/",
  assetsBuildDirectory: "public/build",
  future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true, v3_singleFetch: false },
  isSpaMode: false,
} as unknown as ServerBuild;
const handle = createRequestHandler(build, "production");

async function render(cookie?: string) {
  const headers = new Headers(cookie ? { Cookie: cookie } : {});
  const res = await handle(new Request("http://localhost/courses/demo/broken", { headers }), context() as Parameters<typeof handle>[1]);
  return { status: res.status, html: await res.text() };
}

/** What only the panel says: the file, the line, the compiler's words, the lesson's own text. */
const INTERNALS = ["broken.mn.mdx", "Callout", "mdx-syntax", "Хаагдаагүй", "closing tag", "content-problems", dir];

describe("a broken lesson in production", () => {
  it("is served by a production configuration", () => {
    expect(config.NODE_ENV).toBe("production");
  });

  it("gives a visitor and a learner the general error page, with nothing of the file", async () => {
    const learner = await createUser(db);
    for (const cookie of [undefined, await sessionCookieFor(learner.id)]) {
      const { status, html } = await render(cookie);
      expect(status).toBe(500);
      expect(html).toContain("Алдаа гарлаа");
      for (const word of INTERNALS) expect(html).not.toContain(word);
    }
  });

  it("shows the course's trainer where the lesson is broken, and not another course's trainer", async () => {
    const other = await createUser(db, { roles: [{ role: "trainer" }] });
    const refused = await render(await sessionCookieFor(other.id));
    for (const word of INTERNALS) expect(refused.html).not.toContain(word);
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    expect(await assignCourseTrainer(admin, "demo", trainer.email)).toEqual({ ok: true });
    const { status, html } = await render(await sessionCookieFor(trainer.id));
    expect(status).toBe(500);
    expect(html).toContain("Хичээлийн агуулгад алдаа байна");
    expect(html).toMatch(/broken\.mn\.mdx:8:1/);
    expect(html).toContain("Энэ тайлбарыг зөвхөн сургагч багш, админ харна");
    // no development reload script in production
    expect(html).not.toContain("EventSource");
  });
});
