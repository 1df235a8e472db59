// Reads content/courses/* into an index of courses, modules and lessons (frontmatter only — no MDX
// is compiled here). Problems are reported with file:line:col for `npm run content:check`; the app
// skips a course whose metadata is invalid.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { supportedLanguages, type Language } from "~/i18n/config";
import { CourseSchema, LessonFrontmatterSchema, QuizSchema, type CourseMeta, type LessonFrontmatter, type QuizDefinition } from "./schemas";

export interface ContentProblem {
  file: string;
  line: number;
  column: number;
  message: string;
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

/** Parses YAML and validates it, locating each schema error at its key in the file. */
export function parseYamlWith<T extends z.ZodTypeAny>(schema: T, text: string, file: string, problems: ContentProblem[], lineOffset = 0): z.infer<T> | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) {
    for (const e of doc.errors) {
      const p = lineCounter.linePos(e.pos[0]);
      problems.push({ file, line: p.line + lineOffset, column: p.col, message: `YAML: ${e.message.split("\n")[0]}` });
    }
    return null;
  }
  const result = schema.safeParse(doc.toJS());
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    // Point at the deepest node of the path that exists in the document.
    let node: any = null;
    for (let i = issue.path.length; i >= 0 && !node; i--) {
      node = i === 0 ? doc.contents : doc.getIn(issue.path.slice(0, i) as (string | number)[], true);
    }
    if (issue.code === "unrecognized_keys" && node?.items) {
      const key = node.items.find((item: any) => item.key?.value === (issue as { keys: string[] }).keys[0])?.key;
      if (key) node = key;
    }
    const offset = node?.range?.[0] ?? 0;
    const p = lineCounter.linePos(offset);
    const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
    const keys = issue.code === "unrecognized_keys" ? ` (${(issue as { keys: string[] }).keys.join(", ")})` : "";
    problems.push({ file, line: p.line + lineOffset, column: p.col, message: `${where}${issue.message}${keys}` });
  }
  return null;
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
    problems.push({ file: metaFile, line: 1, column: 1, message: "course.yaml is missing" });
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
        problems.push({ file: metaFile, line: 1, column: 1, message: `lesson slug "${lessonSlug}" is used twice in this course` });
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
          problems.push({ file, line: 1, column: 1, message: "frontmatter (--- title: … ---) is missing" });
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
          message: `lesson "${lessonSlug}" has no file: expected ${mod.slug}/${lessonSlug}.mn.mdx and .en.mdx`,
        });
        continue;
      }
      for (const lng of supportedLanguages) {
        if (!lesson.files[lng]) {
          const other = (lesson.files.mn ?? lesson.files.en)!;
          problems.push({ file: other, line: 1, column: 1, message: `translation missing: ${mod.slug}/${lessonSlug}.${lng}.mdx` });
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
  for (const q of wanted) {
    if (!existsSync(path.join(quizDir, `${q}.yaml`)))
      problems.push({ file: metaFile, line: 1, column: 1, message: `quiz "${q}" not found: expected quizzes/${q}.yaml` });
  }
  if (meta.exam && quizzes.get(meta.exam)?.kind === "practice") {
    problems.push({ file: path.join(quizDir, `${meta.exam}.yaml`), line: 1, column: 1, message: "the course exam must have kind: exam" });
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
      problems.push({ file: dir, line: 1, column: 1, message: "course folder names use lowercase latin letters, digits and hyphens" });
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
