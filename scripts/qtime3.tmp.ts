import { database, db } from "~/db.server";
import { listLearners } from "~/features/reports/repository.server";
import { findCourse } from "~/features/content/content.server";
import { attendanceSatisfied } from "~/features/enrolment/progress.server";
const t = async (label: string, f: () => Promise<unknown>) => {
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const s = performance.now();
    await f();
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  console.log(label.padEnd(40), times.map((x) => x.toFixed(0)).join(" "));
};
const { rows } = await listLearners({ aimags: "all" }, { limit: 50 });
await t("findCourse x50", async () => {
  for (const r of rows) findCourse(r.courseSlug, { canPreview: true });
});
await t("attendance x50", async () => {
  for (const r of rows) {
    const c = findCourse(r.courseSlug, { canPreview: true });
    if (c) await attendanceSatisfied(r.userId, c);
  }
});
console.log(rows.map((r) => r.courseSlug).slice(0, 5));
await database.close();
