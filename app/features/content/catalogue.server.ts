// Reads content/courses/* into an index of courses, modules and lessons (frontmatter only — no MDX
// is compiled here). Problems are reported with file:line:col for `npm run content:check`; the app
// skips a course whose metadata is invalid.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { supportedLanguages, type Language } from "~/i18n/config";
import { say, sayWithSuggestion, type ProblemCode, type ProblemParams, type Said, type Severity } from "./problems";
import { CourseSchema, LessonFrontmatterSchema, QuizSchema, type CourseMeta, type LessonFrontmatter, type QuizDefinition } from "./schemas";

export interface ContentProblem {
  file: string;
  line: number;
  column: number;
  /** In English; `code` and `params` give it in either language (problems.ts). */
  message: string;
  code?: ProblemCode;
  params?: ProblemParams;
  /** Absent means an error. */
  severity?: Severity;
}

export interface LessonEntry {
  slug: string;
  moduleSlug: string;
  index: number;
  files: Partial<Record<Language, string>>;
  front: Partial<Record<Language, LessonFrontmatter>>;
  /** Line count of each file's frontmatter block, to map MDX positions back to the file. */
  frontLines: Partial<Record<Language, number>>;
}

export interface ModuleEntry {
  slug: string;
  title: CourseMeta["modules"][number]["title"];
  quiz?: string;
  lessons: LessonEntry[];
}

export interface CourseEntry {
  slug: string;
  dir: string;
  meta: CourseMeta;
  modules: ModuleEntry[];
  lessons: LessonEntry[];
  /** Languages in which every lesson exists. */
  languages: Language[];
  quizzes: Map<string, QuizDefinition>;
}

export interface Catalogue {
  courses: CourseEntry[];
  problems: ContentProblem[];
}

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/** The messages of the schemas' own refinements, by the code that says them in both languages. */
const REFINEMENTS: Record<string, ProblemCode> = {
  "use lowercase latin letters, digits and hyphens": "slug",
  "objectives need the same number of items in mn and en": "objectives-count",
  "a single-choice question needs exactly one correct option": "single-one-correct",
  "a multiple-choice question needs at least one correct option": "multiple-some-correct",
  "draw is larger than the number of questions in the pool": "draw-too-large",
};

/** Unwraps optional, nullable, default and transform (pipe) to the schema that reads the value. */
function unwrap(schema: any): any {
  let s = schema;
  for (let i = 0; i < 20 && s?._zod; i++) {
    const def = s._zod.def;
    if (def.innerType) s = def.innerType;
    else if (def.type === "pipe") s = def.in;
    else break;
  }
  return s;
}

/** The keys an object at `path` of `data` may have under `schema` (a question's keys follow its type). */
export function keysAt(schema: z.ZodTypeAny, data: unknown, path: PropertyKey[]): string[] {
  let s = unwrap(schema);
  let value: any = data;
  const step = () => {
    // a union (the question types) is read by the option whose discriminator matches the value
    while (s?._zod.def.type === "union") {
      const { options, discriminator } = s._zod.def;
      const objects = options.map(unwrap).filter((o: any) => o._zod.def.type === "object");
      const match = discriminator
        ? objects.find((o: any) => unwrap(o._zod.def.shape[discriminator])?._zod.def.values?.includes(value?.[discriminator]))
        : undefined;
      if (!match) return [...new Set(objects.flatMap((o: any) => Object.keys(o._zod.def.shape)))] as string[];
      s = match;
    }
    return undefined;
  };
  for (const key of path) {
    if (step()) return [];
    const def = s?._zod.def;
    if (def?.type === "object") s = unwrap(def.shape[key as string]);
    else if (def?.type === "array") s = unwrap(def.element);
    else return [];
    value = value?.[key as any];
  }
  const all = step();
  if (all) return all;
  return s?._zod.def.type === "object" ? Object.keys(s._zod.def.shape) : [];
}

const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/** One zod issue as problems in both languages, each with the path in the document it points at. */
function describeIssue(issue: z.core.$ZodIssue, schema: z.ZodTypeAny, data: unknown): { path: PropertyKey[]; said: Said }[] {
  const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
  const at = (said: Said) => [{ path: issue.path, said }];
  const valueAt = (path: PropertyKey[]) => path.reduce((v: any, k) => v?.[k as any], data);
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = keysAt(schema, data, issue.path);
      return issue.keys.map((key) => ({ path: [...issue.path, key], said: sayWithSuggestion("unknown-key", key, known, { where, key }) }));
    }
    case "invalid_type": {
      if (issue.expected === "int") return at(say("whole-number", { where }));
      const value = valueAt(issue.path);
      if (value === undefined) return at(say("missing-key", { where, expected: issue.expected }));
      return at(say("wrong-type", { where, expected: issue.expected, received: kind(value) }));
    }
    case "invalid_value": {
      const options = issue.values.map((v) => String(v));
      const value = valueAt(issue.path);
      return at(sayWithSuggestion("not-one-of", String(value), options, { where, options: options.join(", ") }));
    }
    case "invalid_union": {
      const union = issue as { discriminator?: string; options?: unknown[] };
      if (!union.discriminator || !union.options) return at(say("invalid-input", { where }));
      const options = union.options.map((v) => String(v));
      const path = issue.path.at(-1) === union.discriminator ? issue.path : [...issue.path, union.discriminator];
      const value = valueAt(path);
      const whereKey = `${path.join(".")}: `;
      if (value === undefined) return [{ path, said: say("missing-key", { where: whereKey, expected: "string" }) }];
      return [{ path, said: sayWithSuggestion("not-one-of", String(value), options, { where: whereKey, options: options.join(", ") }) }];
    }
    case "too_small":
    case "too_big": {
      const limit = Number(issue.code === "too_small" ? issue.minimum : issue.maximum);
      if (issue.origin === "string" && issue.code === "too_small") return at(say("empty-text", { where }));
      if (issue.origin === "array" && issue.code === "too_small") return at(say("too-few-items", { where, limit }));
      if (issue.origin === "string" && issue.code === "too_big") return at(say("too-long", { where, limit }));
      if (issue.origin !== "number") break;
      const relation = issue.code === "too_small" ? (issue.inclusive ? ">=" : ">") : issue.inclusive ? "<=" : "<";
      return at(say(issue.code === "too_small" ? "too-small" : "too-big", { where, relation, limit }));
    }
    case "invalid_format":
    case "custom": {
      const code = REFINEMENTS[issue.message];
      if (code) return at(say(code, { where }));
      const duplicate = /^duplicate question id "(.*)"$/.exec(issue.message);
      if (duplicate) return at(say("duplicate-question-id", { where, id: duplicate[1] }));
      break;
    }
  }
  return at(say("schema-other", { where, detail: issue.message }));
}

/** Parses YAML and validates it, locating each schema error at its key in the file. */
export function parseYamlWith<T extends z.ZodTypeAny>(schema: T, text: string, file: string, problems: ContentProblem[], lineOffset = 0): z.infer<T> | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    for (const e of doc.errors) {
      const p = lineCounter.linePos(e.pos[0]);
      problems.push({ file, line: p.line + lineOffset, column: p.col, ...say("yaml-syntax", { detail: e.message.split("\n")[0] }) });
    }
    return null;
  }
  const data = doc.toJS();
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    for (const { path: target, said } of describeIssue(issue, schema, data)) {
      problems.push({ file, ...yamlPosition(doc, lineCounter, target, said.code.startsWith("unknown-key"), lineOffset), ...said });
    }
  }
  return null;
}

/** Where the deepest node of `target` that exists in the document starts; with `onKey`, its key. */
function yamlPosition(doc: any, lineCounter: LineCounter, target: PropertyKey[], onKey: boolean, lineOffset: number): { line: number; column: number } {
  let node: any = null;
  for (let depth = target.length; depth >= 0 && !node; depth--) {
    node = depth === 0 ? doc.contents : doc.getIn(target.slice(0, depth) as (string | number)[], true);
  }
  if (onKey && target.length) {
    const parent = target.length === 1 ? doc.contents : doc.getIn(target.slice(0, -1) as (string | number)[], true);
    const key = parent?.items?.find((item: any) => item.key?.value === target[target.length - 1])?.key;
    if (key) node = key;
  }
  const p = lineCounter.linePos(node?.range?.[0] ?? 0);
  return { line: p.line + lineOffset, column: p.col };
}

export function splitFrontmatter(source: string): { yaml: string | null; lines: number } {
  const m = FRONTMATTER.exec(source);
  if (!m) return { yaml: null, lines: 0 };
  return { yaml: m[1], lines: m[0].split(/\n/).length - 1 };
}

export function readCourse(dir: string, problems: ContentProblem[]): CourseEntry | null {
  const slug = path.basename(dir);
  const metaFile = path.join(dir, "course.yaml");
  if (!existsSync(metaFile)) {
    problems.push({ file: metaFile, line: 1, column: 1, ...say("course-yaml-missing") });
    return null;
  }
  const meta = parseYamlWith(CourseSchema, readFileSync(metaFile, "utf8"), metaFile, problems);
  if (!meta) return null;

  const modules: ModuleEntry[] = [];
  const lessons: LessonEntry[] = [];
  const seen = new Set<string>();
  for (const mod of meta.modules) {
    const entry: ModuleEntry = { slug: mod.slug, title: mod.title, quiz: mod.quiz, lessons: [] };
    for (const lessonSlug of mod.lessons) {
      if (seen.has(lessonSlug)) {
        problems.push({ file: metaFile, line: 1, column: 1, ...say("lesson-slug-twice", { slug: lessonSlug }) });
        continue;
      }
      seen.add(lessonSlug);
      const lesson: LessonEntry = { slug: lessonSlug, moduleSlug: mod.slug, index: lessons.length, files: {}, front: {}, frontLines: {} };
      for (const lng of supportedLanguages) {
        const file = path.join(dir, mod.slug, `${lessonSlug}.${lng}.mdx`);
        if (!existsSync(file)) continue;
        lesson.files[lng] = file;
        const source = readFileSync(file, "utf8");
        const fm = splitFrontmatter(source);
        lesson.frontLines[lng] = fm.lines;
        if (fm.yaml === null) {
          problems.push({ file, line: 1, column: 1, ...say("frontmatter-missing") });
          continue;
        }
        const front = parseYamlWith(LessonFrontmatterSchema, fm.yaml, file, problems, 1);
        if (front) lesson.front[lng] = front;
      }
      if (!lesson.files.mn && !lesson.files.en) {
        problems.push({
          file: metaFile,
          line: 1,
          column: 1,
          ...say("lesson-file-missing", { slug: lessonSlug, module: mod.slug }),
        });
        continue;
      }
      for (const lng of supportedLanguages) {
        if (!lesson.files[lng]) {
          const other = (lesson.files.mn ?? lesson.files.en)!;
          problems.push({ file: other, line: 1, column: 1, ...say("translation-missing", { file: `${mod.slug}/${lessonSlug}.${lng}.mdx` }) });
        }
      }
      entry.lessons.push(lesson);
      lessons.push(lesson);
    }
    modules.push(entry);
  }

  const quizzes = new Map<string, QuizDefinition>();
  const quizDir = path.join(dir, "quizzes");
  if (existsSync(quizDir)) {
    for (const f of readdirSync(quizDir)
      .filter((f) => f.endsWith(".yaml"))
      .sort()) {
      const file = path.join(quizDir, f);
      const quiz = parseYamlWith(QuizSchema, readFileSync(file, "utf8"), file, problems);
      if (quiz) quizzes.set(f.replace(/\.yaml$/, ""), quiz);
    }
  }
  const wanted = [meta.exam, ...meta.modules.map((m) => m.quiz)].filter(Boolean) as string[];
  const quizFiles = existsSync(quizDir) ? readdirSync(quizDir).flatMap((f) => (f.endsWith(".yaml") ? [f.slice(0, -5)] : [])) : [];
  for (const q of wanted) {
    if (!existsSync(path.join(quizDir, `${q}.yaml`)))
      problems.push({ file: metaFile, line: 1, column: 1, ...sayWithSuggestion("quiz-not-found", q, quizFiles, { quiz: q }) });
  }
  if (meta.exam && quizzes.get(meta.exam)?.kind === "practice") {
    problems.push({ file: path.join(quizDir, `${meta.exam}.yaml`), line: 1, column: 1, ...say("exam-kind") });
  }

  const languages = supportedLanguages.filter((lng) => lessons.every((l) => l.files[lng]));
  return { slug, dir, meta, modules, lessons, languages, quizzes };
}

export function readCatalogue(contentDir: string): Catalogue {
  const problems: ContentProblem[] = [];
  const coursesDir = path.join(contentDir, "courses");
  const courses: CourseEntry[] = [];
  if (!existsSync(coursesDir)) return { courses, problems };
  for (const name of readdirSync(coursesDir).sort()) {
    const dir = path.join(coursesDir, name);
    if (!statSync(dir).isDirectory()) continue;
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(name)) {
      problems.push({ file: dir, line: 1, column: 1, ...say("course-folder-name") });
      continue;
    }
    const course = readCourse(dir, problems);
    if (course) courses.push(course);
  }
  return { courses, problems };
}

/** A cheap fingerprint of the content tree (paths, sizes, mtimes): changes when any file does. */
export function contentSignature(contentDir: string): string {
  const parts: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else parts.push(`${p}:${s.size}:${s.mtimeMs}`);
    }
  };
  if (existsSync(contentDir)) walk(contentDir);
  return parts.join("|");
}
