// The report pages, a learner's pages and the exports at national volume (200,000 learners, 600,000
// enrolments, about 2,000,000 attempts), on SQLite and on PostgreSQL: the time a request takes, one
// at a time, signed in as an administrator, Ulaanbaatar's coordinator and a learner; and a 200,000-row
// export's first byte, total time and the server's memory while it streams.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createCookie } from "@remix-run/node";
import { openDatabase } from "../db/connection";
import { createUser } from "../db/factories";
import { fmt, machine, ROOT, recordSection, startServer } from "./lib";
import { createSessionRow } from "./session";

const TARGET_MS = 200;
const LEARNER_TARGET_MS = 50;
// forty, so that the 95th percentile is the 38th time and not the single slowest (one pause of the collector)
const RUNS = 40;

interface Page {
  who: "admin" | "coordinator" | "learner";
  label: string;
  path: string;
  target: number;
}

function percentile(values: number[], p: number) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/** The database to measure on: the URL given, or a file generated once (about seven minutes) and kept. */
export function loadDatabaseUrl(engine: "sqlite" | "postgres"): string {
  if (engine === "sqlite") return process.env.BENCH_LOAD_SQLITE ?? `file:${path.join(ROOT, "data/bench-load.sqlite")}`;
  return process.env.BENCH_LOAD_POSTGRES ?? "postgres://postgres@127.0.0.1:5432/erdem_bench_load";
}

/** The PostgreSQL database of the load, created when missing (the server's "postgres" database is asked). */
async function ensureDatabase(url: string) {
  if (!/^postgres(ql)?:\/\//.test(url)) return;
  const { default: pg } = await import("pg");
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, "/postgres") });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("select 1 from pg_database where datname = $1", [name]);
    if (!rowCount) await admin.query(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
}

export async function ensureLoaded(url: string) {
  await ensureDatabase(url);
  const database = openDatabase(url);
  let loaded = false;
  try {
    loaded = Boolean(await database.db.selectFrom("users").select("id").where("email", "=", "load-1-0@load.erdem.mn").executeTakeFirst());
  } catch {
    // not migrated yet
  } finally {
    await database.close();
  }
  if (loaded) return;
  console.log(`generating the national volume into ${url.replace(/\/\/[^@]*@/, "//")} (several minutes)…`);
  execFileSync("node", ["node_modules/tsx/dist/cli.mjs", "db/generate-load.ts", "--scale", "1", "--seed", "1"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    stdio: "inherit",
  });
}

/** Session cookies for an administrator, Ulaanbaatar's coordinator and a learner of the load. */
async function people(url: string) {
  const database = openDatabase(url);
  const cookie = createCookie("erdem_session");
  const session = async (userId: string) => (await cookie.serialize(await createSessionRow(database.db, userId))).split(";")[0];
  try {
    const find = (email: string) => database.db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
    const admin = (await find("bench-admin@example.mn")) ?? (await createUser(database.db, { email: "bench-admin@example.mn", roles: [{ role: "admin" }] }));
    const coordinator =
      (await find("bench-coordinator@example.mn")) ??
      (await createUser(database.db, { email: "bench-coordinator@example.mn", aimagCode: "MN-1", roles: [{ role: "coordinator", aimag_code: "MN-1" }] }));
    // a learner with lessons done and attempts in a course, as the load made them
    const learner = await database.db
      .selectFrom("enrolment")
      .select(["user_id", "course_slug"])
      .where("lessons_done", ">", 2)
      .where("exam_attempts", ">", 0)
      .where("status", "=", "active")
      .orderBy("id")
      .limit(1)
      .executeTakeFirstOrThrow();
    const lesson = await database.db
      .selectFrom("lesson_progress")
      .select("lesson_slug")
      .where("user_id", "=", learner.user_id)
      .where("course_slug", "=", learner.course_slug)
      .executeTakeFirstOrThrow();
    return {
      cookies: { admin: await session(admin.id), coordinator: await session(coordinator.id), learner: await session(learner.user_id) },
      course: learner.course_slug,
      lesson: lesson.lesson_slug,
    };
  } finally {
    await database.close();
  }
}

async function timePage(url: string, cookie: string, page: Page) {
  const times: number[] = [];
  let status = 0;
  let body = "";
  for (let i = 0; i < RUNS + 2; i++) {
    const started = performance.now();
    const res = await fetch(`${url}${page.path}`, { headers: { Cookie: cookie }, redirect: "manual" });
    body = await res.text();
    status = res.status;
    if (i >= 2) times.push(performance.now() - started); // two to warm the caches
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), status, body };
}

/** The server's resident memory (all its processes) read from /proc while a download streams. */
function rssOf(pid: number): number {
  const read = (p: number) => {
    try {
      return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0) * 1024;
    } catch {
      return 0;
    }
  };
  let total = read(pid);
  const children = existsSync(`/proc/${pid}/task/${pid}/children`)
    ? readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean)
    : [];
  for (const c of children) total += read(Number(c));
  return total;
}

async function timeExport(url: string, cookie: string, pathAndQuery: string, pid: number) {
  const before = rssOf(pid);
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, 50);
  const started = performance.now();
  const res = await fetch(`${url}${pathAndQuery}`, { headers: { Cookie: cookie } });
  const reader = res.body!.getReader();
  let first = 0;
  let bytes = 0;
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!first) first = performance.now() - started;
    bytes += value.length;
    for (const b of value) if (b === 10) lines++;
  }
  clearInterval(sampler);
  return { status: res.status, first, total: performance.now() - started, bytes, lines, before, peak };
}

async function measure(engine: "sqlite" | "postgres", port: number) {
  const url = loadDatabaseUrl(engine);
  await ensureLoaded(url);
  const { cookies, course, lesson } = await people(url);
  const server = await startServer({ port, workers: 1, env: { DATABASE_URL: url }, seed: false });
  try {
    const pages: Page[] = [
      { who: "admin", label: "administration home", path: "/admin", target: TARGET_MS },
      { who: "admin", label: "country dashboard (21 aimags and the capital, map, trend)", path: "/admin/reports", target: TARGET_MS },
      { who: "admin", label: "country dashboard, one course, 2026", path: `/admin/reports?course=${course}&from=2026-01&to=2026-12`, target: TARGET_MS },
      { who: "admin", label: "Ulaanbaatar by district", path: "/admin/reports?aimag=MN-1&by=sum", target: TARGET_MS },
      { who: "admin", label: "Ulaanbaatar by organisation", path: "/admin/reports?aimag=MN-1&by=organisation", target: TARGET_MS },
      { who: "admin", label: "learner list, whole country", path: "/admin/reports/learners", target: TARGET_MS },
      { who: "admin", label: "learner list, overdue", path: "/admin/reports/learners?status=overdue", target: TARGET_MS },
      { who: "admin", label: "learner list, certificates expiring", path: "/admin/reports/learners?certificate=expiring", target: TARGET_MS },
      { who: "admin", label: "learner list, a name", path: `/admin/reports/learners?q=${encodeURIComponent("Бат")}`, target: TARGET_MS },
      { who: "admin", label: "course funnel by aimag", path: `/admin/reports/funnel?course=${course}`, target: TARGET_MS },
      { who: "admin", label: "people, whole country", path: "/admin/users", target: TARGET_MS },
      { who: "admin", label: "people, Ulaanbaatar, a name", path: `/admin/users?aimag=MN-1&q=${encodeURIComponent("Бат")}`, target: TARGET_MS },
      { who: "admin", label: "courses and their learners (who is enrolled)", path: "/admin/courses", target: TARGET_MS },
      { who: "admin", label: "who is enrolled in a course, whole country", path: `/admin/courses/${course}/enrolled`, target: TARGET_MS },
      { who: "coordinator", label: "Ulaanbaatar's coordinator: dashboard", path: "/admin/reports", target: TARGET_MS },
      {
        who: "coordinator",
        label: "Ulaanbaatar's coordinator: who is enrolled, overdue",
        path: `/admin/courses/${course}/enrolled?status=overdue`,
        target: TARGET_MS,
      },
      { who: "coordinator", label: "Ulaanbaatar's coordinator: overdue learners", path: "/admin/reports/learners?status=overdue", target: TARGET_MS },
      { who: "learner", label: "learner: My learning", path: "/my", target: LEARNER_TARGET_MS },
      { who: "learner", label: "learner: course page", path: `/courses/${course}`, target: LEARNER_TARGET_MS },
      { who: "learner", label: "learner: lesson", path: `/courses/${course}/${lesson}`, target: LEARNER_TARGET_MS },
    ];
    const rows: { page: Page; p50: number; p95: number; status: number }[] = [];
    for (const page of pages) {
      const r = await timePage(server.url, cookies[page.who], page);
      rows.push({ page, p50: r.p50, p95: r.p95, status: r.status });
      // the next page of the learner list, reached by its cursor
      if (page.path === "/admin/reports/learners") {
        const next = /href="(\/admin\/reports\/learners\?[^"]*after=[^"]+)"/.exec(r.body)?.[1]?.replace(/&amp;/g, "&");
        if (next) {
          const n = await timePage(server.url, cookies.admin, { ...page, path: next });
          rows.push({ page: { ...page, label: "learner list, next page (keyset)", path: next }, p50: n.p50, p95: n.p95, status: n.status });
        }
      }
    }
    const exports = [];
    for (const format of ["csv", "xlsx"] as const)
      exports.push({ format, ...(await timeExport(server.url, cookies.admin, `/admin/reports/export?view=learners&aimag=MN-1&format=${format}`, server.pid)) });
    return { rows, exports };
  } finally {
    server.stop();
  }
}

export async function benchReports() {
  const results = { sqlite: await measure("sqlite", 3240), postgres: await measure("postgres", 3241) };
  const ok = (ms: number, target: number) => (ms <= target ? "met" : "**not met**");
  const pageRows = results.sqlite.rows
    .map((r, i) => {
      const pg = results.postgres.rows[i];
      const bad = r.status !== 200 || pg?.status !== 200 ? ` (status ${r.status}/${pg?.status})` : "";
      return `| ${r.page.label}${bad} | ${fmt(r.p50, 1)} / ${fmt(r.p95, 1)} ms | ${pg ? `${fmt(pg.p50, 1)} / ${fmt(pg.p95, 1)} ms` : "—"} | ≤ ${r.page.target} ms: ${ok(r.p95, r.page.target)} / ${pg ? ok(pg.p95, r.page.target) : "—"} |`;
    })
    .join("\n");
  const mb = (b: number) => fmt(b / 2 ** 20, 0);
  const exportRows = (["sqlite", "postgres"] as const)
    .flatMap((engine) =>
      results[engine].exports.map(
        (e) =>
          `| ${engine === "sqlite" ? "SQLite" : "PostgreSQL"} | ${e.format.toUpperCase()} | ${e.status} | ${e.format === "csv" ? fmt(e.lines - 1) : "—"} | ${fmt(e.first)} ms | ${fmt(e.total / 1000, 1)} s | ${mb(e.bytes)} MB | ${mb(e.before)} → ${mb(e.peak)} MB | ${ok(e.first, 1000)} |`,
      ),
    )
    .join("\n");
  recordSection(
    "reports",
    `## Reports at national volume

Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine()}.
Method: \`npm run bench reports\` on the data of \`npm run db:generate-load\` (scale 1: 200,000 learners,
600,000 enrolments, 3.9 million lessons done, 2.1 million attempts, 150,000 certificates), generated
once into \`data/bench-load.sqlite\` and the PostgreSQL 15 database \`erdem_bench_load\` (or
\`BENCH_LOAD_SQLITE\`, \`BENCH_LOAD_POSTGRES\`). The built server runs with one worker; each page is
requested ${RUNS} times one after another (after two warm-up requests) with a signed-in session, and the
time until the whole page has arrived is taken. Targets: ${TARGET_MS} ms for reports, ${LEARNER_TARGET_MS} ms
for a learner's pages, at p95.

| page | SQLite p50 / p95 | PostgreSQL p50 / p95 | target (SQLite / PostgreSQL) |
|---|---|---|---|
${pageRows}

Exports of Ulaanbaatar's learners (one row per enrolment, about 270,000 rows), streamed; memory is the
server's resident set (all its processes) before the request and its peak while the file streamed.

| engine | format | status | rows | first byte | whole file | size | server memory | first byte ≤ 1 s |
|---|---|---|---|---|---|---|---|---|
${exportRows}`,
  );
}
