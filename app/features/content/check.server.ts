// `npm run content:check`: everything an author can get wrong, as file:line:col messages.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Language } from "~/i18n/config";
import { readCatalogue, type ContentProblem } from "./catalogue.server";
import { compileLesson, LessonCompileError } from "./compile.server";
import { realInside, type GuardReport } from "./guard";

export async function checkContent(
  contentDir: string,
  onProgress: (done: number, total: number, file: string) => void = () => {},
): Promise<{ problems: ContentProblem[]; lessons: number; ms: number }> {
  const started = performance.now();
  const { courses, problems } = readCatalogue(contentDir);
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
      const found = e instanceof LessonCompileError ? e.problems : [{ line: 1, column: 1, message: String((e as Error).message) }];
      // a problem in a file the lesson imports is reported against that file
      for (const p of found) problems.push({ ...p, file: p.file ?? file });
    }
    const slugs = new Set(course.lessons.map((l) => l.slug));
    for (const link of report.links) {
      const m = /^\.\/([a-z0-9-]+)(#.*)?$/.exec(link.url);
      if (m) {
        if (!slugs.has(m[1])) problems.push({ file: link.file ?? file, line: link.line, column: link.column, message: `link to unknown lesson "${m[1]}"` });
      } else if (!/^(https?:\/\/|mailto:|tel:|#|\/)/.test(link.url)) {
        problems.push({
          file: link.file ?? file,
          line: link.line,
          column: link.column,
          message: `link "${link.url}": link lessons as ./lesson-slug, other pages with https://`,
        });
      }
    }
    for (const asset of report.assets) {
      if (!realInside(course.dir, path.resolve(course.dir, asset.src))) {
        problems.push({ file: asset.file ?? file, line: asset.line, column: asset.column, message: `file "${asset.src}" not found in the course folder` });
      }
    }
    if (lesson.front[lng] === undefined && !problems.some((p) => p.file === file)) {
      problems.push({ file, line: 1, column: 1, message: "frontmatter is invalid" });
    }
    done++;
  }
  onProgress(done, jobs.length, "");
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { problems, lessons: jobs.length, ms: performance.now() - started };
}
