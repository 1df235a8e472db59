// Throughput of the pages most requests are for, with 100 separately signed-in learners, measured
// with wrk (C, one process with two threads) on the same two cores as the server; the memory of
// every server process sampled during and after the load; and a soak that watches memory creep.
//
// BENCH_SECONDS (default 15), BENCH_RUNS (default 3; the median is reported), BENCH_SOAK_SECONDS
// (default 600; 0 skips the soak), BENCH_WORKER_COUNTS (default "1,2"), BENCH_PAGES (names, comma-separated).
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../db/connection";
import { fmt, machine, recordSection, startServer } from "./lib";
import { enrolLearner, signInLearners } from "./session";

const SESSIONS = 100;
const CONNECTIONS = 50;
const COURSE = "ict-cyber-hygiene";
const LESSON = "two-factor-authentication";
/** The course's lessons in order (content/courses/ict-cyber-hygiene). */
const LESSONS = [
  "device-updates-and-protection",
  "screen-lock-and-shared-computers",
  "work-and-personal-accounts",
  "strong-passphrases",
  "password-managers-and-never-sharing",
  "two-factor-authentication",
  "recognising-phishing",
  "phone-calls-and-fake-pages",
  "after-you-clicked",
  "personal-data-law-basics",
  "documents-photos-and-disposal",
  "reporting-a-data-breach",
  "checking-the-address",
  "public-wifi-and-networks",
  "logging-out-and-assisting-citizens",
];

/**
 * The 100 learners as a course's learners are: one in five not enrolled, the others part-way
 * through (0–14 lessons read, in order), half of them assigned with one of two due dates; so their
 * personal pages differ (13 course pages and 2 lesson pages besides the names).
 */
function signInMixedLearners(db: Parameters<typeof signInLearners>[0]) {
  let i = 0;
  const dues = [null, "2027-03-31T00:00:00.000Z", "2027-06-30T00:00:00.000Z"];
  return signInLearners(db, SESSIONS, async (u) => {
    const n = i++;
    if (n % 5 === 0) return;
    await enrolLearner(db, u, COURSE, { lessonsDone: LESSONS.slice(0, n % 15), dueAt: dues[n % 3] });
  });
}

interface Page {
  name: string;
  label: string;
  path: string;
  signedIn: boolean;
  /** The issue's target: requests a second and, where set, p99 in ms (W=2). */
  target: { rps: number; p99?: number } | null;
}

const PAGES: Page[] = [
  { name: "lesson", label: "lesson, signed in", path: `/courses/${COURSE}/${LESSON}`, signedIn: true, target: { rps: 1000, p99: 50 } },
  { name: "course", label: "course page, signed in", path: `/courses/${COURSE}`, signedIn: true, target: { rps: 600 } },
  { name: "login", label: "login page, anonymous", path: "/login", signedIn: false, target: { rps: 1100 } },
  { name: "lesson-anon", label: "lesson, anonymous", path: `/courses/${COURSE}/${LESSON}`, signedIn: false, target: null },
  { name: "catalogue", label: "catalogue, signed in", path: "/courses", signedIn: true, target: null },
  { name: "healthz", label: "/healthz (one database read)", path: "/healthz", signedIn: false, target: null },
];

export interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  total: number;
  /** Mean response size on the wire, bytes. */
  bytes: number;
}

/** The processes of a server: its primary and every worker it forked. */
function processTree(pid: number): number[] {
  const out = execFileSync("ps", ["-eo", "pid=,ppid="], { encoding: "utf8" });
  const children = new Map<number, number[]>();
  for (const line of out.trim().split("\n")) {
    const [p, pp] = line.trim().split(/\s+/).map(Number);
    children.set(pp, [...(children.get(pp) ?? []), p]);
  }
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...(children.get(all[i]) ?? []));
  return all;
}

/** Resident memory, MB, of each process of the server (primary first). */
function rss(pid: number): number[] {
  return processTree(pid).map((p) => {
    try {
      const status = readFileSync(`/proc/${p}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    } catch {
      return 0;
    }
  });
}

/** Samples the server's memory every half second while `work` runs: the largest total and the largest single process. */
async function sampled<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakTotal: number; peakProcess: number; peakPrimary: number }> {
  let peakTotal = 0;
  let peakProcess = 0;
  let peakPrimary = 0;
  const timer = setInterval(() => {
    const r = rss(pid);
    peakTotal = Math.max(
      peakTotal,
      r.reduce((a, b) => a + b, 0),
    );
    peakProcess = Math.max(peakProcess, ...r.slice(r.length > 1 ? 1 : 0));
    peakPrimary = Math.max(peakPrimary, r[0]);
  }, 500);
  try {
    return { result: await work(), peakTotal, peakProcess, peakPrimary };
  } finally {
    clearInterval(timer);
  }
}

function wrkScript(name: string, cookies: string[]): string {
  const file = path.join(os.tmpdir(), `erdem-wrk-${process.pid}-${name}.lua`);
  // Each request takes the next learner's cookie: 100 learners, round robin.
  writeFileSync(
    file,
    `local cookies = {${cookies.map((c) => JSON.stringify(c)).join(",")}}
local i = 0
request = function()
  i = i + 1
  local headers = { ["Accept-Encoding"] = "gzip" }
  if #cookies > 0 then headers["Cookie"] = cookies[(i % #cookies) + 1] end
  return wrk.format("GET", nil, headers)
end
`,
  );
  return file;
}

/** One wrk run: requests a second, latency percentiles, errors (socket errors and non-2xx). */
export async function wrk(url: string, opts: { seconds: number; connections: number; script: string }): Promise<WrkResult> {
  const { stdout: out } = await promisify(execFile)("wrk", ["-t2", `-c${opts.connections}`, `-d${opts.seconds}s`, "--latency", "-s", opts.script, url], {
    encoding: "utf8",
  });
  const ms = (s: string) => {
    const m = /([\d.]+)(us|ms|s)/.exec(s);
    if (!m) return Number.NaN;
    return Number(m[1]) * (m[2] === "us" ? 0.001 : m[2] === "s" ? 1000 : 1);
  };
  const total = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const transfer = /requests in [\d.]+\w+, ([\d.]+)(B|KB|MB|GB) read/.exec(out);
  const unit = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[(transfer?.[2] ?? "B") as "B"];
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    rps: Math.round(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0)),
    p50: ms(/\s50%\s+(\S+)/.exec(out)?.[1] ?? ""),
    p99: ms(/\s99%\s+(\S+)/.exec(out)?.[1] ?? ""),
    errors: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0) + (socket ? socket.slice(1).reduce((n, v) => n + Number(v), 0) : 0),
    total,
    bytes: total ? (Number(transfer?.[1] ?? 0) * unit) / total : 0,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

interface PageResult {
  runs: WrkResult[];
  median: WrkResult;
  peakTotal: number;
  peakProcess: number;
}

interface ServerResult {
  workers: number;
  idleBefore: number[];
  pages: Record<string, PageResult>;
  after: number[];
  /** 30 s after the load: the worker idle again (V8's memory reducer gives pages back some seconds after the last allocation). */
  settled: number[];
}

async function measureServer(workers: number, pages: Page[], seconds: number, runs: number): Promise<ServerResult> {
  const port = 3240 + workers;
  const server = await startServer({ port, workers });
  const dbFile = path.join(os.tmpdir(), `erdem-bench-${port}.sqlite`);
  const database = openDatabase(`file:${dbFile}`);
  let cookies: string[];
  try {
    cookies = await signInMixedLearners(database.db);
  } finally {
    await database.close();
  }
  const signedIn = wrkScript("signed-in", cookies);
  const anonymous = wrkScript("anonymous", []);
  try {
    await new Promise((r) => setTimeout(r, 2000));
    const idleBefore = rss(server.pid);
    const results: Record<string, PageResult> = {};
    for (const page of pages) {
      const script = page.signedIn ? signedIn : anonymous;
      await wrk(server.url + page.path, { seconds: 3, connections: CONNECTIONS, script }); // warm-up
      const all: WrkResult[] = [];
      let peakTotal = 0;
      let peakProcess = 0;
      for (let i = 0; i < runs; i++) {
        const s = await sampled(server.pid, () => wrk(server.url + page.path, { seconds, connections: CONNECTIONS, script }));
        all.push(s.result);
        peakTotal = Math.max(peakTotal, s.peakTotal);
        peakProcess = Math.max(peakProcess, s.peakProcess);
      }
      const m: WrkResult = {
        rps: median(all.map((r) => r.rps)),
        p50: median(all.map((r) => r.p50)),
        p99: median(all.map((r) => r.p99)),
        errors: all.reduce((n, r) => n + r.errors, 0),
        total: all.reduce((n, r) => n + r.total, 0),
        bytes: median(all.map((r) => r.bytes)),
      };
      results[page.name] = { runs: all, median: m, peakTotal, peakProcess };
      console.log(
        `W=${workers} ${page.label}: ${m.rps} req/s (runs ${all.map((r) => r.rps).join(", ")}), p50 ${m.p50} ms, p99 ${m.p99} ms, ${m.errors} errors, ${Math.round(m.bytes)} B/response; RSS peak ${Math.round(peakTotal)} MB all, ${Math.round(peakProcess)} MB one worker`,
      );
    }
    await new Promise((r) => setTimeout(r, 5000));
    const after = rss(server.pid);
    await new Promise((r) => setTimeout(r, 25_000));
    const settled = rss(server.pid);
    console.log(
      `W=${workers} RSS idle before ${idleBefore.map((m) => fmt(m)).join(" + ")} MB, 5 s after the load ${after.map((m) => fmt(m)).join(" + ")} MB, 30 s after ${settled.map((m) => fmt(m)).join(" + ")} MB`,
    );
    return { workers, idleBefore, pages: results, after, settled };
  } finally {
    server.stop();
  }
}

/** The signed-in lesson page under load for `seconds`, memory sampled every 30 s: is RSS flat? */
async function soak(seconds: number): Promise<{ samples: number[][]; result: WrkResult }> {
  const port = 3249;
  const server = await startServer({ port, workers: 2 });
  const dbFile = path.join(os.tmpdir(), `erdem-bench-${port}.sqlite`);
  const database = openDatabase(`file:${dbFile}`);
  let cookies: string[];
  try {
    cookies = await signInMixedLearners(database.db);
  } finally {
    await database.close();
  }
  const script = wrkScript("soak", cookies);
  const samples: number[][] = [rss(server.pid)];
  const timer = setInterval(() => samples.push(rss(server.pid)), 30_000);
  try {
    // pages in turn, as a day's mix: lesson, course page, catalogue, lesson…
    const paths = [`/courses/${COURSE}/${LESSON}`, `/courses/${COURSE}`, "/courses"];
    const parts: WrkResult[] = [];
    const slice = 30;
    for (let t = 0; t < seconds; t += slice)
      parts.push(await wrk(server.url + paths[(t / slice) % paths.length], { seconds: slice, connections: CONNECTIONS, script }));
    samples.push(rss(server.pid));
    const total = parts.reduce((n, r) => n + r.total, 0);
    return {
      samples,
      result: {
        rps: Math.round(total / seconds),
        p50: median(parts.map((r) => r.p50)),
        p99: Math.max(...parts.map((r) => r.p99)),
        errors: parts.reduce((n, r) => n + r.errors, 0),
        total,
        bytes: median(parts.map((r) => r.bytes)),
      },
    };
  } finally {
    clearInterval(timer);
    server.stop();
  }
}

export async function benchThroughput() {
  const seconds = Number(process.env.BENCH_SECONDS ?? 15);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const soakSeconds = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
  const workerCounts = (process.env.BENCH_WORKER_COUNTS ?? "1,2").split(",").map(Number);
  const wanted = process.env.BENCH_PAGES?.split(",");
  const pages = wanted ? PAGES.filter((p) => wanted.includes(p.name)) : PAGES;
  const servers: ServerResult[] = [];
  for (const w of workerCounts) servers.push(await measureServer(w, pages, seconds, runs));
  const soaked = soakSeconds > 0 ? await soak(soakSeconds) : null;
  if (wanted || process.env.BENCH_NO_RECORD) return;

  const ok = (b: boolean) => (b ? "met" : "**not met**");
  const mb = (n: number) => `${fmt(n)} MB`;
  const cell = (r: PageResult | undefined) =>
    r
      ? `${fmt(r.median.rps)} req/s (${r.runs.map((x) => fmt(x.rps)).join(" / ")}), p50 ${fmt(r.median.p50, 1)} ms, p99 ${fmt(r.median.p99, 1)} ms, ${fmt(r.median.bytes / 1024, 1)} KB`
      : "—";
  const widest = servers.at(-1)!;
  const rows = pages.map((p) => {
    const r = widest.pages[p.name];
    const verdict =
      !p.target || !r ? "—" : ok(r.median.rps >= p.target.rps && (p.target.p99 === undefined || r.median.p99 <= p.target.p99) && r.median.errors === 0);
    const target = p.target ? `≥ ${fmt(p.target.rps)} req/s${p.target.p99 ? `, p99 ≤ ${p.target.p99} ms` : ""}` : "—";
    return `| ${p.label} | ${servers.map((s) => cell(s.pages[p.name])).join(" | ")} | ${target} | ${verdict} |`;
  });
  const memRows = servers.map((s) => {
    const peakWorker = Math.max(...Object.values(s.pages).map((r) => r.peakProcess));
    const peakAll = Math.max(...Object.values(s.pages).map((r) => r.peakTotal));
    // every worker idle: before any load, and again 30 s after it
    const workersOf = (rsses: number[]) => rsses.slice(rsses.length > 1 ? 1 : 0);
    const idle = [...workersOf(s.idleBefore), ...workersOf(s.settled)];
    return `| W=${s.workers} | ${s.idleBefore.map(mb).join(" + ")} | ${mb(peakAll)} (one worker at most ${mb(peakWorker)}) | ${s.after.map(mb).join(" + ")} | ${s.settled.map(mb).join(" + ")} | ${ok(peakWorker <= 250)} / ${ok(Math.max(...idle) <= 150)} |`;
  });
  const soakLine = soaked
    ? (() => {
        const totals = soaked.samples.map((s) => s.reduce((a, b) => a + b, 0));
        const mid = totals[Math.floor(totals.length / 2)];
        const creep = totals.at(-1)! - mid;
        return `**Soak**: W=2 under load for ${fmt(soakSeconds / 60)} minutes (lesson, course page and catalogue in turn, ${fmt(soaked.result.rps)} req/s on average, ${soaked.result.errors} errors, worst p99 ${fmt(soaked.result.p99, 1)} ms). RSS of all processes every 30 s: ${totals.map((t) => fmt(t)).join(", ")} MB; second half ${creep >= 0 ? "+" : ""}${fmt(creep)} MB — ${ok(Math.abs(creep) <= 25 && Math.max(...soaked.samples.flatMap((s) => s.slice(1))) <= 250)} (flat within 25 MB, every worker ≤ 250 MB).`;
      })()
    : "Soak: not run (BENCH_SOAK_SECONDS=0).";
  recordSection(
    "throughput",
    `## Signed-in pages: throughput and memory

Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine()}.
Method: \`npm run bench throughput\` seeds a fresh SQLite database, signs in ${SESSIONS} learners (one session each) and
starts the built server (\`build/server.js\`) with \`WEB_CONCURRENCY\` 1 and 2. wrk (2 threads, ${CONNECTIONS} connections,
${seconds} s after a 3 s warm-up, \`Accept-Encoding: gzip\`, each request with the next learner's cookie) runs on the same
2 cores as the server; each figure is the median of ${runs} runs (every run in brackets), the size is the mean response
on the wire. Targets are for W=2. Resident memory (VmRSS) of every server process is sampled every 0.5 s.

| page | ${servers.map((s) => `W=${s.workers}`).join(" | ")} | target | |
|---|${servers.map(() => "---|").join("")}---|---|
${rows.join("\n")}

| server | RSS idle, before (primary + workers) | RSS under load, peak (all) | RSS 5 s after the load | RSS 30 s after the load | worker ≤ 250 MB / idle ≤ 150 MB (before and 30 s after) |
|---|---|---|---|---|---|
${memRows.join("\n")}

${soakLine}`,
  );
}
