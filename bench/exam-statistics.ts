// An exam's statistics at national volume: 100,000 graded attempts of one exam (20 questions drawn
// from two pools of 20, single choice, 2 million saved answers), on a SQLite file or a PostgreSQL
// database of its own, built once. Times the summary, the per-question analysis and option counts,
// the attempts list's first and a deep page, and walking the whole list as an export does, with the
// heap it needed. `--readonly=<sqlite file>` instead times what can be timed on an existing
// database opened read-only (the national load has attempts without grades), changing nothing.
//
//   npx tsx bench/exam-statistics.ts [sqlite|postgres] [--attempts=100000] [--readonly=data/bench-load.sqlite] [--json=results.json]
//
// `npm run bench exam-statistics` runs it on both engines (bench/exam-statistics-record.ts) and
// records the figures in docs/BENCHMARKS.md; `--json` writes them to a file for that.
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import type { Database } from "../db/connection";
import type { DB } from "../db/schema";
import type { Insertable } from "kysely";

const argv = process.argv.slice(2);
const option = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const engine = argv.includes("postgres") ? "postgres" : "sqlite";
const ATTEMPTS = Number(option("attempts") ?? 100_000);
const readonly = option("readonly");
const jsonFile = option("json");
/** What was measured: label → milliseconds of each run (and a few facts besides). */
const results: { engine?: string; attempts?: number; answers?: number; heapMiB?: number; timings: Record<string, number[]> } = { timings: {} };

declare global {
  var __erdemDatabase: Database | undefined;
}

const QUESTIONS = Array.from({ length: 40 }, (_, i) => ({
  id: `q${String(i + 1).padStart(2, "0")}`,
  type: "single" as const,
  points: 1,
  text: { mn: `Асуулт ${i + 1}`, en: `Question ${i + 1}` },
  options: ["a", "b", "c", "d"].map((id) => ({ id, text: { mn: id, en: id }, correct: id === "a" })),
}));
const quiz = {
  title: { mn: "Шалгалт", en: "Exam" },
  kind: "exam",
  passingScore: 60,
  pools: [
    { id: "p1", draw: 10, questions: QUESTIONS.slice(0, 20) },
    { id: "p2", draw: 10, questions: QUESTIONS.slice(20) },
  ],
};

/** A seeded generator, so that two builds are the same database. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function build(db: Kysely<DB>) {
  const have = await db
    .selectFrom("quiz_attempt")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("course_slug", "=", "bench-stats")
    .executeTakeFirstOrThrow();
  if (Number(have.n) >= ATTEMPTS) return;
  console.log(`building ${ATTEMPTS} attempts…`);
  const rnd = random(13);
  const aimags = (await db.selectFrom("sum").select(["id", "aimag_code"]).execute()).slice(0, 50);
  const now = Date.parse("2026-11-01T00:00:00Z");
  const learners = ATTEMPTS / 2;
  for (let start = 0; start < learners; start += 1000) {
    const users: Insertable<DB["users"]>[] = [];
    for (let i = start; i < Math.min(learners, start + 1000); i++) {
      const place = aimags[i % aimags.length];
      users.push({
        id: `bench-stats-${i}`,
        email: `bench-stats-${i}@example.mn`,
        surname: `Овог${i}`,
        given_name: `Нэр${i}`,
        position: "Мэргэжилтэн",
        organisation_id: `org-${place.id}`,
        aimag_code: place.aimag_code,
        sum_id: place.id,
        password_hash: "x",
        locale: "mn",
        created_at: new Date(now).toISOString(),
        updated_at: new Date(now).toISOString(),
        disabled_at: null,
      });
    }
    await db.transaction().execute(async (trx) => {
      await trx.insertInto("users").values(users).execute();
      const attempts = [];
      const answers: Insertable<DB["attempt_answer"]>[] = [];
      for (const u of users) {
        const ability = rnd() * 4 - 2;
        for (let no = 1; no <= 2; no++) {
          const id = `${u.id}-${no}`;
          const drawn = quiz.pools.flatMap((p) => [...p.questions].sort(() => rnd() - 0.5).slice(0, p.draw));
          const grades = drawn.map((q) => {
            const difficulty = (Number(q.id.slice(1)) - 20) / 10;
            const right = rnd() < 1 / (1 + Math.exp(-(ability - difficulty + (no - 1) * 0.3)));
            const optionId = right ? "a" : ["b", "c", "d"][Math.floor(rnd() * 3)];
            answers.push({ attempt_id: id, question_id: q.id, response: JSON.stringify({ type: "single", optionId }), saved_at: new Date(now).toISOString() });
            return { questionId: q.id, score: right ? 1 : 0, max: 1, correct: right };
          });
          const score = grades.filter((g) => g.correct).length;
          const at = new Date(now + Math.floor(rnd() * 90 * 86400_000)).toISOString();
          attempts.push({
            id,
            user_id: u.id,
            course_slug: "bench-stats",
            quiz_slug: "final",
            kind: "exam" as const,
            attempt_no: no,
            status: "graded" as const,
            language: "mn",
            questions: JSON.stringify(drawn.map((q) => ({ id: q.id }))),
            started_at: at,
            deadline_at: null,
            submitted_at: at,
            graded_at: at,
            auto_submitted: 0,
            score,
            max_score: 20,
            percent: (score / 20) * 100,
            passed: score >= 12 ? 1 : 0,
            grades: JSON.stringify(grades),
          });
        }
      }
      for (let i = 0; i < attempts.length; i += 500)
        await trx
          .insertInto("quiz_attempt")
          .values(attempts.slice(i, i + 500))
          .execute();
      for (let i = 0; i < answers.length; i += 1000)
        await trx
          .insertInto("attempt_answer")
          .values(answers.slice(i, i + 1000))
          .execute();
    });
  }
  if (engine === "postgres") await sql`vacuum analyze`.execute(db);
  else await sql`analyze`.execute(db);
}

/**
 * What the summary triggers cost a write (migration 0016), with and without them: 1,000 attempts of
 * 20 answers each, answered while in progress, are graded as the application grades them (one update
 * per attempt: status, score, grades), and then deleted as a learner's deletion cascades (answers with
 * them). "Without" drops the triggers in a transaction that is rolled back (DDL is transactional on both
 * engines); the bench's own attempts are left as they were.
 */
async function timeSummaryWrites(db: Kysely<DB>) {
  const { dropQuizStatisticsTriggers } = await import("../db/quiz-statistics");
  const { engineOf, runStatements } = await import("../db/report-facts");
  const rnd = random(29);
  const now = new Date("2027-01-01T00:00:00Z").toISOString();
  const ids: string[] = [];
  const attempts: Insertable<DB["quiz_attempt"]>[] = [];
  const answers: Insertable<DB["attempt_answer"]>[] = [];
  const graded: { id: string; score: number; grades: string }[] = [];
  for (let i = 0; i < 1000; i++) {
    const id = `bench-stats-write-${i}`;
    ids.push(id);
    const drawn = quiz.pools.flatMap((p) => [...p.questions].sort(() => rnd() - 0.5).slice(0, p.draw));
    const grades = drawn.map((q) => {
      const right = rnd() < 0.6;
      answers.push({ attempt_id: id, question_id: q.id, response: JSON.stringify({ type: "single", optionId: right ? "a" : "b" }), saved_at: now });
      return { questionId: q.id, score: right ? 1 : 0, max: 1, correct: right };
    });
    graded.push({ id, score: grades.filter((g) => g.correct).length, grades: JSON.stringify(grades) });
    attempts.push({
      id,
      user_id: `bench-stats-${i}`,
      course_slug: "bench-stats",
      quiz_slug: "final",
      kind: "exam",
      attempt_no: 3,
      status: "in_progress",
      language: "mn",
      questions: JSON.stringify(drawn.map((q) => ({ id: q.id }))),
      started_at: now,
      deadline_at: null,
      submitted_at: null,
      graded_at: null,
      auto_submitted: 0,
      score: null,
      max_score: null,
      percent: null,
      passed: null,
      grades: null,
    });
  }
  const answer = async (trx: Kysely<DB>) => {
    for (let i = 0; i < attempts.length; i += 500)
      await trx
        .insertInto("quiz_attempt")
        .values(attempts.slice(i, i + 500))
        .execute();
    for (let i = 0; i < answers.length; i += 1000)
      await trx
        .insertInto("attempt_answer")
        .values(answers.slice(i, i + 1000))
        .execute();
  };
  const grade = async (trx: Kysely<DB>) => {
    for (const g of graded)
      await trx
        .updateTable("quiz_attempt")
        .set({
          status: "graded",
          submitted_at: now,
          graded_at: now,
          score: g.score,
          max_score: 20,
          percent: (g.score / 20) * 100,
          passed: g.score >= 12 ? 1 : 0,
          grades: g.grades,
        })
        .where("id", "=", g.id)
        .execute();
  };
  const remove = (trx: Kysely<DB>) => trx.deleteFrom("quiz_attempt").where("id", "in", ids).execute();
  const rollback = new Error("rollback");
  const withoutTriggers = (fn: (trx: Kysely<DB>) => Promise<unknown>) =>
    db
      .transaction()
      .execute(async (trx) => {
        await runStatements(trx, dropQuizStatisticsTriggers(engineOf(db)));
        await fn(trx);
        throw rollback;
      })
      .catch((e) => {
        if (e !== rollback) throw e;
      });
  await timed("write: answering 1,000, without triggers", () => withoutTriggers(answer), 1);
  await timed("write: answering 1,000 attempts", () => db.transaction().execute(answer), 1);
  await timed("write: grading 1,000, without triggers", () => withoutTriggers(grade), 1);
  await timed("write: grading 1,000 attempts", () => db.transaction().execute(grade), 1);
  await timed("write: deleting them, without triggers", () => withoutTriggers(remove), 1);
  await timed("write: deleting them (cascade)", () => db.transaction().execute(remove), 1);
}

async function timed<T>(label: string, fn: () => Promise<T>, runs = 3): Promise<T> {
  let result: T | undefined;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = await fn();
    times.push(performance.now() - started);
  }
  console.log(`${label.padEnd(34)} ${times.map((t) => `${Math.round(t)} ms`).join(", ")}`);
  results.timings[label] = times;
  return result as T;
}

async function main() {
  let url: string;
  if (readonly) {
    // read-only: nothing on that file changes (no migration, no pragma that writes)
    const sqlite = new SQLite(readonly, { readonly: true, fileMustExist: true });
    sqlite.function("lower", { deterministic: true }, (s: unknown) => (s == null ? null : String(s).toLowerCase()));
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
    globalThis.__erdemDatabase = { engine: "sqlite", db, sqlite, close: () => db.destroy() };
    url = `file:${readonly}`;
  } else {
    url = engine === "postgres" ? "postgres://postgres@127.0.0.1:5432/erdem_bench_stats" : `file:${path.join(os.tmpdir(), "erdem-bench-exam-stats.sqlite")}`;
    if (engine === "postgres") {
      const { default: pg } = await import("pg");
      const admin = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
      await admin.connect();
      const exists = await admin.query("select 1 from pg_database where datname = 'erdem_bench_stats'");
      if (!exists.rowCount) await admin.query("create database erdem_bench_stats");
      await admin.end();
    }
  }
  process.env.DATABASE_URL = url;
  const { db, database } = await import("~/db.server");
  const { migrateToLatest } = await import("../db/connection");
  const stats = await import("~/features/quiz/statistics.server");
  const { encodeCursor } = stats;

  let ref: Parameters<typeof stats.scoreSummary>[0];
  if (readonly) {
    // the exam with the most graded attempts
    const top = await db
      .selectFrom("quiz_attempt")
      .select(["course_slug", "quiz_slug", (eb) => eb.fn.countAll<number>().as("n")])
      .where("status", "=", "graded")
      .where("kind", "=", "exam")
      .groupBy(["course_slug", "quiz_slug"])
      .orderBy("n", "desc")
      .executeTakeFirstOrThrow();
    console.log(`read-only ${readonly}: ${top.course_slug}/${top.quiz_slug}, ${top.n} graded attempts`);
    ref = { course: { slug: top.course_slug }, slug: top.quiz_slug, quiz } as never;
  } else {
    const migrating = performance.now();
    await migrateToLatest(db);
    console.log(`migrations (with any backfill of the exam statistics summaries) ${Math.round(performance.now() - migrating)} ms`);
    results.timings.migrations = [performance.now() - migrating];
    await build(db);
    ref = { course: { slug: "bench-stats" }, slug: "final", quiz } as never;
  }
  console.log(`${database.engine}, ${os.cpus().length} cores, Node ${process.version}`);
  const summary = await timed("summary (counts, bins, median)", () => stats.scoreSummary(ref));
  console.log(`  ${summary.attempts} attempts, ${summary.learners} learners, median ${summary.median}`);
  results.engine = database.engine;
  results.attempts = summary.attempts;
  await timed("item counts (facility, D)", () => stats.itemCounts(ref));
  await timed("option counts", () => stats.optionCounts(ref));
  await timed("page analysis (both, together)", () => stats.questionStatistics(ref, "mn"));
  const first = await timed("attempts list, first page", () => stats.attemptPage(ref, "all", undefined));
  const deep = await db
    .selectFrom("quiz_attempt")
    .select(["id", "submitted_at"])
    .where("course_slug", "=", ref.course.slug)
    .where("quiz_slug", "=", ref.slug)
    .where("status", "=", "graded")
    .orderBy("submitted_at")
    .orderBy("id")
    .limit(1)
    .offset(Math.floor(summary.attempts / 2))
    .executeTakeFirst();
  if (first.next && deep)
    await timed("attempts list, a middle page", () => stats.attemptPage(ref, "all", { submittedAt: deep.submitted_at ?? "", id: deep.id }));
  void encodeCursor;
  if (!readonly) {
    await timeSummaryWrites(db);
    const { rebuildQuizStatistics } = await import("../db/quiz-statistics");
    const { engineOf } = await import("../db/report-facts");
    await timed("rebuild of the summaries (backfill)", () => rebuildQuizStatistics(db, engineOf(db)), 1);
  }
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let peak = heapBefore;
  await timed(
    "export walk (every attempt, 1000/page)",
    async () => {
      let n = 0;
      for await (const page of stats.attemptPages(ref, "all")) {
        n += page.length;
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
      return n;
    },
    1,
  );
  console.log(`  heap grew by at most ${Math.round((peak - heapBefore) / 2 ** 20)} MiB while walking`);
  results.heapMiB = Math.round((peak - heapBefore) / 2 ** 20);
  const answers = await db
    .selectFrom("attempt_answer")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  results.answers = Number(answers.n);
  if (jsonFile) writeFileSync(jsonFile, JSON.stringify(results));
  await database.close();
}

await main();
process.exit(0);
