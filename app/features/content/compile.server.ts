// Compiles one lesson (MDX) to static HTML with mdx-bundler, through the guard, and caches the
// result by content hash in memory and on disk: a lesson is compiled once per change, never per request.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import GithubSlugger from "github-slugger";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { visit } from "unist-util-visit";
import { config } from "~/config.server";
import type { ContentProblem } from "./catalogue.server";
import type { Language } from "~/i18n/config";
import { addressClass, boxLabel, lessonComponents, splitAddresses, type AssetInfo } from "./components";
import type { Plugin } from "esbuild";
import { BUNDLER_ENTRY, importableFile, LessonRejected, realInside, remarkLessonGuard, type GuardReport, type Problem } from "./guard";
import { say } from "./problems";

/** Bump when the compiler or the component library changes output, to invalidate caches. */
const COMPILER_VERSION = "5";

export interface Heading {
  id: string;
  text: string;
  depth: 2 | 3;
}

export interface CompiledLesson {
  hash: string;
  html: string;
  headings: Heading[];
  /** The .mdx parts the lesson imports, with the hash of each as compiled: a changed part recompiles. */
  parts?: { file: string; hash: string }[];
}

export class LessonCompileError extends Error {
  constructor(public problems: Problem[]) {
    super(problems.map((p) => `${p.line}:${p.column} ${p.message}`).join("\n"));
  }
}

/**
 * What a failed compile of `file` says, each problem against its file (a part the lesson imports, or
 * the lesson); anything else that went wrong is one "internal" problem at the top of the lesson.
 */
export function compileFailureProblems(error: unknown, file: string): ContentProblem[] {
  const found =
    error instanceof LessonCompileError ? error.problems : [{ line: 1, column: 1, ...say("internal", { detail: String((error as Error)?.message ?? error) }) }];
  return found.map((p) => ({ ...p, file: p.file ?? file }));
}

function hastText(node: any): string {
  if (node.type === "text") return node.value;
  return (node.children ?? []).map(hastText).join("");
}

function rehypeHeadings(out: Heading[]) {
  return () => (tree: any) => {
    const slugger = new GithubSlugger();
    visit(tree, "element", (node: any) => {
      if (node.tagName !== "h2" && node.tagName !== "h3") return;
      const text = hastText(node).trim();
      const id = slugger.slug(text) || `section-${out.length + 1}`;
      node.properties = { ...node.properties, id };
      out.push({ id, text, depth: node.tagName === "h2" ? 2 : 3 });
    });
  };
}

/**
 * A box that a heading introduces (the heading stands right above it, or its section heading says the
 * same as the box's own label) is told so, and does not print its generic label under the heading.
 */
function rehypeBoxTitles(lng: Language) {
  const isHeading = (n: any) => n?.type === "element" && (n.tagName === "h2" || n.tagName === "h3");
  const same = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
  return () => (tree: any) => {
    visit(tree, (node: any) => {
      let previous: any;
      let section: any;
      for (const child of node.children ?? []) {
        if (child.type === "text" && !child.value.trim()) continue;
        if (isHeading(child)) section = child;
        const label = child.type === "mdxJsxFlowElement" ? boxLabel(lng, child.name) : undefined;
        if (label && (isHeading(previous) || (section && same(hastText(section), label)))) {
          // a value of null is a boolean attribute: <Checklist titledByHeading>
          child.attributes = [...(child.attributes ?? []), { type: "mdxJsxAttribute", name: "titledByHeading", value: null }];
        }
        previous = child;
      }
    });
  };
}

/**
 * Wraps web addresses in running text in <span class="url">, which never wraps at a hyphen. Quiz
 * text uses it too, so an address reads the same in a lesson and in a question.
 */
export function rehypeAddresses() {
  return (tree: any) => {
    const walk = (node: any) => {
      // code is marked whole by its component; a code block does not wrap
      if (node.type === "element" && (node.tagName === "code" || node.tagName === "pre")) return;
      if (!node.children) return;
      node.children = node.children.flatMap((child: any) => {
        if (child.type !== "text") {
          walk(child);
          return [child];
        }
        const parts = splitAddresses(child.value);
        if (!parts.some((p) => p.address)) return [child];
        return parts.map((p) =>
          p.address
            ? { type: "element", tagName: "span", properties: { className: addressClass(p.text).split(" ") }, children: [{ type: "text", value: p.text }] }
            : { type: "text", value: p.text },
        );
      });
    };
    walk(tree);
  };
}

/** Size of an SVG (viewBox or width/height) or PNG, so images reserve their space before they load. */
export function imageSize(file: string): { width?: number; height?: number } {
  try {
    if (file.endsWith(".svg")) {
      const head = readFileSync(file, "utf8").slice(0, 2000);
      const svg = /<svg\b[^>]*>/i.exec(head)?.[0] ?? "";
      const w = /\bwidth="(\d+(?:\.\d+)?)(?:px)?"/.exec(svg)?.[1];
      const h = /\bheight="(\d+(?:\.\d+)?)(?:px)?"/.exec(svg)?.[1];
      if (w && h) return { width: Math.round(+w), height: Math.round(+h) };
      const vb = /\bviewBox="[\d.\s-]+?\s([\d.]+)\s+([\d.]+)"/.exec(svg);
      if (vb) return { width: Math.round(+vb[1]), height: Math.round(+vb[2]) };
    } else if (file.endsWith(".png")) {
      const buf = readFileSync(file);
      return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
    }
  } catch {
    // size unknown: the browser lays it out when it loads
  }
  return {};
}

export function assetResolver(courseSlug: string, courseDir: string) {
  return (src: string): AssetInfo => {
    const clean = src.replace(/^\.\//, "");
    const file = path.join(courseDir, clean);
    return { url: `/content/${courseSlug}/${clean.split("/").map(encodeURIComponent).join("/")}`, ...imageSize(file) };
  };
}

/** The modules compiled MDX imports itself; mdx-bundler maps them to the React it is given. */
const RUNTIME_MODULES = new Set(["react/jsx-runtime"]);

/**
 * The bundler's own fence, behind the guard: esbuild may load the lesson, the .mdx files of the course
 * folder it imports (real path inside the folder) and the JSX runtime, and nothing else. Even if the
 * guard missed an import, no JavaScript, JSON, node builtin or file outside the course can be bundled.
 */
export function lessonFence(lessonFile: string, courseDir: string, loaded: Set<string> = new Set()): Plugin {
  const lessonDir = path.dirname(lessonFile);
  const isEntry = (p: string) => path.dirname(p) === lessonDir && BUNDLER_ENTRY.test(path.basename(p));
  const refuse = (what: string) => ({ errors: [{ text: `"${what}" may not be loaded by a lesson` }] });
  return {
    name: "erdem-lesson-fence",
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === "entry-point") return isEntry(args.path) ? undefined : refuse(args.path);
        if (args.kind !== "import-statement") return refuse(args.path);
        if (RUNTIME_MODULES.has(args.path)) return undefined;
        // only the lesson imports, and never itself: parts cannot include each other in a loop
        if (!isEntry(args.importer)) return refuse(args.path);
        const real = importableFile(args.path, args.importer, courseDir);
        if (real && real === realInside(courseDir, lessonFile)) return refuse(args.path);
        if (real) loaded.add(real);
        return real ? { path: real } : refuse(args.path);
      });
      build.onLoad({ filter: /.*/ }, (args) => {
        if (args.namespace === "global-externals" && RUNTIME_MODULES.has(args.path)) return undefined;
        if (args.namespace === "file" && (isEntry(args.path) || importableFile(`./${path.basename(args.path)}`, args.path, courseDir) === args.path))
          return undefined;
        return refuse(args.path);
      });
    },
  };
}

export interface CompileInput {
  file: string;
  source: string;
  courseSlug: string;
  courseDir: string;
  lng: Language;
  /** Frontmatter lines, so positions reported by the guard point into the file. */
  lineOffset?: number;
}

export function lessonHash(input: Pick<CompileInput, "source" | "courseSlug" | "lng">): string {
  return createHash("sha256").update(`${COMPILER_VERSION}\0${input.courseSlug}\0${input.lng}\0${input.source}`).digest("hex");
}

/**
 * mdx-bundler reads the frontmatter with gray-matter before any remark plugin sees the lesson, and
 * gray-matter evaluates `---js` (and `---javascript`) frontmatter with eval. Frontmatter is YAML
 * between lines of exactly three dashes; gray-matter is given no engine but YAML.
 */
const FRONTMATTER_OPENING = /^---[^\S\r\n]*\S/;
const YAML_ONLY = Object.fromEntries(
  ["javascript", "js", "coffee", "coffeescript", "cson", "json", "toml"].map((name) => [
    name,
    () => {
      throw new LessonRejected([{ line: 1, column: 1, ...say("frontmatter-language", { language: name }) }]);
    },
  ]),
);

/** Compiles without caching; reports problems (guard findings or syntax errors) with positions. */
export async function compileLesson(input: CompileInput, report: GuardReport = { problems: [], links: [], assets: [] }): Promise<CompiledLesson> {
  const headings: Heading[] = [];
  const parts = new Set<string>();
  if (FRONTMATTER_OPENING.test(input.source)) {
    throw new LessonCompileError([{ line: 1, column: 1, ...say("frontmatter-opening") }]);
  }
  let result;
  try {
    // the compiler is loaded when a lesson is first compiled: a server whose lessons are all in the
    // cache never loads it (decision 027)
    const { bundleMDX } = await import("mdx-bundler");
    const { default: remarkGfm } = await import("remark-gfm");
    result = await bundleMDX({
      source: input.source,
      cwd: path.dirname(input.file),
      grayMatterOptions: (options) => ({ ...options, language: "yaml", engines: { ...options.engines, ...YAML_ONLY } }),
      mdxOptions(options) {
        options.remarkPlugins = [
          ...(options.remarkPlugins ?? []),
          remarkGfm,
          [remarkLessonGuard, { file: input.file, courseDir: input.courseDir, out: report, lineOffset: 0 }],
        ];
        options.rehypePlugins = [...(options.rehypePlugins ?? []), rehypeHeadings(headings), rehypeBoxTitles(input.lng), rehypeAddresses];
        return options;
      },
      esbuildOptions(options) {
        options.minify = true;
        options.target = "es2020";
        options.platform = "neutral";
        options.logLevel = "silent";
        // first, so its refusal comes before any resolver mdx-bundler adds (node-resolve, in-memory files)
        options.plugins = [lessonFence(input.file, input.courseDir, parts), ...(options.plugins ?? [])];
        options.external = [];
        options.loader = {};
        return options;
      },
    });
  } catch (error) {
    throw new LessonCompileError(toProblems(error, report, input.source));
  }
  const { getMDXComponent } = await import("mdx-bundler/client/index.js");
  const Component = getMDXComponent(result.code);
  const html = renderToStaticMarkup(
    createElement(Component, { components: lessonComponents(input.lng, assetResolver(input.courseSlug, input.courseDir)) as any }),
  );
  // parts are named relative to the course's folder: the same lesson of another published version
  // (another folder) is current when its parts read the same there
  const named = [...parts].sort().map((file) => ({ file: path.relative(input.courseDir, file), hash: fileHash(file) }));
  return { hash: lessonHash(input), html, headings, ...(named.length ? { parts: named } : {}) };
}

function fileHash(file: string): string {
  try {
    return createHash("sha256").update(readFileSync(file)).digest("hex");
  } catch {
    return "missing";
  }
}

/** A cached lesson is current while every part it imported still reads the same (in this course's folder). */
function partsUnchanged(compiled: CompiledLesson, courseDir: string): boolean {
  return (compiled.parts ?? []).every((p) => fileHash(path.resolve(courseDir, p.file)) === p.hash);
}

// MDX has no HTML comments: its parser stops at `<!--` with a note on how MDX writes a comment. The
// author is told so plainly, at the `<` of the comment.
function htmlComment(message: string, line: number, column: number, source: string): Problem | undefined {
  if (!/comment in MDX/.test(message)) return undefined;
  const text = source.split(/\r?\n/)[line - 1] ?? "";
  const at = text.lastIndexOf("<!--", Math.max(0, column - 1));
  return { line, column: at >= 0 ? at + 1 : column, ...say("html-comment") };
}

function toProblems(error: unknown, report: GuardReport, source: string): Problem[] {
  if (report.problems.length) return report.problems;
  const e = error as any;
  const cause = e?.errors?.[0] ?? e;
  if (cause instanceof LessonRejected) return cause.problems;
  let detail = cause?.detail ?? cause;
  // esbuild wraps the MDX compiler's message; the position is on the innermost cause.
  while (detail?.cause && detail.line == null) detail = detail.cause;
  if (detail instanceof LessonRejected) return detail.problems;
  if (detail?.problems) return detail.problems;
  const place = detail?.place?.start ?? detail?.place ?? detail?.position?.start;
  // the MDX parser's own words are on the innermost cause; the wrappers only say "Cannot process MDX file"
  let inner = detail;
  while (inner?.cause?.reason) inner = inner.cause;
  let message = String(inner?.reason ?? detail?.reason ?? cause?.text ?? detail?.message ?? e?.message ?? e).split("\n")[0];
  // Some MDX messages carry their position only in the text: "… (8:1-8:22)".
  const inText = / \((\d+):(\d+)(?:-\d+:\d+)?\)$/.exec(message);
  if (inText) message = message.slice(0, inText.index);
  const line = detail?.line || place?.line || (inText ? +inText[1] : 0) || cause?.location?.line || 1;
  const column = detail?.column || place?.column || (inText ? +inText[2] : 0) || (cause?.location?.column ?? 0) + 1;
  return [htmlComment(message, line, column, source) ?? { line, column, ...say("mdx-syntax", { detail: message }) }];
}

// ---- cache ----

const memory = new Map<string, CompiledLesson>();
const CACHE_DIR = path.resolve(config.CONTENT_CACHE_DIR);

export async function compileLessonCached(input: CompileInput): Promise<CompiledLesson> {
  const hash = lessonHash(input);
  const hit = memory.get(hash);
  if (hit && partsUnchanged(hit, input.courseDir)) return hit;
  const diskFile = path.join(CACHE_DIR, `${hash}.json`);
  if (!hit && existsSync(diskFile)) {
    try {
      const cached = JSON.parse(readFileSync(diskFile, "utf8")) as CompiledLesson;
      if (!partsUnchanged(cached, input.courseDir)) throw new Error("a part changed");
      memory.set(hash, cached);
      return cached;
    } catch {
      // a torn or stale file, or a part changed since: compile again
    }
  }
  const compiled = await compileLesson(input);
  memory.set(hash, compiled);
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    const tmp = `${diskFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(compiled));
    (await import("node:fs")).renameSync(tmp, diskFile);
  } catch {
    // the disk cache is an optimisation only
  }
  return compiled;
}

/** Compiled lessons of versions no longer served are let go (the disk cache keeps them). */
export function forgetLessonsExcept(hashes: Set<string>) {
  for (const hash of memory.keys()) if (!hashes.has(hash)) memory.delete(hash);
}

export function cachedLesson(hash: string): CompiledLesson | undefined {
  return memory.get(hash);
}
