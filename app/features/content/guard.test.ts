// A lesson is data, never code: the guard allows plain values, the component library and .mdx files of
// the course folder, and refuses everything else; the bundler's fence refuses to load anything else.
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { build, type Plugin } from "esbuild";
import { describe, expect, it } from "vitest";
import { compileLesson, LessonCompileError, lessonFence } from "./compile.server";
import { isAllowedLink, isCourseFilePath } from "./guard";

const root = mkdtempSync(path.join(os.tmpdir(), "erdem-guard-"));
const courseDir = path.join(root, "courses", "c");
mkdirSync(path.join(courseDir, "m"), { recursive: true });
mkdirSync(path.join(courseDir, "parts"), { recursive: true });
mkdirSync(path.join(root, "courses", "other"), { recursive: true });
writeFileSync(path.join(courseDir, "facts.json"), JSON.stringify({ aimags: 21 }));
writeFileSync(path.join(courseDir, "run.js"), "export default 1;");
writeFileSync(path.join(courseDir, "parts", "shared.mdx"), "Хуваалцсан **хэсэг**.\n");
writeFileSync(path.join(courseDir, "parts", "box.mdx"), '<Callout type="tip">\n\nА\n\n</Callout>\n');
writeFileSync(path.join(courseDir, "parts", "bad.mdx"), "Хэсэг.\n\n{globalThis.process}\n");
writeFileSync(path.join(courseDir, "parts", "nested.mdx"), 'import Shared from "./shared.mdx"\n\n<Shared />\n');
writeFileSync(path.join(root, "courses", "other", "secret.mdx"), "s3cr3t\n");
writeFileSync(path.join(root, "courses", "other", "secret.json"), JSON.stringify({ secret: 1 }));
symlinkSync(path.join(root, "courses", "other", "secret.mdx"), path.join(courseDir, "parts", "linked.mdx"));
symlinkSync(path.join(root, "courses", "other"), path.join(courseDir, "elsewhere"));
const file = path.join(courseDir, "m", "l.mn.mdx");

async function compile(body: string) {
  return compileLesson({ file, source: `---\ntitle: T\nminutes: 1\n---\n\n${body}\n`, courseSlug: "c", courseDir, lng: "mn" });
}

async function rejection(body: string) {
  try {
    await compile(body);
  } catch (e) {
    if (e instanceof LessonCompileError) return e.problems;
    throw e;
  }
  return [];
}

const text = async (body: string) => (await rejection(body)).map((p) => `${p.line}:${p.column} ${p.message}`).join("\n");

describe("lesson guard: expressions are plain values only", () => {
  // Each body is at line 6 of the lesson (after the frontmatter); the problem must point into it.
  it.each([
    ["{process}", "a name is not allowed"],
    ["{[].constructor}", "a property access"],
    ['{[]["constr" + "uctor"]}', "a property access"],
    ['{"constr" + "uctor"}', "a calculation"],
    ["{`constr${'uctor'}`}", "a template with ${…}"],
    ["{String.raw`x`}", "a tagged template"],
    ["{\\u0063onstructor}", "a name is not allowed"],
    ['{import("node:fs")}', "import()"],
    ["{import.meta}", "import.meta"],
    ["{this}", '"this"'],
    ["{new Date()}", '"new"'],
    ["{(() => 1)()}", "a function call"],
    ["{() => 1}", "a function"],
    ["{function () {}}", "a function"],
    ["{class {}}", "a class"],
    ["{a = 1}", "an assignment"],
    ["{(1, 2)}", "a comma sequence"],
    ["{1 ? 2 : 3}", "a condition"],
    ["{1 && 2}", "a logical expression"],
    ["{typeof 1}", "an operator"],
    ["{-x}", "an operator"],
    ["{/x/}", "a regular expression"],
    ["{1n}", "a BigInt"],
    ["{[...[1]]}", "spread (...)"],
    ["<abbr title={{ ...{} }}>x</abbr>", "spread (...)"],
    ["{{ a: 1 }}", "a group { name: value } in running text"],
    ["{[1, { a: 1 }]}", "a group { name: value } in running text"],
    ["<abbr title={{ get x() { return 1 } }}>x</abbr>", "a getter, setter or method"],
    ["<abbr title={{ x() {} }}>x</abbr>", "a getter, setter or method"],
    ["<abbr title={{ [k]: 1 }}>x</abbr>", "a computed key"],
    ["<abbr title={{ x }}>x</abbr>", "a shorthand"],
    ["<abbr title={{ __proto__: [] }}>x</abbr>", '"__proto__"'],
    ["<abbr title={{ a: { b: [1, x] } }}>x</abbr>", "a name is not allowed"],
    ["{[1, , 2]}", "an empty slot"],
    ["{a?.b}", "optional chaining"],
    ["{<b>x</b>}", "a tag inside { }"],
    ["Текст {globalThis} дунд.", "a name is not allowed"],
    ['<Callout title={"a" + "b"}>\n\nx\n\n</Callout>', "a calculation"],
    ["<Callout title={(() => 1)()}>\n\nx\n\n</Callout>", "a function call"],
    ["<Callout title={{ get t() { return 1 } }}>\n\nx\n\n</Callout>", "a getter, setter or method"],
    ['<Practice question="?" options={["a", "b"].map(String)} answer={0}>\n\nx\n\n</Practice>', "a function call"],
  ])("refuses %s", async (body, message) => {
    const problems = await rejection(body);
    const found = problems.find((p) => p.message.includes(message));
    expect(found, JSON.stringify(problems)).toBeDefined();
    expect(found?.line).toBe(6);
    expect(found?.message).toContain("only text");
  });

  it("allows text, numbers, lists, plain groups, comments and a negative number", async () => {
    const lesson = await compile(
      [
        "{/* тайлбар */}",
        '{"мөр"} {42} {-1} {`загвар`} {true} {null}',
        '<Practice question="2 + 2 = ?" options={["3", "4", `5`]} answer={1}>\n\nЗөв.\n\n</Practice>',
        '<abbr title={"Монгол Улс"}>МУ</abbr> {["а", { "b": 1, c: [2, -3.5] }].length === undefined}',
      ].join("\n\n"),
    ).catch((e) => e);
    // the last expression calls nothing but is a comparison: refused, and nothing else is
    expect(lesson).toBeInstanceOf(LessonCompileError);
    expect((lesson as LessonCompileError).problems.map((p) => p.line)).toEqual([16]);
    const ok = await compile(
      '{/* тайлбар */}\n\n{"мөр"} {42} {-1} {`загвар`} {true}\n\n<Practice question="2 + 2 = ?" options={["3", "4"]} answer={1}>\n\nЗөв.\n\n</Practice>\n\n<abbr title={"Монгол Улс"}>МУ</abbr>',
    );
    expect(ok.html).toMatch(/мөр\s*42\s*-1\s*загвар/);
    expect(ok.html).toContain('<abbr title="Монгол Улс">МУ</abbr>');
  });
});

describe("frontmatter", () => {
  // gray-matter, which mdx-bundler runs before any plugin, evaluates ---js frontmatter with eval
  const payload = "{ title: (process.getBuiltinModule('fs').writeFileSync('/tmp/erdem-hostile-lesson-ran', 'frontmatter'), 'T'), minutes: 1 }";
  const run = async (source: string) => {
    try {
      await compileLesson({ file, source, courseSlug: "c", courseDir, lng: "mn" });
    } catch (e) {
      if (e instanceof LessonCompileError) return e.problems.map((p) => `${p.line}:${p.column} ${p.message}`).join("\n");
      throw e;
    }
    return "";
  };

  it("refuses frontmatter that is not YAML, before gray-matter reads it", async () => {
    expect(await run(`---js\n${payload}\n---\n\nТекст\n`)).toBe("1:1 the frontmatter must open with a line of three dashes only (---), and be YAML");
    expect(await run(`--- javascript\n${payload}\n---\n\nТекст\n`)).toContain("must open with a line of three dashes only");
  });

  it("gives gray-matter no engine but YAML, whatever reaches it", async () => {
    // a byte-order mark hides the opening from the first check; gray-matter strips it and sees ---js
    expect(await run(`\uFEFF---js\n${payload}\n---\n\nТекст\n`)).toContain('frontmatter written in "js" is not allowed');
    expect(existsSync("/tmp/erdem-hostile-lesson-ran")).toBe(false);
  });
});

describe("lesson guard: imports", () => {
  it.each([
    ['import React from "react"', "react"],
    ['import fs from "node:fs"', "node:fs"],
    ['import x from "https://example.com/x.mdx"', "https://example.com/x.mdx"],
    ['import s from "../../other/secret.mdx"', "../../other/secret.mdx"],
    ['import s from "../elsewhere/secret.mdx"', "../elsewhere/secret.mdx"],
    ['import s from "../parts/linked.mdx"', "../parts/linked.mdx"],
    ['import s from "../../other/secret.json"', "../../other/secret.json"],
    ['import facts from "../facts.json"', "../facts.json"],
    ['import run from "../run.js"', "../run.js"],
    ['import run from "../run"', "../run"],
    ['import p from "../parts"', "../parts"],
    ['import p from "../parts/shared.mdx?raw"', "../parts/shared.mdx?raw"],
    ['import p from "/etc/passwd.mdx"', "/etc/passwd.mdx"],
    ['import p from "../parts/missing.mdx"', "../parts/missing.mdx"],
  ])("refuses %s", async (body, source) => {
    expect(await text(body)).toContain(`6:1 import from "${source}" is not allowed`);
  });

  it("refuses named and namespace imports, import attributes and every export", async () => {
    expect(await text('import { x } from "../parts/shared.mdx"')).toContain('write "import Name from …"');
    expect(await text('import * as P from "../parts/shared.mdx"')).toContain('write "import Name from …"');
    expect(await text("export const x = 1")).toContain("6:1 export is not allowed");
    expect(await text('export { default } from "../parts/shared.mdx"')).toContain("export is not allowed");
  });

  it("includes an .mdx part of the course folder, and guards it like a lesson", async () => {
    const lesson = await compile('import Shared from "../parts/shared.mdx"\n\n## Тоо\n\n<Shared />\n\n<Callout type="tip">\n\nЗөвлөмж\n\n</Callout>');
    expect(lesson.html).toContain("Хуваалцсан <strong>хэсэг</strong>.");
    expect(lesson.html).toContain('class="callout callout-tip"');
    expect(lesson.headings).toEqual([{ id: "тоо", text: "Тоо", depth: 2 }]);
    const problems = await rejection('import Bad from "../parts/bad.mdx"\n\n<Bad />');
    expect(problems).toEqual([expect.objectContaining({ file: path.join(courseDir, "parts", "bad.mdx"), line: 3, column: 2 })]);
    expect(await text('import Box from "../parts/box.mdx"\n\n<Box />')).toContain("only in the lesson itself");
    expect(await text('import Shared from "../parts/shared.mdx"\n\n<Shared title="x" />')).toContain("takes no attributes");
  });

  it("imports one level only, and never the lesson itself, so parts cannot include each other forever", async () => {
    const nested = await rejection('import Nested from "../parts/nested.mdx"\n\n<Nested />');
    expect(nested).toEqual([
      expect.objectContaining({
        file: path.join(courseDir, "parts", "nested.mdx"),
        line: 1,
        message: expect.stringContaining("only the lesson itself may import"),
      }),
    ]);
    const self = path.join(courseDir, "m", "self.mn.mdx");
    const source = '---\ntitle: T\nminutes: 1\n---\n\nimport Self from "./self.mn.mdx"\n\n<Self />\n';
    writeFileSync(self, source);
    const problems = await compileLesson({ file: self, source, courseSlug: "c", courseDir, lng: "mn" }).catch((e) => (e as LessonCompileError).problems);
    expect(problems).toEqual([expect.objectContaining({ line: 6, message: 'a lesson may not import itself ("./self.mn.mdx")' })]);
  });
});

describe("lesson guard: tags, links and files", () => {
  it.each([
    ["<script>{'alert(1)'}</script>", "<script> is not allowed"],
    ["<iframe src='https://example.com' />", "<iframe> is not allowed"],
    ["<div onClick='x()'>x</div>", 'attribute "onClick" is not allowed'],
    ['<Callout title="x" {...{ type: "tip" }}>\n\nx\n\n</Callout>', "spread attributes"],
    ["<div dangerouslySetInnerHTML={{ __html: 'x' }} />", 'attribute "dangerouslySetInnerHTML" is not allowed'],
    ["[click](javascript:alert(1))", 'link to "javascript:alert(1)" is not allowed'],
    ["[click](JavaScript:alert(1))", "is not allowed: use https://"],
    ["[click](&#x20;javascript:alert(1))", "is not allowed: use https://"],
    ["[click](java&#x09;script:alert(1))", "is not allowed: use https://"],
    ["[click](&#106;avascript&#58;alert(1))", "is not allowed: use https://"],
    ["[click](vbscript:x)", "is not allowed: use https://"],
    ["[click](data:text/html,x)", "is not allowed: use https://"],
    ["[click](file:///etc/passwd)", "is not allowed: use https://"],
    ["[click][r]\n\n[r]: javascript:alert(1)", 'link to "javascript:alert(1)" is not allowed'],
    ["![remote](https://example.com/x.png)", "images must be files in the course folder"],
    ["![pixel](data:image/png;base64,AAAA)", "images must be files in the course folder"],
    ["![up](../../../etc/x.png)", "images must be files in the course folder"],
    ["![ref][i]\n\n[i]: https://example.com/x.png", "images must be files in the course folder"],
    ['<Figure src="https://example.com/x.png" alt="x" />', "must be the path of a file in the course folder"],
    ['<Figure src="data:image/svg+xml,<svg/>" alt="x" />', "must be the path of a file in the course folder"],
    ['<Figure src="/etc/x.svg" alt="x" />', "must be the path of a file in the course folder"],
    ['<Figure src={"images/x.svg"} alt="x" />', "must be written in quotes"],
    ['<Video src="v.mp4" captions="javascript:alert(1)" />', "must be the path of a file in the course folder"],
    ['<Video src="v.mp4" captions="v.vtt" poster="https://example.com/p.png" />', "must be the path of a file in the course folder"],
    ['<Callout title={["x"]}>\n\nx\n\n</Callout>', '<Callout title="…"> must be text in quotes'],
    ["<Callout title>\n\nx\n\n</Callout>", '<Callout title="…"> must be text in quotes'],
    ['<Practice question="?" options={[1, {}]} answer={0}>\n\nx\n\n</Practice>', "<Practice options={…}> must be an array of strings"],
    ['<Practice question="?" options={["a"]} answer={"0"}>\n\nx\n\n</Practice>', "<Practice answer={…}> must be a number"],
    ['<Figure src="images/x.svg" alt="x" width={-1} />', "<Figure width={…}> must be a positive number"],
  ])("refuses %s", async (body, message) => {
    expect(await text(body)).toContain(message);
  });

  it("decides links and file paths by an allow-list", () => {
    for (const ok of ["https://e-mongolia.mn", "http://x.mn", "mailto:a@b.mn", "tel:+97611", "./lesson#part", "#part", "/courses", "?q=1"]) {
      expect(isAllowedLink(ok), ok).toBe(true);
    }
    for (const bad of ["javascript:x", " \u0001javascript:x", "java\tscript:x", "jav\r\nascript:x", "JAVASCRIPT:x", "data:x", "blob:x", "file:x", "ftp://x"]) {
      expect(isAllowedLink(bad), bad).toBe(false);
    }
    for (const ok of ["images/x.svg", "./images/x.svg", "videos/a b.mp4"]) expect(isCourseFilePath(ok), ok).toBe(true);
    for (const bad of [
      "",
      "../x.svg",
      "images/../../x.svg",
      "/x.svg",
      "//host/x.svg",
      "\\\\host\\x.svg",
      "x.svg?y",
      "x.svg#y",
      "https://x/y.svg",
      "data:x",
      " x.svg",
    ]) {
      expect(isCourseFilePath(bad), bad).toBe(false);
    }
  });
});

describe("the bundler's fence", () => {
  // Behind the guard: even a module the guard let through cannot make esbuild load JavaScript.
  const entry = path.join(courseDir, "m", "_mdx_bundler_entry_point-00000000-0000-0000-0000-000000000000.mdx");
  const bundle = async (source: string, after: Plugin[] = []) => {
    writeFileSync(entry, source);
    try {
      await build({
        entryPoints: [entry],
        bundle: true,
        write: false,
        platform: "neutral",
        logLevel: "silent",
        loader: { ".mdx": "js" },
        plugins: [lessonFence(file, courseDir), ...after],
      });
      return [];
    } catch (e) {
      return (e as { errors: { text: string }[] }).errors.map((x) => x.text);
    }
  };

  it.each([
    ['import x from "../run.js"; x;', "../run.js"],
    ['import x from "../facts.json"; x;', "../facts.json"],
    ['import fs from "node:fs"; fs;', "node:fs"],
    ['import x from "../parts/linked.mdx"; x;', "../parts/linked.mdx"],
    ['import x from "../elsewhere/secret.mdx"; x;', "../elsewhere/secret.mdx"],
    ['import("../parts/shared.mdx");', "../parts/shared.mdx"],
    ['require("../run.js");', "../run.js"],
  ])("refuses %s", async (source, what) => {
    expect(await bundle(source)).toContain(`"${what}" may not be loaded by a lesson`);
  });

  it("loads an .mdx file of the course folder and the JSX runtime", async () => {
    // the part is read as JavaScript here (loader js): only the fence's decision is under test
    writeFileSync(path.join(courseDir, "parts", "plain.mdx"), "export default 1;");
    expect(await bundle('import x from "../parts/plain.mdx"; console.log(x);')).toEqual([]);
    // a part may not import in turn, and the lesson file may not be imported at all
    writeFileSync(path.join(courseDir, "parts", "plain2.mdx"), 'import y from "./plain.mdx"; export default y;');
    expect(await bundle('import x from "../parts/plain2.mdx"; console.log(x);')).toEqual(['"./plain.mdx" may not be loaded by a lesson']);
    writeFileSync(file, "export default 1;");
    expect(await bundle('import x from "./l.mn.mdx"; console.log(x);')).toEqual(['"./l.mn.mdx" may not be loaded by a lesson']);
    // the runtime is left to mdx-bundler, which maps it to a global; if a later resolver mapped it to a
    // file instead, loading that file is still refused
    const toFile: Plugin = { name: "to-file", setup: (b) => b.onResolve({ filter: /^react\/jsx-runtime$/ }, () => ({ path: path.join(courseDir, "run.js") })) };
    expect(await bundle('import x from "react/jsx-runtime"; console.log(x);', [toFile])).toEqual([
      `"${path.join(courseDir, "run.js")}" may not be loaded by a lesson`,
    ]);
  });
});
