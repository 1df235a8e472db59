// A lesson is data, never code. This remark plugin is the gate every lesson (and every .mdx file a
// lesson imports) passes, at start-up and in `npm run content:check`. It is an allow-list: what it does
// not name is refused. Inside { } only plain values (text, numbers, true/false/null, lists and
// {key: value} groups of those); only the component library and listed HTML tags; imports only of .mdx
// files of the course folder; links only to http(s), mailto, tel or relative addresses; images and
// media only from the course folder. It also collects links and asset references for the checker.
import { realpathSync, statSync } from "node:fs";
import path from "node:path";
import { visit } from "unist-util-visit";
import { say, sayWithSuggestion, type ProblemCode, type ProblemParams, type Said, type Severity } from "./problems";

export interface Problem {
  line: number;
  column: number;
  /** In English; `code` and `params` give it in either language (problems.ts). */
  message: string;
  code?: ProblemCode;
  params?: ProblemParams;
  severity?: Severity;
  /** Set when the problem is in a file the lesson imports rather than in the lesson itself. */
  file?: string;
}

export interface GuardReport {
  problems: Problem[];
  /** `file` is set for links and assets of a file the lesson imports. */
  links: { url: string; line: number; column: number; file?: string }[];
  assets: { src: string; line: number; column: number; file?: string }[];
}

interface Spec {
  required?: string[];
  optional?: string[];
  enums?: Record<string, string[]>;
  /** Props that name a file of the course folder (an image, a video, captions). */
  files?: string[];
}

export const LIBRARY: Record<string, Spec> = {
  Callout: { optional: ["type", "title"], enums: { type: ["info", "warning", "tip"] } },
  Steps: {},
  Figure: { required: ["src", "alt"], optional: ["caption", "width"], files: ["src"] },
  Video: { required: ["src", "captions"], optional: ["title", "poster"], files: ["src", "captions", "poster"] },
  KeyTerms: {},
  Term: { required: ["name"] },
  Checklist: {},
  Tabs: {},
  Tab: { required: ["label"] },
  Practice: { required: ["question", "options", "answer"] },
};

const HTML_ALLOWED = new Set(
  "div span br hr p strong em b i u s sub sup small mark abbr kbd code pre blockquote ul ol li dl dt dd table thead tbody tr th td caption details summary figure figcaption h2 h3 h4".split(
    " ",
  ),
);
const HTML_ATTRS = new Set(["className", "id", "title", "lang", "dir", "colSpan", "rowSpan", "open", "start", "reversed", "type"]);

const isText = (n: any) => (n?.type === "Literal" && typeof n.value === "string") || (n?.type === "TemplateLiteral" && n.expressions.length === 0);
const isNumber = (n: any) => n?.type === "Literal" && typeof n.value === "number";
/** Component props that take a value in { } (and the shape it must have); every other prop is quoted text. */
const VALUE_PROPS: Record<string, (n: any) => boolean> = {
  "Practice.options": (n) => n.type === "ArrayExpression" && n.elements.length > 0 && n.elements.every(isText),
  "Practice.answer": (n) => isNumber(n) && Number.isInteger(n.value),
  "Figure.width": (n) => isNumber(n) && n.value > 0,
};

/** The only kind of file a lesson may import: another piece of lesson, guarded like a lesson. */
export const IMPORTABLE_EXTENSIONS = new Set([".mdx"]);

/** Schemes a link may use; anything else with a scheme (javascript:, data:, file:, …) is refused. */
const LINK_SCHEMES = new Set(["http", "https", "mailto", "tel"]);

// ---- expressions: the allow-list ----

/**
 * Returns the first node of an ESTree expression that is not plain data, or undefined when the whole
 * expression is allowed. One rule for {…} in text, in its own paragraph and as an attribute value.
 * `what` names it: a key of "what" in content-check.*.ts, or the node type.
 */
export function disallowedNode(node: any, inText = false): { node: any; what: string } | undefined {
  if (!node || typeof node.type !== "string") return { node, what: "empty" };
  switch (node.type) {
    case "Literal":
      if (node.regex) return { node, what: "regex" };
      if (node.bigint !== undefined || typeof node.value === "bigint") return { node, what: "bigint" };
      return undefined;
    case "UnaryExpression":
      // -1 is a unary minus over a number; nothing else that looks like an operator is data.
      if ((node.operator === "-" || node.operator === "+") && node.argument?.type === "Literal" && typeof node.argument.value === "number") return undefined;
      return { node, what: "UnaryExpression" };
    case "TemplateLiteral":
      if (node.expressions.length === 0) return undefined;
      return { node, what: "TemplateLiteral" };
    case "ArrayExpression":
      for (const element of node.elements) {
        if (element === null) return { node, what: "emptySlot" };
        const bad = disallowedNode(element, inText);
        if (bad) return bad;
      }
      return undefined;
    case "ObjectExpression":
      // React cannot show a group as text; only a prop can take one
      if (inText) return { node, what: "groupInText" };
      for (const p of node.properties) {
        if (p.type !== "Property") return { node: p, what: p.type };
        if (p.kind !== "init" || p.method) return { node: p, what: "accessor" };
        if (p.computed) return { node: p, what: "computedKey" };
        if (p.shorthand) return { node: p, what: "shorthand" };
        const key = p.key.type === "Identifier" ? p.key.name : p.key.type === "Literal" && typeof p.key.value !== "object" ? String(p.key.value) : undefined;
        if (key === undefined) return { node: p.key, what: "oddKey" };
        if (key === "__proto__") return { node: p.key, what: "proto" };
        const bad = disallowedNode(p.value);
        if (bad) return bad;
      }
      return undefined;
    default:
      return { node, what: node.type };
  }
}

/**
 * Checks the program of one MDX expression. `{/* comment *\/}` (an empty program) is allowed where
 * the expression stands alone or in text; an attribute value needs exactly one value.
 */
function checkExpressionProgram(program: any, where: "content" | "attribute", problem: (said: Said, node?: any) => void) {
  const body: any[] = program?.body ?? [];
  if (!program || program.type !== "Program") {
    problem(say("expression-unreadable"));
    return;
  }
  if (body.length === 0 && where === "content") return;
  if (body.length !== 1 || body[0].type !== "ExpressionStatement") {
    problem(say("expression-statement"), body[0]);
    return;
  }
  const bad = disallowedNode(body[0].expression, where === "content");
  if (bad) problem(say("expression-value", { what: bad.what }), bad.node);
}

// ---- addresses ----

/**
 * The scheme a browser would see in `url`, lower-cased, or undefined for a relative address. Browsers
 * drop leading and trailing control characters and spaces and every tab and newline before parsing, so
 * " java\tscript:" is javascript:. Character references (&#58;) are already decoded by the MDX parser.
 */
export function urlScheme(url: string): string | undefined {
  const cleaned = url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "").replace(/[\t\n\r]/g, "");
  return /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(cleaned)?.[1].toLowerCase();
}

export function isAllowedLink(url: string): boolean {
  const scheme = urlScheme(url);
  return scheme === undefined || LINK_SCHEMES.has(scheme);
}

/** A path to a file of the course folder as authors write it: "images/x.svg" or "./images/x.svg". */
export function isCourseFilePath(src: string): boolean {
  if (src !== src.trim() || src === "" || urlScheme(src) !== undefined) return false;
  // no absolute or protocol-relative paths, no Windows separators, no query or fragment, no escape
  if (/^[\\/]|[\\?#%\u0000-\u001f]/.test(src)) return false;
  const normal = path.posix.normalize(src);
  return normal !== "." && !normal.startsWith("../") && normal !== "..";
}

// ---- files ----

/**
 * The real path of `target` when it is an existing file whose real path (symlinks resolved) lies
 * inside `dir`; undefined otherwise. The one test of "a file of the course folder".
 */
export function realInside(dir: string, target: string): string | undefined {
  try {
    const realDir = realpathSync(dir);
    const real = realpathSync(target);
    const rel = path.relative(realDir, real);
    if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return undefined;
    return statSync(real).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The real path of the file `specifier` names, when a lesson at `from` may import it: a relative
 * path ("./" or "../") to an existing .mdx file whose real path (symlinks resolved) is inside the course
 * folder. Shared by the guard and the bundler's resolve fence, so both apply one rule.
 */
export function importableFile(specifier: string, from: string, courseDir: string): string | undefined {
  if (!/^\.\.?\//.test(specifier) || /[?#\\%\u0000-\u001f]/.test(specifier)) return undefined;
  if (!IMPORTABLE_EXTENSIONS.has(path.extname(specifier))) return undefined;
  return realInside(courseDir, path.resolve(path.dirname(from), specifier));
}

function pos(node: any): { line: number; column: number } {
  const p = node?.position?.start ?? (node?.loc ? { line: node.loc.start.line, column: node.loc.start.column + 1 } : undefined);
  return { line: p?.line ?? 1, column: p?.column ?? 1 };
}

/** mdx-bundler compiles the lesson under a made-up name in the lesson's folder. */
export const BUNDLER_ENTRY = /^_mdx_bundler_entry_point-[0-9a-f-]+\.mdx$/;

/** `file` is the lesson's path; `courseDir` the course folder; results go into `out`. */
export function remarkLessonGuard(options: { file: string; courseDir: string; out: GuardReport; lineOffset?: number }) {
  const { courseDir, out } = options;
  const offset = options.lineOffset ?? 0;
  return (tree: any, vfile?: { path?: string }) => {
    // The same plugin runs on the lesson and on each .mdx file it imports; imports resolve from the
    // file being read, and problems in an imported file are reported against that file.
    const importedFile = vfile?.path && !BUNDLER_ENTRY.test(path.basename(vfile.path)) && vfile.path !== options.file ? vfile.path : undefined;
    const file = importedFile ?? options.file;
    const before = out.problems.length;
    const imported = new Set<string>();
    const definitions = new Map<string, any>();
    const place = (node: any) => {
      const p = pos(node);
      return { line: p.line + (importedFile ? 0 : offset), column: p.column, ...(importedFile ? { file: importedFile } : {}) };
    };
    const problem = (said: Said, node: any, fallback?: any) => {
      out.problems.push({ ...place(node?.loc || node?.position ? node : fallback), ...said });
    };

    visit(tree, "definition", (node: any) => {
      definitions.set(String(node.identifier).toLowerCase(), node);
    });

    visit(tree, (node: any) => {
      switch (node.type) {
        case "mdxjsEsm": {
          // The frontmatter export is generated by the compiler (it has no position in the file).
          if (!node.position) break;
          const program = node.data?.estree;
          if (!program) {
            problem(say("esm-unreadable"), node);
            break;
          }
          for (const stmt of program.body ?? []) {
            if (stmt.type !== "ImportDeclaration") {
              problem(say("export-not-allowed"), stmt, node);
              continue;
            }
            const source = String(stmt.source.value);
            for (const s of stmt.specifiers) imported.add(s.local.name); // refused below or not: not "unknown" too
            if (importedFile) {
              // one level only: parts cannot import each other, so they cannot include each other forever
              problem(say("import-in-part", { source }), stmt, node);
              continue;
            }
            const real = importableFile(source, file, courseDir);
            if (real && real === realInside(courseDir, options.file)) {
              problem(say("import-self", { source }), stmt, node);
              continue;
            }
            if (!real) {
              problem(say("import-not-allowed", { source }), stmt, node);
              continue;
            }
            if ((stmt.attributes ?? stmt.assertions ?? []).length > 0) {
              problem(say("import-with", { source }), stmt, node);
              continue;
            }
            for (const s of stmt.specifiers) {
              if (s.type !== "ImportDefaultSpecifier") problem(say("import-shape", { source }), s, node);
            }
          }
          break;
        }
        case "mdxFlowExpression":
        case "mdxTextExpression":
          checkExpressionProgram(node.data?.estree, "content", (m, n) => problem(m, n, node));
          break;
        case "mdxJsxFlowElement":
        case "mdxJsxTextElement": {
          const name: string | null = node.name;
          const attrs: any[] = node.attributes ?? [];
          for (const a of attrs) {
            if (a.type === "mdxJsxExpressionAttribute") {
              problem(say("spread-attributes"), a, node);
              continue;
            }
            if (/^on/i.test(a.name) || a.name === "dangerouslySetInnerHTML" || a.name === "ref" || a.name === "style") {
              problem(say("attribute-not-allowed", { attribute: a.name }), a, node);
            }
            if (a.value && typeof a.value === "object") checkExpressionProgram(a.value.data?.estree, "attribute", (m, n) => problem(m, n, node));
          }
          if (name === null) break; // fragment
          if (/^[a-z]/.test(name)) {
            if (!HTML_ALLOWED.has(name)) {
              // <callout> or <video> for a component of the library
              problem(sayWithSuggestion("tag-not-allowed", name, Object.keys(LIBRARY), { name }), node);
            } else {
              const flagged = (n: string) => /^on/i.test(n) || ["dangerouslySetInnerHTML", "ref", "style"].includes(n);
              for (const a of attrs)
                if (a.name && !flagged(a.name) && !HTML_ATTRS.has(a.name) && !/^(aria|data)-[a-z0-9-]+$/.test(a.name))
                  problem(say("tag-attribute-not-allowed", { attribute: a.name, name }), node);
            }
            break;
          }
          const spec = LIBRARY[name];
          if (spec && importedFile) {
            // the library is handed to the lesson only; in an imported part the tag would fail to render
            problem(say("component-in-part", { name }), node);
            break;
          }
          if (!spec) {
            if (!imported.has(name))
              problem(sayWithSuggestion("unknown-component", name, Object.keys(LIBRARY), { name, library: Object.keys(LIBRARY).join(", ") }), node);
            else if (attrs.length) problem(say("part-attributes", { name }), node);
            break;
          }
          const given = new Map(attrs.filter((a) => a.name).map((a) => [a.name as string, a.value]));
          for (const r of spec.required ?? []) {
            const v = given.get(r);
            if (v === undefined || v === null || (typeof v === "string" && v.trim() === "")) problem(say("attribute-required", { name, attribute: r }), node);
          }
          const known = new Set([...(spec.required ?? []), ...(spec.optional ?? [])]);
          for (const k of given.keys()) if (!known.has(k)) problem(sayWithSuggestion("unknown-attribute", k, known, { name, attribute: k }), node);
          for (const [k, allowed] of Object.entries(spec.enums ?? {})) {
            const v = given.get(k);
            if (typeof v === "string" && !allowed.includes(v))
              problem(sayWithSuggestion("attribute-not-one-of", v, allowed, { name, attribute: k, value: v, allowed: allowed.join(", ") }), node);
          }
          // Props are text in quotes; only these take a value in { }, of the shape the component reads.
          for (const [k, v] of given) {
            if (!known.has(k) || typeof v === "string") continue;
            const value = v?.data?.estree?.body?.[0]?.expression;
            const shape = VALUE_PROPS[`${name}.${k}`];
            if (!shape) problem(say("attribute-quoted", { name, attribute: k }), node);
            else if (value && !shape(value)) problem(say("attribute-shape", { name, attribute: k, shape: `${name}.${k}` }), node);
          }
          if (name === "Practice") {
            const options = given.get("options");
            const answer = given.get("answer");
            const arr = options?.data?.estree?.body?.[0]?.expression;
            const ans = answer?.data?.estree?.body?.[0]?.expression;
            if (typeof options === "string") problem(say("practice-options"), node);
            if (typeof answer === "string") problem(say("practice-answer"), node);
            if (arr?.type === "ArrayExpression" && ans?.type === "Literal" && (ans.value < 0 || ans.value >= arr.elements.length)) {
              problem(say("practice-answer-range", { answer: ans.value, count: arr.elements.length }), node);
            }
          }
          for (const attr of spec.files ?? []) {
            const v = given.get(attr);
            if (v === undefined || v === null) continue;
            if (typeof v !== "string") problem(say("file-attribute-quoted", { name, attribute: attr }), node);
            else if (!isCourseFilePath(v)) problem(say("file-attribute-path", { name, attribute: attr, value: v }), node);
            else out.assets.push({ src: v, ...place(node) });
          }
          break;
        }
        case "link":
        case "definition":
          // A definition ([name]: address) may serve a link or an image; both rules apply where it is used.
          if (!isAllowedLink(node.url)) problem(say("link-not-allowed", { url: node.url }), node);
          else if (node.type === "link") out.links.push({ url: node.url, ...place(node) });
          break;
        case "linkReference": {
          const url = definitions.get(String(node.identifier).toLowerCase())?.url;
          if (url !== undefined && isAllowedLink(url)) out.links.push({ url, ...place(node) });
          break;
        }
        case "image":
        case "imageReference": {
          const url = node.type === "image" ? node.url : definitions.get(String(node.identifier).toLowerCase())?.url;
          if (url === undefined) problem(say("image-address-missing"), node);
          else if (!isCourseFilePath(url)) problem(say("image-not-allowed", { url }), node);
          else out.assets.push({ src: url, ...place(node) });
          if (!node.alt?.trim()) problem(say("image-alt"), node);
          break;
        }
        case "html":
          problem(say("raw-html"), node);
          break;
      }
    });
    // Stop here: nothing of a rejected lesson may reach the bundler or the renderer.
    if (out.problems.length > before) throw new LessonRejected(out.problems.slice(before));
  };
}

export class LessonRejected extends Error {
  constructor(public problems: Problem[]) {
    super(problems.map((p) => `${p.file ? `${p.file}:` : ""}${p.line}:${p.column} ${p.message}`).join("\n"));
  }
}
