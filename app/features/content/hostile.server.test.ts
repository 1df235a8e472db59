// Lessons written to run code on the server, read files outside the course or script the reader's
// browser (tests/fixtures/content/hostile): each must fail content:check at its line, and no payload
// may ever run. Every payload, if it ran, would write MARKER.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContentProblem } from "./catalogue.server";
import { checkContent } from "./check.server";

const MARKER = "/tmp/erdem-hostile-lesson-ran";
const FIXTURE = path.resolve("tests/fixtures/content/hostile");
// A copy, so the symbolic link out of the course folder can be made without keeping one in git.
const dir = mkdtempSync(path.join(os.tmpdir(), "erdem-hostile-"));
const attacks = path.join(dir, "courses", "hostile", "attacks");

// [file under attacks/, line, what the report says]
const EXPECTED: [string, number, string][] = [
  ["computed-member.mn.mdx", 8, "a function call is not allowed"],
  ["template-name.mn.mdx", 6, "a function call is not allowed"],
  ["tagged-template.mn.mdx", 6, "a function call is not allowed"],
  ["unicode-identifier.mn.mdx", 6, "a function call is not allowed"],
  ["js-import.mn.mdx", 6, 'import from "./parts/payload.js" is not allowed'],
  ["json-import.mn.mdx", 6, 'import from "./parts/data.json" is not allowed'],
  ["ts-import.mn.mdx", 6, 'import from "./parts/payload.ts" is not allowed'],
  ["mjs-import.mn.mdx", 6, 'import from "./parts/payload.mjs" is not allowed'],
  ["symlink-import.mn.mdx", 6, 'import from "./parts/linked.mdx" is not allowed'],
  ["symlink-image.mn.mdx", 6, 'file "parts/linked.svg" not found in the course folder'],
  ["parent-escape.mn.mdx", 6, 'import from "../../../outside/secret.mdx" is not allowed'],
  ["builtin-import.mn.mdx", 6, 'import from "node:fs" is not allowed'],
  ["builtin-import.mn.mdx", 8, "a function call is not allowed"],
  ["dynamic-import.mn.mdx", 6, "a function call is not allowed"],
  ["import-meta.mn.mdx", 6, "a property access (a.b, a[b], a?.b) is not allowed"],
  ["getter.mn.mdx", 8, "a property access (a.b, a[b], a?.b) is not allowed"],
  ["getter.mn.mdx", 12, "a getter, setter or method is not allowed"],
  ["arrow-iife.mn.mdx", 6, "a function call is not allowed"],
  ["spread.mn.mdx", 6, "spread attributes ({...props}) are not allowed"],
  ["spread.mn.mdx", 12, "spread (...) is not allowed"],
  ["optional-chaining.mn.mdx", 6, "optional chaining (a?.b) is not allowed"],
  ["javascript-link.mn.mdx", 6, 'link to "java\tscript:alert(document.cookie)" is not allowed'],
  ["javascript-link.mn.mdx", 10, 'link to "javascript:alert(document.cookie)" is not allowed'],
  ["data-image.mn.mdx", 6, 'image "data:image/svg+xml;base64,'],
  ["data-image.mn.mdx", 8, '<Figure src="data:image/svg+xml;base64,'],
  ["export-const.mn.mdx", 6, "export is not allowed"],
  // gray-matter would eval this before any plugin ran
  ["js-frontmatter.mn.mdx", 1, "the frontmatter must open with a line of three dashes only"],
  // the lesson is fine; the .mdx part it imports is guarded like a lesson and reported as itself
  ["parts/evil.mdx", 3, "a function call is not allowed"],
];

let problems: ContentProblem[] = [];

beforeAll(async () => {
  rmSync(MARKER, { force: true });
  cpSync(FIXTURE, dir, { recursive: true });
  symlinkSync(path.join(dir, "outside", "secret.mdx"), path.join(attacks, "parts", "linked.mdx"));
  symlinkSync(path.join(dir, "outside", "secret.svg"), path.join(attacks, "parts", "linked.svg"));
  ({ problems } = await checkContent(dir));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("hostile lessons", () => {
  it.each(EXPECTED)("%s:%i reports %s", (file, line, text) => {
    const here = problems.filter((p) => p.file === path.join(attacks, file));
    expect(
      here.some((p) => p.line === line && p.message.includes(text)),
      JSON.stringify(here, null, 1),
    ).toBe(true);
  });

  it("has an expected report for every hostile lesson", () => {
    const lessons = readdirSync(attacks).filter((f) => f.endsWith(".mdx"));
    const covered = new Set(EXPECTED.map(([f]) => f));
    expect(lessons.filter((f) => !covered.has(f) && f !== "imported-part.mn.mdx")).toEqual([]);
    expect(lessons.length).toBeGreaterThanOrEqual(20);
  });

  it("fails the real command with exit code 1", () => {
    const run = spawnSync("npx", ["tsx", "scripts/content-check.ts", "--lang", "en", dir], { encoding: "utf8" });
    expect(run.status).toBe(1);
    const rel = path.relative(process.cwd(), attacks);
    expect(run.stdout).toContain(`${rel}/computed-member.mn.mdx:8:2 error: a function call is not allowed`);
    expect(run.stdout).toContain(`${rel}/js-import.mn.mdx:6:1 error: import from "./parts/payload.js" is not allowed`);
    expect(run.stdout).toContain(`${rel}/parts/evil.mdx:3:2 error: a function call is not allowed`);
  }, 60_000);

  it("never ran a payload", () => {
    expect(existsSync(MARKER)).toBe(false);
  });
});
