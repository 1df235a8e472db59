// npm run content:check -- [--lang mn|en|both] [dir] — compiles every lesson and checks frontmatter,
// components, links, images, translations and quizzes. Prints `file:line:col level: message [code]` in
// Mongolian (default), English or both, and the lines around the place; exits 1 when there is an
// error (warnings do not fail).
import { readFileSync } from "node:fs";
import path from "node:path";
import { config } from "~/config.server";
import { codeFrame, frameLines, isWarning, parseCheckArguments, problemLines, summaryLine } from "~/features/content/check-report";
import { checkContent } from "~/features/content/check.server";

const args = parseCheckArguments(process.argv.slice(2));
if (args.error) {
  console.error(args.error);
  process.exit(2);
}
const dir = path.resolve(args.dir ?? config.CONTENT_DIR);
const tty = process.stderr.isTTY;
const { problems, lessons, ms } = await checkContent(dir, (done, total, file) => {
  const line = `[${done}/${total}] ${file ? path.relative(process.cwd(), file) : "done"}`;
  if (tty) process.stderr.write(`\r\x1b[K${line}`);
  else if (done % 10 === 0 || !file) process.stderr.write(`${line}\n`);
});
if (tty) process.stderr.write("\n");
const sources = new Map<string, string>();
const sourceOf = (file: string) => {
  if (!sources.has(file)) {
    try {
      sources.set(file, readFileSync(file, "utf8"));
    } catch {
      sources.set(file, ""); // a folder (a course folder's name), or a file that is not there: no frame
    }
  }
  return sources.get(file)!;
};
for (const p of problems) {
  for (const line of problemLines(p, args.lang)) console.log(line);
  for (const line of frameLines(codeFrame(sourceOf(p.file), p.line, p.column))) console.log(line);
}
console.error(summaryLine(problems, lessons, ms, args.lang));
process.exit(problems.some((p) => !isWarning(p)) ? 1 : 0);
