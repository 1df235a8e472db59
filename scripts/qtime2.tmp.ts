import { database, db } from "~/db.server";
import { placeMeasures, listLearners, countLearners } from "~/features/reports/repository.server";
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
await t("statusesOnly", () => placeMeasures({ aimags: "all" }, "aimag", new Date(), { statusesOnly: true }));
await t("all measures", () => placeMeasures({ aimags: "all" }, "aimag", new Date()));
await t("list country", () => listLearners({ aimags: "all" }, { limit: 50 }));
await t("list overdue", () => listLearners({ aimags: "all", status: "overdue" }, { limit: 50 }));
await t("list expiring", () => listLearners({ aimags: "all", certificate: "expiring" }, { limit: 50 }));
await t("count expiring", () => countLearners({ aimags: "all", certificate: "expiring" }));
await t("list UB overdue", () => listLearners({ aimags: "all", aimagCode: "MN-1", status: "overdue" }, { limit: 50 }));
await database.close();
