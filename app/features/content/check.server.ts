// `npm run content:check`: everything an author can get wrong, as file:line:col messages.
import { readFileSync } from "node:fs";
import path from "node:path";
import { LineCounter, parseDocument } from "yaml";
import type { Language } from "~/i18n/config";
import { readCatalogue, type ContentProblem } from "./catalogue.server";
import { compileFailureProblems, compileLesson } from "./compile.server";
import { realInside, type GuardReport } from "./guard";
import { say, sayWithSuggestion } from "./problems";
import type { QuizDefinition } from "./schemas";

/** How many single-choice questions, shown in the written order, make "always the same place" a pattern. */
export const SAME_PLACE_MIN_QUESTIONS = 3;

/**
 * A warning when every single-choice question of a quiz that learners see in the written order has its
 * right answer at the same place (usually first): the place gives the answer away. Questions whose
 * options are shuffled for each attempt (shuffleOptions, the quiz's default true) show no place and
 * are left out.
 */
export function answerPlaceWarning(quiz: QuizDefinition, file: string, text: string): ContentProblem | undefined {
  const inOrder = quiz.pools.flatMap((pool, pi) =>
    pool.questions.flatMap((q, qi) => (q.type === "single" && !(q.shuffleOptions ?? quiz.shuffleOptions) ? [{ q, path: ["pools", pi, "questions", qi] }] : [])),
  );
  if (inOrder.length < SAME_PLACE_MIN_QUESTIONS) return undefined;
  const places = new Set(inOrder.map(({ q }) => (q.type === "single" ? q.options.findIndex((o) => o.correct) : -1)));
  if (places.size !== 1) return undefined;
  const lineCounter = new LineCounter();
  const node: any = parseDocument(text, { lineCounter }).getIn(inOrder[0].path, true);
  const p = lineCounter.linePos(node?.range?.[0] ?? 0);
  return { file, line: p.line, column: p.col, ...say("answer-always-same-place", { position: [...places][0] + 1, count: inOrder.length }, "warning") };
}

export async function checkContent(
  contentDir: string,
  onProgress: (done: number, total: number, file: string) => void = () => {},
): Promise<{ problems: ContentProblem[]; lessons: number; ms: number }> {
  const started = performance.now();
  const { courses, problems } = readCatalogue(contentDir);
  for (const course of courses) {
    for (const [slug, quiz] of course.quizzes) {
      const file = path.join(course.dir, "quizzes", `${slug}.yaml`);
      const warning = answerPlaceWarning(quiz, file, readFileSync(file, "utf8"));
      if (warning) problems.push(warning);
    }
  }
  const jobs = courses.flatMap((course) =>
    course.lessons.flatMap((lesson) => (Object.entries(lesson.files) as [Language, string][]).map(([lng, file]) => ({ course, lesson, lng, file }))),
  );
  let done = 0;
  for (const { course, lesson, lng, file } of jobs) {
    onProgress(done, jobs.length, file);
    const report: GuardReport = { problems: [], links: [], assets: [] };
    try {
      await compileLesson({ file, source: readFileSync(file, "utf8"), courseSlug: course.slug, courseDir: course.dir, lng }, report);
    } catch (e) {
      // a problem in a file the lesson imports is reported against that file
      problems.push(...compileFailureProblems(e, file));
    }
    const slugs = new Set(course.lessons.map((l) => l.slug));
    for (const link of report.links) {
      const m = /^\.\/([a-z0-9-]+)(#.*)?$/.exec(link.url);
      if (m) {
        if (!slugs.has(m[1]))
          problems.push({
            file: link.file ?? file,
            line: link.line,
            column: link.column,
            ...sayWithSuggestion("link-unknown-lesson", m[1], slugs, { slug: m[1] }),
          });
      } else if (!/^(https?:\/\/|mailto:|tel:|#|\/)/.test(link.url)) {
        problems.push({
          file: link.file ?? file,
          line: link.line,
          column: link.column,
          ...say("link-form", { url: link.url }),
        });
      }
    }
    for (const asset of report.assets) {
      if (!realInside(course.dir, path.resolve(course.dir, asset.src))) {
        problems.push({ file: asset.file ?? file, line: asset.line, column: asset.column, ...say("file-not-found", { src: asset.src }) });
      }
    }
    if (lesson.front[lng] === undefined && !problems.some((p) => p.file === file)) {
      problems.push({ file, line: 1, column: 1, ...say("frontmatter-invalid") });
    }
    done++;
  }
  onProgress(done, jobs.length, "");
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { problems, lessons: jobs.length, ms: performance.now() - started };
}
