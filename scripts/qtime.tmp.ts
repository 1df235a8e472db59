import { database } from "~/db.server";
import { placeMeasures, listLearners, countLearners, countLearnersBySearch, courseFunnel } from "~/features/reports/repository.server";
import { listUsers } from "~/features/users/repository.server";
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
const now = new Date();
await t("placeMeasures country", () => placeMeasures({ aimags: "all" }, "aimag", now));
await t("placeMeasures UB by sum", () => placeMeasures({ aimags: "all", aimagCode: "MN-1" }, "sum", now));
await t("statusesOnly", () => placeMeasures({ aimags: "all" }, "aimag", now, { statusesOnly: true }));
await t("list country", () => listLearners({ aimags: "all", now }, { limit: 50 }));
await t("list overdue", () => listLearners({ aimags: "all", status: "overdue", now }, { limit: 50 }));
await t("list UB overdue", () => listLearners({ aimags: ["MN-1"], aimagCode: "MN-1", status: "overdue", now }, { limit: 50 }));
await t("list expiring", () => listLearners({ aimags: "all", certificate: "expiring", now }, { limit: 50 }));
await t("count expiring", () => countLearners({ aimags: "all", certificate: "expiring", now }));
await t("list expired", () => listLearners({ aimags: "all", certificate: "expired", now }, { limit: 50 }));
await t("list valid", () => listLearners({ aimags: "all", certificate: "valid", now }, { limit: 50 }));
await t("list name бат", () => listLearners({ aimags: "all", search: "бат", now }, { limit: 50 }));
await t("list name rare", () => listLearners({ aimags: "all", search: "load-1-1234", now }, { limit: 50 }));
await t("count name rare", () => countLearnersBySearch({ aimags: "all", search: "load-1-1234", now }));
await t("funnel", () => courseFunnel({ aimags: "all", courseSlug: "ict-cyber-hygiene" }, "aimag", 5));
await t("users all", () => listUsers({ aimags: "all" }));
await t("users UB", () => listUsers({ aimags: "all", aimagCode: "MN-1" }));
await t("users бат", () => listUsers({ aimags: "all", q: "бат" }));
await database.close();
