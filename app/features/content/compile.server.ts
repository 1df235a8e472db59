// Compiles one lesson (MDX) to static HTML with mdx-bundler, through the guard, and caches the
// result by content hash in memory and on disk: a lesson is compiled once per change, never per request.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import GithubSlugger from "github-slugger";
import { bundleMDX } from "mdx-bundler";
import { getMDXComponent } from "mdx-bundler/client/index.js";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import remarkGfm from "remark-gfm";
import { visit } from "unist-util-visit";
import { config } from "~/config.server";
import type { Language } from "~/i18n/config";
import { addressClass, boxLabel, lessonComponents, splitAddresses, type AssetInfo } from "./components";
import { LessonRejected, remarkLessonGuard, type GuardReport, type Problem } from "./guard";

/** Bump when the compiler or the component library changes output, to invalidate caches. */
const COMPILER_VERSION = "4";

export interface Heading {
  id: string;
  text: string;
  depth: 2 | 3;
}

export interface CompiledLesson {
  hash: string;
  html: string;
  headings: Heading[];
}

export class LessonCompileError extends Error {
  constructor(public problems: Problem[]) {
    super(problems.map((p) => `${p.line}:${p.column} ${p.message}`).join("\n"));
  }
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

/** Wraps web addresses in running text in <span class="url">, which never wraps at a hyphen. */
function rehypeAddresses() {
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

/** Compiles without caching; reports problems (guard findings or syntax errors) with positions. */
export async function compileLesson(input: CompileInput, report: GuardReport = { problems: [], links: [], assets: [] }): Promise<CompiledLesson> {
  const headings: Heading[] = [];
  let result;
  try {
    result = await bundleMDX({
      source: input.source,
      cwd: path.dirname(input.file),
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
        return options;
      },
    });
  } catch (error) {
    throw new LessonCompileError(toProblems(error, report));
  }
  const Component = getMDXComponent(result.code);
  const html = renderToStaticMarkup(
    createElement(Component, { components: lessonComponents(input.lng, assetResolver(input.courseSlug, input.courseDir)) as any }),
  );
  return { hash: lessonHash(input), html, headings };
}

function toProblems(error: unknown, report: GuardReport): Problem[] {
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
  let message = String(detail?.reason ?? cause?.text ?? detail?.message ?? e?.message ?? e).split("\n")[0];
  // Some MDX messages carry their position only in the text: "… (8:1-8:22)".
  const inText = / \((\d+):(\d+)(?:-\d+:\d+)?\)$/.exec(message);
  if (inText) message = message.slice(0, inText.index);
  const line = detail?.line || place?.line || (inText ? +inText[1] : 0) || cause?.location?.line || 1;
  const column = detail?.column || place?.column || (inText ? +inText[2] : 0) || (cause?.location?.column ?? 0) + 1;
  return [{ line, column, message }];
}

// ---- cache ----

const memory = new Map<string, CompiledLesson>();
const CACHE_DIR = path.resolve(config.CONTENT_CACHE_DIR);

export async function compileLessonCached(input: CompileInput): Promise<CompiledLesson> {
  const hash = lessonHash(input);
  const hit = memory.get(hash);
  if (hit) return hit;
  const diskFile = path.join(CACHE_DIR, `${hash}.json`);
  if (existsSync(diskFile)) {
    try {
      const cached = JSON.parse(readFileSync(diskFile, "utf8")) as CompiledLesson;
      memory.set(hash, cached);
      return cached;
    } catch {
      // a torn or stale file: compile again
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

export function cachedLesson(hash: string): CompiledLesson | undefined {
  return memory.get(hash);
}
