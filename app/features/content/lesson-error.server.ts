// A broken lesson, told where it is written (decision 037). On a development server anyone reading a
// lesson whose MDX does not compile, whose frontmatter is invalid or whose course.yaml is invalid gets
// the error panel (error-panel.tsx): file:line:column, the content check's message in their language,
// the lines around the place. In production only trainers and administrators — who already see
// drafts — get it, and only for a lesson that fails to compile; a learner gets the general error page.
// The panel is a 500 response thrown by the lesson's loader; nothing here is cached.
import { readFileSync } from "node:fs";
import path from "node:path";
import { json } from "@remix-run/node";
import { config } from "~/config.server";
import type { Language } from "~/i18n/config";
import type { ContentProblem, CourseEntry, LessonEntry } from "./catalogue.server";
import { codeFrame, frameText, isWarning, problemLines, problemWhere } from "./check-report";
import { compileFailureProblems } from "./compile.server";
import { CONTENT_DIR, getCatalogue, loadLesson } from "./content.server";
import type { ContentErrorView } from "./error-panel";
import { checkStrings, problemText } from "./problems";

const development = () => config.NODE_ENV === "development";

/** Whether this reader is shown a broken lesson's problems: anyone on a development server, else trainers and administrators. */
export function showsContentProblems(canPreview: boolean): boolean {
  return development() || canPreview;
}

function sourceOf(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return ""; // a folder, or a file no longer there: no frame
  }
}

/** What the panel shows of these problems, in the reader's language (the same lines `npm run content:check` prints). */
export function contentErrorView(problems: ContentProblem[], lng: Language): ContentErrorView {
  return {
    kind: "content-problems",
    audience: development() ? "development" : "trainers",
    problems: problems.map((p) => ({
      where: problemWhere(p),
      level: checkStrings[lng].cli[isWarning(p) ? "warning" : "error"],
      message: problemText(p, lng),
      ...(p.code ? { code: p.code } : {}),
      frame: frameText(codeFrame(sourceOf(p.file), p.line, p.column), ""),
    })),
  };
}

/** The 500 response the root error boundary renders as the panel. */
export function contentErrorResponse(problems: ContentProblem[], lng: Language): Response {
  return json(contentErrorView(problems, lng), { status: 500, headers: { "Cache-Control": "no-store" } });
}

/**
 * On a development server, the problems of a course the catalogue left out because its course.yaml
 * (or its folder) is invalid: what a lesson address of that course answers instead of "not found".
 */
export function skippedCourseProblems(courseSlug: string): ContentProblem[] {
  if (!development() || !courseSlug) return [];
  const catalogue = getCatalogue();
  if (catalogue.courses.some((c) => c.slug === courseSlug)) return [];
  const dir = path.join(CONTENT_DIR, "courses", courseSlug);
  return catalogue.problems.filter((p) => !isWarning(p) && (p.file === dir || path.dirname(p.file) === dir));
}

/**
 * The lesson compiled for the page, or a thrown panel: on a development server when the shown file's
 * frontmatter has an error or the lesson does not compile; in production when it does not compile
 * and the reader is a trainer or administrator. Anyone else gets the compile error as it was thrown.
 */
export async function loadLessonOrProblems(facts: { course: CourseEntry; lesson: LessonEntry; lng: Language; canPreview: boolean }) {
  const { course, lesson, lng } = facts;
  const file = lesson.files[lng] ?? lesson.files[lng === "mn" ? "en" : "mn"];
  if (development() && file) {
    // the catalogue's errors on a lesson file are its frontmatter's; a missing translation is said
    // on the other language's file, which still reads well
    const front = getCatalogue().problems.filter((p) => p.file === file && !isWarning(p) && p.code !== "translation-missing");
    if (front.length) throw contentErrorResponse(front, lng);
  }
  try {
    return await loadLesson(course, lesson, lng);
  } catch (error) {
    if (!file || !showsContentProblems(facts.canPreview)) throw error;
    const problems = compileFailureProblems(error, file);
    // the developer's terminal says it too, as content:check would
    if (development()) for (const p of problems) for (const line of problemLines(p, "both")) console.warn(`content: ${line}`);
    throw contentErrorResponse(problems, lng);
  }
}
