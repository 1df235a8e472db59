// The content the app serves: the course index and compiled lessons. In production a server serves
// the live published version (served.server.ts, decision 038), compiled before it serves and swapped
// whole when another is published. In development and tests the content folder itself is served and
// re-read when a file changes, so an edited lesson shows up on reload.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { config } from "~/config.server";
import { database } from "~/db.server";
import type { Language } from "~/i18n/config";
import { contentSignature, readCatalogue, type Catalogue, type ContentProblem, type CourseEntry, type LessonEntry } from "./catalogue.server";
import { problemLines } from "./check-report";
import { compileLessonCached } from "./compile.server";
import { compileAll, compiledLesson, LiveContent, type Served } from "./served.server";

export const CONTENT_DIR = path.resolve(config.CONTENT_DIR);
const watch = config.NODE_ENV !== "production";
const read = (file: string) => readFileSync(file, "utf8");

function reportProblems(problems: ContentProblem[]) {
  if (config.NODE_ENV === "test") return;
  // in Mongolian and English, with the lines around the problem (as content:check prints them)
  for (const p of problems) for (const line of problemLines(p, "both")) console.warn(`content: ${line}`);
}

/** Production: the live published version. */
export const liveContent: LiveContent | undefined = watch
  ? undefined
  : new LiveContent({
      database,
      contentDir: CONTENT_DIR,
      versionsDir: path.resolve(config.CONTENT_VERSIONS_DIR),
      read,
      log: (line) => console.log(line),
      reportProblems,
    });

let developing: (Served & { signature: string }) | undefined;

/** What is served now: one object, so a caller that takes it reads one version throughout. */
export function servedContent(): Served {
  if (liveContent) return liveContent.current();
  const signature = contentSignature(CONTENT_DIR);
  if (!developing || developing.signature !== signature) {
    const catalogue = readCatalogue(CONTENT_DIR);
    reportProblems(catalogue.problems);
    const version = createHash("sha256").update(signature).digest("hex").slice(0, 16);
    developing = { version, dir: CONTENT_DIR, catalogue, compiled: new Map(), signature };
  }
  return developing;
}

export function getCatalogue(): Catalogue {
  return servedContent().catalogue;
}

/** The content version served: part of every page built from the content (shape keys, page cache). */
export function contentVersion(): string {
  return servedContent().version;
}

export interface Viewer {
  canPreview: boolean;
}

export function visibleCourses(viewer: Viewer): CourseEntry[] {
  return getCatalogue().courses.filter((c) => c.meta.published || viewer.canPreview);
}

export function findCourse(slug: string, viewer: Viewer): CourseEntry | undefined {
  return visibleCourses(viewer).find((c) => c.slug === slug);
}

export function isDraft(lesson: LessonEntry): boolean {
  return Object.values(lesson.front).some((f) => f?.draft);
}

export function visibleLessons(course: CourseEntry, viewer: Viewer): LessonEntry[] {
  return course.lessons.filter((l) => viewer.canPreview || !isDraft(l));
}

/** The lesson in the wanted language, or in the other one with `fallback` set. */
export async function loadLesson(course: CourseEntry, lesson: LessonEntry, lng: Language) {
  const shown: Language = lesson.files[lng] ? lng : lng === "mn" ? "en" : "mn";
  const file = lesson.files[shown]!;
  // in development every load asks the compile cache, which notices an edited file or part
  const compiled = liveContent
    ? await compiledLesson(servedContent(), course.slug, course.dir, file, shown, () => read(file))
    : await compileLessonCached({ file, source: read(file), courseSlug: course.slug, courseDir: course.dir, lng: shown });
  return { compiled, language: shown, fallback: shown !== lng, front: lesson.front[shown] ?? lesson.front[lng] };
}

/** Compiles every lesson of what is served ahead of traffic; returns how many compiled and the failures. */
export async function precompileAll(): Promise<{ compiled: number; failed: string[] }> {
  return compileAll(servedContent(), read);
}

export function localized<T>(value: { mn: T; en: T }, lng: Language): T {
  return value[lng];
}
