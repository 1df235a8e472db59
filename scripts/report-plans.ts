// npm run report:plans [-- --analyze] — prints the query plan of every report query at the volume of the database
// named by DATABASE_URL (generate one with `npm run db:generate-load`), for decision 023 and for
// checking, after a change, that no report query walks a table it should not.
import { CompiledQuery } from "kysely";
import { database, db } from "~/db.server";
import { countLearnersBySearch, courseFunnel, listLearners, placeMeasures, weeklyActivity } from "~/features/reports/repository.server";

const captured: { label: string; sql: string; params: readonly unknown[] }[] = [];
let label = "";
if (database.engine === "sqlite") {
  const prepare = database.sqlite.prepare.bind(database.sqlite);
  database.sqlite.prepare = ((source: string) => {
    const statement = prepare(source);
    const record =
      (fn: (...a: unknown[]) => unknown) =>
      (...params: unknown[]) => {
        if (label && /^\s*select/i.test(source)) captured.push({ label, sql: source, params });
        return fn(...params);
      };
    return new Proxy(statement, {
      get(target, key) {
        const v = Reflect.get(target, key);
        return key === "all" || key === "get" ? record(v.bind(target)) : typeof v === "function" ? v.bind(target) : v;
      },
    });
  }) as typeof database.sqlite.prepare;
} else {
  // Kysely takes a client from the pool for each query: record on every client it is handed
  const connect = database.pool.connect.bind(database.pool) as (callback?: unknown) => Promise<import("pg").PoolClient>;
  const recording = new WeakSet<object>();
  database.pool.connect = ((callback?: unknown) => (callback ? connect(callback) : record())) as typeof database.pool.connect;
  const record = async () => {
    const client = await connect();
    if (!recording.has(client)) {
      recording.add(client);
      const q = client.query.bind(client);
      client.query = ((text: unknown, values?: unknown) => {
        if (label && typeof text === "string" && /^\s*select/i.test(text)) captured.push({ label, sql: text, params: (values as unknown[]) ?? [] });
        return q(text as never, values as never);
      }) as typeof client.query;
    }
    return client;
  };
}

const course = (await db.selectFrom("enrolment").select("course_slug").limit(1).executeTakeFirstOrThrow()).course_slug;
const run = async (l: string, f: () => Promise<unknown>) => {
  label = l;
  await f();
  label = "";
};
await run("country by aimag", () => placeMeasures({ aimags: "all" }, "aimag"));
await run("Ulaanbaatar by district", () => placeMeasures({ aimags: "all", aimagCode: "MN-1" }, "sum"));
await run("weekly trend", () => weeklyActivity({ aimags: "all" }, "2025-12-01", "2026-12-31"));
await run("course funnel", () => courseFunnel({ aimags: "all", courseSlug: course }, "aimag", 5));
await run("learner list, country", () => listLearners({ aimags: "all" }, { limit: 50 }));
await run("learner list, overdue in an aimag", () => listLearners({ aimags: ["MN-069"], status: "overdue" }, { limit: 50 }));
await run("learner list, certificates expiring", () => listLearners({ aimags: "all", certificate: "expiring" }, { limit: 50 }));
await run("learner list, overdue in Ulaanbaatar", () => listLearners({ aimags: ["MN-1"], aimagCode: "MN-1", status: "overdue" }, { limit: 50 }));
await run("learner list, a name", () => listLearners({ aimags: "all", search: "бат" }, { limit: 50 }));
await run("status counts, a name", () => countLearnersBySearch({ aimags: "all", search: "бат" }));

for (const c of captured) {
  // --analyze on PostgreSQL runs each query and shows the time and rows of every step
  const explain = database.engine === "sqlite" ? "explain query plan " : process.argv.includes("--analyze") ? "explain (analyze, buffers) " : "explain ";
  const bound = (await db.executeQuery(CompiledQuery.raw(`${explain}${c.sql}`, [...c.params]))).rows;
  console.log(`### ${c.label}\n\n\`\`\`\n${(bound as Record<string, unknown>[]).map((r) => String(r.detail ?? r["QUERY PLAN"])).join("\n")}\n\`\`\`\n`);
}
await database.close();
