// Lesson pages: compile time per lesson, page weight, and throughput of a lesson page.
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { readCatalogue } from "~/features/content/catalogue.server";
import { compileLesson } from "~/features/content/compile.server";
import type { Language } from "~/i18n/config";
import { fmt, load, login, machine, recordSection, ROOT, startServer } from "./lib";

export async function benchLessons() {
  // 1. Compile every lesson from scratch (no cache).
  const { courses } = readCatalogue(path.join(ROOT, "content"));
  const times: number[] = [];
  for (const course of courses) {
    for (const lesson of course.lessons) {
      for (const [lng, file] of Object.entries(lesson.files) as [Language, string][]) {
        const t0 = performance.now();
        await compileLesson({ file, source: readFileSync(file, "utf8"), courseSlug: course.slug, courseDir: course.dir, lng });
        times.push(performance.now() - t0);
      }
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  const compile = {
    count: times.length,
    total: times.reduce((a, b) => a + b, 0),
    mean: times.reduce((a, b) => a + b, 0) / times.length,
    max: sorted.at(-1)!,
    first: times[0],
  };
  console.log(`compile: ${compile.count} lessons, mean ${fmt(compile.mean, 1)} ms, max ${fmt(compile.max, 1)} ms`);

  // 2. Serve and measure.
  const server = await startServer({ port: 3210, workers: 2 });
  try {
    const lessonPath = "/courses/ict-cyber-hygiene/two-factor-authentication";
    const page = await fetch(server.url + lessonPath);
    const html = await page.text();
    const scripts = (html.match(/<script\b/g) ?? []).length;
    const cssHrefs = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]);
    let cssGz = 0;
    for (const href of cssHrefs) cssGz += gzipSync(Buffer.from(await (await fetch(server.url + href)).arrayBuffer())).length;
    const htmlGz = gzipSync(Buffer.from(html)).length;
    console.log(`weight: html ${htmlGz} B gz, css ${cssGz} B gz, ${scripts} scripts`);

    const gzip = { "Accept-Encoding": "gzip" };
    await load(server.url + lessonPath, { connections: 50, seconds: 3, headers: gzip }); // warm-up
    const anon = await load(server.url + lessonPath, { connections: 50, seconds: 20, headers: gzip });
    console.log("anonymous", anon);
    const cookie = await login(server.url, "learner@erdem.mn", "erdem-demo-2026");
    const signedIn = await load(server.url + lessonPath, { connections: 50, seconds: 20, headers: { ...gzip, Cookie: cookie } });
    console.log("signed in", signedIn);

    const ok = (b: boolean) => (b ? "met" : "**not met**");
    recordSection(
      "lessons",
      `## Lesson pages

Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine()}.
Method: \`npm run bench\` builds the app, seeds a fresh SQLite database, starts the built server (\`build/server.js\`) with
\`WEB_CONCURRENCY=2\` and loads \`${lessonPath}\` with autocannon (50 connections, 20 s, after a 3 s
warm-up, \`Accept-Encoding: gzip\`) from the same 2-core machine, so the load generator competes with
the server for CPU.

| measure | target | result | |
|---|---|---|---|
| lesson page, anonymous reader (page cache) | ≥ 1,000 req/s, p99 ≤ 50 ms | ${fmt(anon.requestsPerSecond)} req/s, p50 ${anon.p50} ms, p99 ${anon.p99} ms, ${anon.errors + anon.non2xx} errors of ${fmt(anon.total)} | ${ok(anon.requestsPerSecond >= 1000 && anon.p99 <= 50 && anon.errors + anon.non2xx === 0)} |
| lesson page, signed-in learner (rendered per request) | — | ${fmt(signedIn.requestsPerSecond)} req/s, p50 ${signedIn.p50} ms, p99 ${signedIn.p99} ms, ${signedIn.errors + signedIn.non2xx} errors of ${fmt(signedIn.total)} | see note |
| compile, per lesson (${compile.count} lesson files, cold) | ≤ 1 s | mean ${fmt(compile.mean, 1)} ms, max ${fmt(compile.max, 1)} ms (first, with esbuild start-up: ${fmt(compile.first, 1)} ms); all ${fmt(compile.total / 1000, 1)} s | ${ok(compile.max <= 1000)} |
| critical path, compressed | ≤ 100 KB | HTML ${fmt(htmlGz / 1024, 1)} KB + CSS ${fmt(cssGz / 1024, 1)} KB = ${fmt((htmlGz + cssGz) / 1024, 1)} KB | ${ok(htmlGz + cssGz <= 100 * 1024)} |
| JavaScript on a lesson page | ≤ 50 KB | ${scripts} script tags, 0 KB | ${ok(scripts === 0)} |

Notes: lessons are compiled once (at start-up, cached on disk by content hash) and never on a
request. Anonymous lesson pages are kept for 60 s in an in-process page cache, already gzipped;
signed-in pages are rendered by React on every request (session lookup in SQLite included), which is
the slower figure in the second row. Images load lazily and are not on the critical path.`,
    );
  } finally {
    server.stop();
  }
}
