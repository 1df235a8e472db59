// npm run bench [suite…] — runs the benchmarks and records them in docs/BENCHMARKS.md.
import { benchExam } from "./exam";
import { benchExamStatistics } from "./exam-statistics-record";
import { benchExports } from "./exports";
import { benchLessons } from "./lessons";
import { benchPdf } from "./pdf";
import { benchReminders } from "./reminders";
import { benchReports } from "./reports";
import { benchThroughput } from "./throughput";

const suites: Record<string, () => Promise<void>> = {
  lessons: benchLessons,
  exam: benchExam,
  "exam-statistics": benchExamStatistics,
  pdf: benchPdf,
  reports: benchReports,
  reminders: benchReminders,
  exports: () => benchExports(),
  throughput: benchThroughput,
};
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
for (const name of wanted.length ? wanted : Object.keys(suites)) {
  const run = suites[name];
  if (!run) throw new Error(`unknown benchmark "${name}"; have ${Object.keys(suites).join(", ")}`);
  console.log(`== ${name}`);
  await run();
}
process.exit(0);
