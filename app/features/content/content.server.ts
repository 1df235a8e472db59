// The content the app serves: the course index and compiled lessons. In production everything is
// compiled at start-up (precompileAll) and served from memory; in development the index is re-read
// when a file changes, so an edited lesson shows up on reload.
import { readFileSync } from "node:fs";
import path from "node:path";
import { config } from "~/config.server";
import type { Language } from "~/i18n/config";
import { contentSignature, readCatalogue, type Catalogue, type CourseEntry, type LessonEntry } from "./catalogue.server";
import { problemLines } from "./check-report";
import { compileFailureProblems, compileLessonCached, type CompiledLesson } from "./compile.server";

export const CONTENT_DIR = path.resolve(config.CONTENT_DIR);
const watch = config.NODE_ENV !== "production";

let current: { signature: string; catalogue: Catalogue } | undefined;

export function getCatalogue(): Catalogue {
  if (current && !watch) return current.catalogue;
  const signature = watch ? contentSignature(CONTENT_DIR) : "";
  if (!current || current.signature !== signature) {
    const catalogue = readCatalogue(CONTENT_DIR);
    if (config.NODE_ENV !== "test") for (const p of catalogue.problems) for (const line of problemLines(p, "both")) console.warn(`content: ${line}`);
    current = { signature, catalogue };
  }
  return current.catalogue;
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

// In production the files do not change under a running server: a compiled lesson is found by
// name without reading or hashing its file again.
const byName = new Map<string, CompiledLesson>();

/** The lesson in the wanted language, or in the other one with `fallback` set. */
export async function loadLesson(course: CourseEntry, lesson: LessonEntry, lng: Language) {
  const shown: Language = lesson.files[lng] ? lng : lng === "mn" ? "en" : "mn";
  const key = `${course.slug}/${lesson.slug}/${shown}`;
  let compiled = watch ? undefined : byName.get(key);
  if (!compiled) {
    const file = lesson.files[shown]!;
    compiled = await compileLessonCached({ file, source: readFileSync(file, "utf8"), courseSlug: course.slug, courseDir: course.dir, lng: shown });
    if (!watch) byName.set(key, compiled);
  }
  return { compiled, language: shown, fallback: shown !== lng, front: lesson.front[shown] ?? lesson.front[lng] };
}

/** Compiles every lesson ahead of traffic; returns how many compiled and the failures. */
export async function precompileAll(): Promise<{ compiled: number; failed: string[] }> {
  const failed: string[] = [];
  let compiled = 0;
  for (const course of getCatalogue().courses) {
    for (const lesson of course.lessons) {
      for (const lng of Object.keys(lesson.files) as Language[]) {
        try {
          await loadLesson(course, lesson, lng);
          compiled++;
        } catch (e) {
          failed.push(...compileFailureProblems(e, lesson.files[lng]!).flatMap((p) => problemLines(p, "both")));
        }
      }
    }
  }
  return { compiled, failed };
}

export function localized<T>(value: { mn: T; en: T }, lng: Language): T {
  return value[lng];
}
