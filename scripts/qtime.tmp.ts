import { database, db } from "~/db.server";
import { dashboard, readFilter, weeklyTrend, learnerReport } from "~/features/reports/reports.server";
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
const admin = { id: "x", roles: [{ role: "admin", aimag_code: null }] } as any;
const url = new URL("http://x/admin/reports");
const { filter, geo } = await readFilter(url, admin);
await t("readFilter", () => readFilter(url, admin));
await t("dashboard", () => dashboard(admin, "mn", filter, geo));
await t("weeklyTrend", () => weeklyTrend(admin, filter));
await t("learnerReport", () => learnerReport(admin, "mn", filter, geo));
const f2 = (await readFilter(new URL("http://x/admin/reports/learners?status=overdue"), admin)).filter;
await t("learnerReport overdue", () => learnerReport(admin, "mn", f2, geo));
const f3 = (await readFilter(new URL("http://x/admin/reports/learners?certificate=expiring"), admin)).filter;
await t("learnerReport expiring", () => learnerReport(admin, "mn", f3, geo));
console.log(geo.orgs.length, geo.sums.length);
await database.close();
