// 500 learners start the same exam at once and submit it: errors, latency and the number of graded
// attempts (must be exactly 500).
import os from "node:os";
import path from "node:path";
import { createCookie } from "@remix-run/node";
import { openDatabase } from "../db/connection";
import { createUser } from "../db/factories";
import { createSessionRow } from "./session";
import { fmt, machine, recordSection, startServer } from "./lib";

const LEARNERS = 500;
const COURSE = "ict-cyber-hygiene";
const EXAM = "final-exam";

function percentile(values: number[], p: number) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

export async function benchExam() {
  const burst = await runScenario(0, 3220);
  const window = await runScenario(30_000, 3221);
  const ok = (b: boolean) => (b ? "met" : "**not met**");
  const row = (name: string, r: ScenarioResult) =>
    `| ${name} | ${r.errors} | ${r.graded} of ${LEARNERS} | p50 ${fmt(r.p50)} ms, p95 ${fmt(r.p95)} ms | ${ok(r.errors === 0)} / ${ok(r.graded === LEARNERS)} / ${ok(r.p95 <= 300)} |`;
  const steps = (r: ScenarioResult) =>
    Object.entries(r.byStep).map(([k, s]) => `${k} p50 ${fmt(s.p50)} ms, p95 ${fmt(s.p95)} ms, max ${fmt(s.max)} ms`).join("; ");
  recordSection(
    "exam",
    `## 500 learners taking the same exam

Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine()}.
Method: \`npm run bench\` seeds ${LEARNERS} enrolled learners with sessions in a fresh SQLite database and
starts \`server.js\` (\`WEB_CONCURRENCY=${burst.workers}\`). Each learner POSTs "start" on the exam page,
GETs the attempt page and POSTs "submit" — ${LEARNERS * 3} requests, from one Node process on the same
2-core machine. Every start and submit is a write transaction (\`BEGIN IMMEDIATE\`, \`synchronous=FULL\`).
Two arrival patterns: all ${LEARNERS} at the same instant, and the exam "opening" with the ${LEARNERS}
arriving evenly over 30 s (one every 60 ms, each going straight through start → page → submit).

| arrivals | errors | graded attempts | latency, all requests | 0 errors / exactly 500 / p95 ≤ 300 ms |
|---|---|---|---|---|
${row("all at once", burst)}
${row("over 30 s", window)}

By step, all at once — ${steps(burst)}. Wall time ${fmt(burst.wall / 1000, 1)} s.
By step, over 30 s — ${steps(window)}.

Reading: correctness holds in both (no error, exactly one graded attempt per learner). When all 500
requests arrive in the same instant they queue: about 2–10 ms of CPU per request on 2 cores (shared
with the load generator) puts the last of 1,500 requests seconds behind the first, so the p95 target
is not met for a literal simultaneous burst; with arrivals spread over half a minute it is.`,
  );
}

interface ScenarioResult {
  workers: number;
  errors: number;
  graded: number;
  p50: number;
  p95: number;
  byStep: Record<string, { p50: number; p95: number; max: number }>;
  wall: number;
}

async function runScenario(spreadMs: number, port: number): Promise<ScenarioResult> {
  const workers = Number(process.env.BENCH_WORKERS ?? 2);
  const server = await startServer({ port, workers });
  const dbFile = path.join(os.tmpdir(), `erdem-bench-${port}.sqlite`);
  const database = openDatabase(`file:${dbFile}`);
  const cookie = createCookie("erdem_session");
  const cookies: string[] = [];
  try {
    for (let i = 0; i < LEARNERS; i++) {
      const u = await createUser(database.db, { email: `bench-${i}@example.mn`, aimagCode: ["MN-069", "MN-037", "MN-063", "MN-041"][i % 4] });
      const now = new Date().toISOString();
      await database.db
        .insertInto("enrolment")
        .values({ id: crypto.randomUUID(), user_id: u.id, course_slug: COURSE, status: "active", enrolled_at: now, enrolled_by: null, due_at: null, aimag_code: u.aimagCode, sum_id: u.sumId, organisation_id: u.organisationId, completed_at: null, withdrawn_at: null })
        .execute();
      const token = await createSessionRow(database.db, u.id);
      cookies.push((await cookie.serialize(token)).split(";")[0]);
    }
    const origin = server.url;
    const timings: Record<"start" | "page" | "submit", number[]> = { start: [], page: [], submit: [] };
    let errors = 0;
    const timed = async (kind: keyof typeof timings, fn: () => Promise<Response>, expected: number) => {
      const t0 = performance.now();
      try {
        const res = await fn();
        await res.arrayBuffer();
        timings[kind].push(performance.now() - t0);
        if (res.status !== expected) errors++;
        return res;
      } catch {
        errors++;
        timings[kind].push(performance.now() - t0);
        return null;
      }
    };
    const form = (fields: Record<string, string>) => ({
      method: "POST",
      redirect: "manual" as const,
      body: new URLSearchParams(fields),
    });
    const started = performance.now();
    await Promise.all(
      cookies.map(async (c, i) => {
        if (spreadMs) await new Promise((r) => setTimeout(r, (i * spreadMs) / cookies.length));
        const headers = { Cookie: c, Origin: origin, "Content-Type": "application/x-www-form-urlencoded" };
        const start = await timed("start", () => fetch(`${origin}/courses/${COURSE}/quizzes/${EXAM}`, { ...form({ intent: "start" }), headers }), 302);
        const location = start?.headers.get("Location");
        if (!location) return;
        await timed("page", () => fetch(origin + location, { headers: { Cookie: c } }), 200);
        await timed("submit", () => fetch(origin + location, { ...form({ intent: "submit" }), headers }), 302);
      }),
    );
    const wall = performance.now() - started;
    const graded = await database.db.selectFrom("quiz_attempt").select((eb) => eb.fn.countAll().as("n")).where("status", "=", "graded").where("quiz_slug", "=", EXAM).executeTakeFirstOrThrow();
    const all = [...timings.start, ...timings.page, ...timings.submit];
    const result: ScenarioResult = {
      workers,
      errors,
      graded: Number(graded.n),
      p95: percentile(all, 95),
      p50: percentile(all, 50),
      byStep: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, { p50: percentile(v, 50), p95: percentile(v, 95), max: Math.max(...v) }])),
      wall,
    };
    console.log(spreadMs ? "over 30 s" : "all at once", JSON.stringify(result));
    return result;
  } finally {
    await database.close();
    server.stop();
  }
}
