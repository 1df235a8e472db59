// Shared pieces of `npm run bench`: start the built server on a seeded database, load it with
// autocannon, and write results into docs/BENCHMARKS.md between markers.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";

export const ROOT = path.resolve(import.meta.dirname, "..");

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

/** Starts the built server on a fresh seeded SQLite file, or (seed: false) on the DATABASE_URL given in env as it is. */
export async function startServer(opts: {
  port: number;
  workers: number;
  env?: Record<string, string>;
  seed?: boolean;
}): Promise<{ url: string; pid: number; stop: () => void }> {
  const dbFile = path.join(os.tmpdir(), `erdem-bench-${opts.port}.sqlite`);
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) rmSync(f, { force: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production" as const,
    DATABASE_URL: `file:${dbFile}`,
    PORT: String(opts.port),
    PUBLIC_URL: `http://localhost:${opts.port}`,
    WEB_CONCURRENCY: String(opts.workers),
    SESSION_COOKIE_SECURE: "false",
    // the reminders' scans have a bench of their own (bench/reminders.ts); here they would write during the measurement
    JOBS_IN_APP: "false",
    ...opts.env,
  };
  if (opts.seed !== false) execFileSync("node", ["node_modules/tsx/dist/cli.mjs", "db/seed.ts"], { cwd: ROOT, env, stdio: "ignore" });
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server under load
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
  // BENCH_SERVER_LOG=file keeps what the server prints (with --trace-gc, say); otherwise it is dropped
  const log = process.env.BENCH_SERVER_LOG ? openSync(process.env.BENCH_SERVER_LOG, "w") : "ignore";
  const child: ChildProcess = spawn("node", [...nodeArgs, "build/server.js"], { cwd: ROOT, env, stdio: ["ignore", log, "inherit"] });
  const url = `http://localhost:${opts.port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await new Promise((r) => setTimeout(r, 500)); // let every worker finish starting
  return { url, pid: child.pid ?? 0, stop: () => child.kill("SIGTERM") };
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
}

export async function load(url: string, opts: { connections: number; seconds: number; headers?: Record<string, string> }): Promise<LoadResult> {
  const r = await autocannon({ url, connections: opts.connections, duration: opts.seconds, headers: opts.headers });
  return {
    requestsPerSecond: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    total: r.requests.total,
  };
}

export async function login(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: url },
    body: new URLSearchParams({ email, password }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("erdem_session="));
  if (!cookie) throw new Error(`login failed: ${res.status}`);
  return cookie.split(";")[0];
}

/** Replaces the section between <!-- bench:name --> markers in docs/BENCHMARKS.md. */
export function recordSection(name: string, markdown: string) {
  const file = path.join(ROOT, "docs/BENCHMARKS.md");
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  let doc = existsSync(file)
    ? readFileSync(file, "utf8")
    : "# Benchmarks\n\nWritten by `npm run bench`; every figure below comes from the run stated in its section.\n";
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const re = new RegExp(`${start}[\\s\\S]*?${end}`);
  doc = re.test(doc) ? doc.replace(re, block) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, doc);
}

export const fmt = (n: number, digits = 0) => n.toLocaleString("en-GB", { maximumFractionDigits: digits, minimumFractionDigits: digits });
