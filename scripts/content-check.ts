// npm run content:check [dir] — compiles every lesson and checks frontmatter, components, links,
// images, translations and quizzes. Prints file:line:col message; exits 1 when anything is wrong.
import path from "node:path";
import { config } from "~/config.server";
import { checkContent } from "~/features/content/check.server";

const dir = path.resolve(process.argv[2] ?? config.CONTENT_DIR);
const tty = process.stderr.isTTY;
const { problems, lessons, ms } = await checkContent(dir, (done, total, file) => {
  const line = `[${done}/${total}] ${file ? path.relative(process.cwd(), file) : "done"}`;
  if (tty) process.stderr.write(`\r\x1b[K${line}`);
  else if (done % 10 === 0 || !file) process.stderr.write(`${line}\n`);
});
if (tty) process.stderr.write("\n");
for (const p of problems) console.log(`${path.relative(process.cwd(), p.file)}:${p.line}:${p.column} ${p.message}`);
console.error(`${lessons} lesson files checked in ${(ms / 1000).toFixed(1)} s: ${problems.length === 0 ? "no problems" : `${problems.length} problem(s)`}`);
process.exit(problems.length ? 1 : 0);
