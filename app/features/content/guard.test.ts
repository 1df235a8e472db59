// MDX is code: the guard must stop anything beyond the component library and the course folder.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileLesson, LessonCompileError } from "./compile.server";

const root = mkdtempSync(path.join(os.tmpdir(), "erdem-guard-"));
const courseDir = path.join(root, "courses", "c");
mkdirSync(path.join(courseDir, "m"), { recursive: true });
mkdirSync(path.join(root, "courses", "other"), { recursive: true });
writeFileSync(path.join(courseDir, "facts.json"), JSON.stringify({ aimags: 21 }));
writeFileSync(path.join(root, "courses", "other", "secret.json"), JSON.stringify({ secret: 1 }));
const file = path.join(courseDir, "m", "l.mn.mdx");

async function compile(body: string) {
  return compileLesson({ file, source: `---\ntitle: T\nminutes: 1\n---\n\n${body}\n`, courseSlug: "c", courseDir, lng: "mn" });
}

async function rejection(body: string): Promise<string[]> {
  try {
    await compile(body);
  } catch (e) {
    if (e instanceof LessonCompileError) return e.problems.map((p) => p.message);
    throw e;
  }
  return [];
}

describe("lesson guard", () => {
  it.each([
    ['import React from "react"', 'import from "react" is not allowed'],
    ['import fs from "node:fs"', 'import from "node:fs" is not allowed'],
    ['import s from "../../other/secret.json"', 'import from "../../other/secret.json" is not allowed'],
    ["export const x = 1", "export is not allowed"],
    ["<script>{'alert(1)'}</script>", "<script> is not allowed"],
    ["<iframe src='https://example.com' />", "<iframe> is not allowed"],
    ["{process.env.HOME}", '"process" may not be used'],
    ["{require('fs')}", '"require" may not be used'],
    ["{globalThis.x}", '"globalThis" may not be used'],
    ["{fetch('https://example.com')}", '"fetch" may not be used'],
    ["{[].constructor.constructor('return process')()}", '".constructor" may not be used'],
    ["{[]['constructor']}", '"constructor" may not be used'],
    ["{import('fs')}", "dynamic import() may not be used"],
    ['<Callout title={new XMLHttpRequest()}>x</Callout>', '"XMLHttpRequest" may not be used'],
    ["<div onClick='x()'>x</div>", 'attribute "onClick" is not allowed'],
    ["<div dangerouslySetInnerHTML={{ __html: 'x' }} />", 'attribute "dangerouslySetInnerHTML" is not allowed'],
    ["[click](javascript:alert(1))", 'link to "javascript:alert(1)" is not allowed'],
    ["![remote](https://example.com/x.png)", "no network images"],
  ])("rejects %s", async (body, message) => {
    const problems = await rejection(body);
    expect(problems.join("\n")).toContain(message);
  });

  it("allows a file from the course folder and the component library", async () => {
    const lesson = await compile('import facts from "../facts.json"\n\n## Тоо\n\n{facts.aimags} аймаг.\n\n<Callout type="tip">\n\nЗөвлөмж\n\n</Callout>');
    expect(lesson.html).toContain("21 аймаг");
    expect(lesson.html).toContain('class="callout callout-tip"');
    expect(lesson.headings).toEqual([{ id: "тоо", text: "Тоо", depth: 2 }]);
  });
});
