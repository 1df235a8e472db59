// npm run test:faults [-- --engine sqlite|postgres|both] [--cycles 50] [--seed N] [--port 3300] [--window 20-400]
//
// Crash test: the built server (build/server.js) runs on a fresh database while learners mark
// lessons done, start the exam, autosave and submit, and a trainer's phone sends the roll call that
// completes a blended course; at a random moment the server's process group is killed with SIGKILL,
// started again on the same database, and checked: every write whose response arrived is there,
// SQLite's integrity_check is ok, and no enrolment is completed without its certificate. See
// docs/decisions/016-crash-test.md.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import SQLite from "better-sqlite3";
import pg from "pg";
import { checkDatabase } from "./checks";
import { runLearner, runTrainer, type Entry, type Fields, type Plan, type TrainerPlan } from "./learners";
import type { DrawnQuestion } from "~/features/quiz/grading";

const ROOT = path.resolve(import.meta.dirname, "../..");
const COURSE = "ict-cyber-hygiene";
/**
 * One cycle's learners. finisher: exam passed, two lessons to go (the second completes the course);
 * examinee: every lesson done, starts the exam, autosaves twice, submits right answers (completes);
 * saver: the same with forty autosaves; reader: marks every lesson done from the first.
 */
const COHORT = ["finisher", "finisher", "finisher", "examinee", "examinee", "saver", "reader"] as const;
/**
 * The blended course (in-person part required) whose attendance completes it. Each cycle has its own
 * event (one session, threshold 100 %) with this many attendees, registered, every lesson done and
 * the exam passed; the event's trainer sends one roll-call batch marking them present, and that mark
 * completes the course and issues the certificate in its transaction.
 */
const BLENDED = "e-mongolia-service-operators";
const ATTENDEES = 2;

const { values: args } = parseArgs({
  options: {
    engine: { type: "string", default: "both" },
    cycles: { type: "string", default: "50" },
    seed: { type: "string" },
    port: { type: "string", default: "3300" },
    /** The kill falls uniformly in this window (ms) after the learners start. */
    window: { type: "string", default: "20-400" },
  },
});
const cycles = Number(args.cycles);
const seed = args.seed === undefined ? randomBytes(4).readUInt32BE() : Number(args.seed);
const port = Number(args.port);
const [killFrom, killTo] = args.window.split("-").map(Number);
if (!(killFrom >= 0 && killTo >= killFrom)) throw new Error(`--window must look like 20-400, not ${args.window}`);

// A server runs in its own process group, which a Ctrl-C or a failed run would leave behind; so
// would the per-engine runs of --engine both.
const liveGroups = new Set<number>();
const liveRuns = new Set<ChildProcess>();
const killGroup = (pid: number) => {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
};
process.on("exit", () => {
  for (const run of liveRuns) run.kill("SIGTERM");
  for (const pid of liveGroups) killGroup(pid);
});
/** An interrupted run removes its database too (a failed one keeps it for inspection). */
let dropOnInterrupt: (() => Promise<void>) | null = null;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const pid of liveGroups) killGroup(pid);
    void (dropOnInterrupt?.() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

if (args.engine === "both") process.exit(await runBoth());
if (args.engine !== "sqlite" && args.engine !== "postgres") throw new Error(`--engine must be sqlite, postgres or both, not ${args.engine}`);
process.exit(await runEngine(args.engine));

/** Both engines at once (each restart is mostly one core's work): lines prefixed, exit code the worst. */
async function runBoth(): Promise<number> {
  console.log(`crash test: ${cycles} kill cycles on SQLite and on PostgreSQL, seed ${seed}`);
  const engines = ["sqlite", "postgres"] as const;
  const codes = await Promise.all(
    engines.map(
      (engine, i) =>
        new Promise<number>((resolve) => {
          const child = spawn(
            process.execPath,
            [
              ...process.execArgv,
              import.meta.filename,
              "--engine",
              engine,
              "--cycles",
              String(cycles),
              "--seed",
              String(seed),
              "--port",
              String(port + i),
              "--window",
              args.window,
            ],
            {
              cwd: ROOT,
              stdio: ["ignore", "pipe", "pipe"],
            },
          );
          liveRuns.add(child);
          for (const stream of [child.stdout!, child.stderr!]) {
            let rest = "";
            stream.on("data", (chunk: Buffer) => {
              const lines = (rest + chunk.toString()).split("\n");
              rest = lines.pop()!;
              for (const line of lines)
                (stream === child.stdout ? process.stdout : process.stderr).write(line.startsWith(engine) ? `${line}\n` : `${engine}: ${line}\n`);
            });
          }
          child.on("exit", (code) => {
            liveRuns.delete(child);
            resolve(code ?? 1);
          });
        }),
    ),
  );
  return Math.max(...codes);
}

async function runEngine(engine: "sqlite" | "postgres"): Promise<number> {
  const started = performance.now();
  const store = await createDatabase(engine);
  dropOnInterrupt = store.drop;
  Object.assign(process.env, { DATABASE_URL: store.url, NODE_ENV: "production", SESSION_COOKIE_SECURE: "false", PUBLIC_URL: `http://localhost:${port}` });
  // The app's modules read DATABASE_URL when first imported, so only now.
  const { database } = await import("~/db.server");
  const { migrateToLatest } = await import("../../db/connection");
  const { createUser } = await import("../../db/factories");
  const { createSession, generateSessionToken } = await import("~/features/auth/session.server");
  const { setSessionCookie } = await import("~/features/auth/cookie.server");
  const { findCourse } = await import("~/features/content/content.server");
  const { enrol } = await import("~/features/enrolment/repository.server");
  const { requiredLessons } = await import("~/features/enrolment/progress.server");
  const { findQuiz, startAttempt, submitAttempt } = await import("~/features/quiz/attempts.server");
  const { createEvent, register } = await import("~/features/events/events.server");
  const { attemptQuestions } = await import("~/features/quiz/grading");
  const { readResponses } = await import("~/features/quiz/responses");
  const { answerFields } = await import("./learners");
  const db = database.db;

  const course = findCourse(COURSE, { canPreview: false });
  const exam = course?.meta.exam ? findQuiz(course, course.meta.exam) : undefined;
  if (!course || !exam) throw new Error(`course ${COURSE} or its exam is missing from content/`);
  const lessons = requiredLessons(course).map((l) => l.slug);
  const blended = findCourse(BLENDED, { canPreview: false });
  const blendedExam = blended?.meta.exam ? findQuiz(blended, blended.meta.exam) : undefined;
  if (!blended?.meta.inPersonRequired || !blendedExam) throw new Error(`course ${BLENDED} (in person, with an exam) is missing from content/`);
  const blendedLessons = requiredLessons(blended).map((l) => l.slug);
  // The stored form of an answer is what the app's own form reading makes of the fields sent, with
  // the keys of the attempt they were sent to.
  const responsesTo = (quiz: typeof exam.quiz, fields: Fields, drawn: DrawnQuestion[]) => {
    const form = new FormData();
    for (const [k, v] of fields) form.append(k, v);
    return readResponses(form, attemptQuestions(quiz, drawn));
  };
  const expectedAnswers = (fields: Fields, drawn: DrawnQuestion[]) => responsesTo(exam.quiz, fields, drawn);
  /** An attempt's questions as drawn and keyed, from its row (as the attempt page shows them). */
  const questionsOf = async (attemptId: string) => {
    const row = await db.selectFrom("quiz_attempt").select("questions").where("id", "=", attemptId).executeTakeFirstOrThrow();
    return attemptQuestions(exam.quiz, JSON.parse(row.questions) as DrawnQuestion[]);
  };

  // Every cycle's learners are made before the first start: nothing is written between cycles
  // but by the learners, through the server.
  await migrateToLatest(db);
  // Setting up needs no fsync per row: the server is killed, not the machine, and it starts afterwards.
  if (database.engine === "sqlite") database.sqlite.pragma("synchronous = OFF");
  const session = async (userId: string) => {
    const token = generateSessionToken();
    const { expiresAt } = await createSession(token, userId);
    return (await setSessionCookie(token, expiresAt)).split(";")[0];
  };
  const warmUpUser = await createUser(db);
  await enrol(warmUpUser.id, COURSE);
  const warmUpCookie = await session(warmUpUser.id);
  const makeLearner = async (kind: (typeof COHORT)[number]): Promise<Plan> => {
    const user = await createUser(db);
    await enrol(user.id, COURSE);
    const before = kind === "finisher" ? lessons.slice(0, -2) : kind === "reader" ? [] : lessons;
    if (before.length) {
      await db
        .insertInto("lesson_progress")
        .values(before.map((l) => ({ user_id: user.id, course_slug: COURSE, lesson_slug: l, completed_at: new Date().toISOString() })))
        .execute();
    }
    if (kind === "finisher") {
      const { attempt } = await startAttempt(user.id, exam, "mn");
      const drawn = JSON.parse(attempt.questions) as DrawnQuestion[];
      await submitAttempt(user.id, attempt.id, exam, expectedAnswers(answerFields(attemptQuestions(exam.quiz, drawn), true, 0), drawn));
    }
    const cookie = await session(user.id);
    return kind === "finisher"
      ? { userId: user.id, cookie, delayMs: 0, lessons: lessons.slice(-2).map((slug, i) => ({ slug, completes: i === 1 })) }
      : kind === "reader"
        ? { userId: user.id, cookie, delayMs: 0, lessons: lessons.map((slug) => ({ slug, completes: false })) }
        : { userId: user.id, cookie, delayMs: 0, exam: { saves: kind === "saver" ? 40 : 2 } };
  };
  const cohorts: Plan[][] = [];
  for (let c = 0; c < cycles; c++) cohorts.push(await Promise.all(COHORT.map(makeLearner)));

  // The roll calls: an administrator plans each cycle's event (through the app's use case) with the
  // trainer on it; the attendees register through it (which enrols them) and finish the online part.
  const admin = await createUser(db, { roles: [{ role: "admin" }] });
  const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
  const trainerCookie = await session(trainer.id);
  const attendeesReady = new Set<string>();
  const makeRollCall = async (c: number): Promise<TrainerPlan> => {
    const now = Date.now();
    const planned = await createEvent(
      { id: admin.id, roles: [{ role: "admin", aimag_code: null }] },
      {
        campaignId: null,
        titleMn: `Сүйрлийн туршилт ${c}`,
        titleEn: `Crash test ${c}`,
        aimagCode: "MN-069",
        sumId: null,
        venue: "Танхим",
        audience: ["sum_operator"],
        capacity: ATTENDEES,
        thresholdPercent: 100,
        courses: [BLENDED],
        trainers: [trainer.id],
        sessions: [{ starts_at: new Date(now - 3600_000).toISOString(), ends_at: new Date(now + 7 * 86400_000).toISOString(), self_check_in: false }],
      },
    );
    if (!("id" in planned)) throw new Error(`createEvent: ${planned.problem}`);
    const sessionId = (await db.selectFrom("event_session").select("id").where("event_id", "=", planned.id).executeTakeFirstOrThrow()).id;
    const marks: TrainerPlan["marks"] = [];
    for (let i = 0; i < ATTENDEES; i++) {
      const user = await createUser(db, { position: "Сумын оператор" });
      const registered = await register(user.id, planned.id);
      if (!("status" in registered) || registered.status !== "registered") throw new Error(`register: ${JSON.stringify(registered)}`);
      await db
        .insertInto("lesson_progress")
        .values(blendedLessons.map((l) => ({ user_id: user.id, course_slug: BLENDED, lesson_slug: l, completed_at: new Date().toISOString() })))
        .execute();
      const { attempt } = await startAttempt(user.id, blendedExam, "mn");
      const drawn = JSON.parse(attempt.questions) as DrawnQuestion[];
      const fields = answerFields(attemptQuestions(blendedExam.quiz, drawn), true, 0);
      await submitAttempt(user.id, attempt.id, blendedExam, responsesTo(blendedExam.quiz, fields, drawn));
      // the online part is done and passed; only the roll call is missing
      const state = await db
        .selectFrom("enrolment")
        .leftJoin("quiz_attempt as a", (j) => j.onRef("a.user_id", "=", "enrolment.user_id").on("a.id", "=", attempt.id))
        .select(["enrolment.completed_at", "a.passed"])
        .where("enrolment.user_id", "=", user.id)
        .where("enrolment.course_slug", "=", BLENDED)
        .executeTakeFirstOrThrow();
      if (state.passed !== 1 || state.completed_at) throw new Error(`attendee ${user.id}: exam passed ${state.passed}, completed ${state.completed_at}`);
      attendeesReady.add(user.id);
      marks.push({ userId: user.id, clientId: crypto.randomUUID(), completes: true });
    }
    return { trainerId: trainer.id, cookie: trainerCookie, delayMs: 0, eventId: planned.id, sessionId, marks };
  };
  const rollCalls: TrainerPlan[] = [];
  for (let c = 1; c <= cycles; c++) rollCalls.push(await makeRollCall(c));
  if (database.engine === "sqlite") database.sqlite.pragma("synchronous = FULL");
  console.log(
    `${engine}: ${cycles * COHORT.length} learners and ${cycles * ATTENDEES} attendees (${cycles} events) ready in ${Math.round(performance.now() - started)} ms; seed ${seed}`,
  );

  const base = `http://127.0.0.1:${port}`;
  const ledger: Entry[] = [];
  let server = await startServer(store.url, port);
  const warmUp = () =>
    warmUpServer(base, [
      ...[`/courses/${COURSE}`, `/courses/${COURSE}/${lessons[0]}`, `/courses/${COURSE}/quizzes/${exam.slug}`].map((p) => [warmUpCookie, p] as const),
      ...(rollCalls.length ? [[trainerCookie, `/events/${rollCalls[0].eventId}/sessions/${rollCalls[0].sessionId}`] as const] : []),
    ]);
  await warmUp();
  // Checks are cumulative, so a violation stays; each is reported with the cycle that first showed it,
  // and the run goes on, so one run tells how often each kind of damage happens.
  const failures: { cycle: number; violations: string[] }[] = [];
  const seen = new Set<string>();
  const totals = {
    acked: 0,
    sent: 0,
    completionsAcked: 0,
    completionsCut: 0,
    readyNotCompleted: 0,
    completions: 0,
    attendanceCompletions: 0,
    certificates: 0,
    marksAcked: 0,
    marksCut: 0,
  };
  for (let c = 1; c <= cycles; c++) {
    const agent = new http.Agent({ keepAlive: true });
    let stopped = false;
    // Each cycle draws from its own generator, so a cycle replays alike whatever --cycles says.
    const random = mulberry32(createHash("sha256").update(`${seed}/${engine}/${c}`).digest().readUInt32BE());
    const killAt = killFrom + random() * (killTo - killFrom);
    // Learners start spread over the first half of the window, so their steps land all over it.
    for (const plan of cohorts[c - 1]) plan.delayMs = Math.round(random() * (killTo / 2));
    const rollCall = rollCalls[c - 1];
    rollCall.delayMs = Math.round(random() * (killTo / 2));
    const load = { base, courseSlug: COURSE, examSlug: exam.slug, attemptQuestions: questionsOf, ledger, cycle: c, agent, stopped: () => stopped };
    const from = ledger.length;
    const learners = Promise.all([...cohorts[c - 1].map((plan) => runLearner(load, plan)), runTrainer(load, rollCall)]);
    await new Promise((r) => setTimeout(r, killAt));
    stopped = true;
    await server.kill();
    await learners;
    agent.destroy();

    const restartStarted = performance.now();
    try {
      server = await startServer(store.url, port);
    } catch (error) {
      failures.push({ cycle: c, violations: [`the server does not start again after the kill: ${(error as Error).message}`] });
      break;
    }
    const restartMs = Math.round(performance.now() - restartStarted);

    const result = await checkDatabase(db, ledger, {
      courseSlug: COURSE,
      requiredLessons: lessons,
      expectedAnswers,
      attendance: { courseSlug: BLENDED, ready: attendeesReady },
    });
    if (engine === "sqlite") result.violations.push(...sqliteChecks(store.url.slice("file:".length)));
    try {
      await warmUp();
    } catch (error) {
      result.violations.push(`the server does not serve pages again after the kill: ${(error as Error).message}`);
    }
    const mine = ledger.slice(from);
    const count = (kind: string) => mine.filter((e) => e.state === "acked" && e.write.kind === kind).length;
    const completionsAcked = mine.filter((e) => e.state === "acked" && "completes" in e.write && e.write.completes).length;
    const inFlight = mine.filter((e) => e.state === "sent").length;
    const refused = mine.filter((e) => e.state === "refused");
    for (const e of refused) result.violations.push(`cycle ${c}, user ${e.write.userId}: ${e.write.kind} answered ${e.status}`);
    totals.acked += mine.length - inFlight - refused.length;
    totals.sent += mine.length;
    totals.completionsAcked += completionsAcked;
    totals.completionsCut += mine.filter((e) => e.state === "sent" && "completes" in e.write && e.write.completes).length;
    totals.marksAcked += count("mark");
    totals.marksCut += mine.filter((e) => e.state === "sent" && e.write.kind === "mark").length;
    Object.assign(totals, {
      readyNotCompleted: result.readyNotCompleted,
      completions: result.completions,
      attendanceCompletions: result.attendanceCompletions,
      certificates: result.certificates,
    });
    const fresh = result.violations.filter((v) => !seen.has(v));
    for (const v of fresh) seen.add(v);
    if (fresh.length) failures.push({ cycle: c, violations: fresh });
    console.log(
      `${engine} cycle ${String(c).padStart(2)}/${cycles}: killed at ${String(Math.round(killAt)).padStart(3)} ms; acknowledged ${count("lesson")} lessons, ${count("start")} starts, ${count("save")} saves, ${count("submit")} submissions, ${count("mark")} marks (${completionsAcked} completing); ${inFlight} in flight; restart ${restartMs} ms; ${fresh.length ? `${fresh.length} NEW VIOLATIONS` : "ok"}`,
    );
  }
  await server.kill();

  const seconds = Math.round((performance.now() - started) / 100) / 10;
  console.log(
    `${engine} summary: ${failures.length ? `FAILED in ${failures.length} cycles` : "passed"} — ${totals.acked} acknowledged writes of ${totals.sent} sent (${totals.completionsAcked} completing steps acknowledged, ${totals.completionsCut} cut off by the kill); ${totals.completions} completed enrolments (${totals.attendanceCompletions} by attendance: ${totals.marksAcked} roll-call marks acknowledged, ${totals.marksCut} cut off), ${totals.certificates} certificates; ${totals.readyNotCompleted} learners met the completion rule without being marked completed (not failed, but nothing completes them until they mark a lesson again); ${seconds} s`,
  );
  await database.close();
  if (failures.length) {
    for (const { cycle, violations } of failures) {
      for (const v of violations.slice(0, 10)) console.error(`${engine} VIOLATION first seen after cycle ${cycle}: ${v}`);
      if (violations.length > 10) console.error(`${engine} … and ${violations.length - 10} more after cycle ${cycle}`);
    }
    const first = failures[0].cycle;
    console.error(
      `${engine}: first failed at cycle ${first} with seed ${seed}; replay with: npm run test:faults -- --engine ${engine} --seed ${seed} --cycles ${first} --window ${args.window}`,
    );
    console.error(`${engine}: the database is kept for inspection: ${store.url}`);
    return 1;
  }
  await store.drop();
  return 0;
}

interface ServerHandle {
  kill(): Promise<void>;
}

/**
 * The production server as deployed (one worker, the built app, lessons from the compile cache),
 * ready once /healthz answers. Its own process group, so that SIGKILL reaches any worker it forks.
 */
async function startServer(url: string, port: number): Promise<ServerHandle> {
  const child: ChildProcess = spawn(process.execPath, ["build/server.js"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: url,
      PORT: String(port),
      WEB_CONCURRENCY: "1",
      SESSION_COOKIE_SECURE: "false",
      PUBLIC_URL: `http://localhost:${port}`,
    },
  });
  liveGroups.add(child.pid!);
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => liveGroups.delete(child.pid!));
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (gone) throw new Error(`server exited while starting:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server not ready within 60 s:\n${output}`);
    if (await healthy(port)) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    async kill() {
      if (!gone) killGroup(child.pid!);
      await exited;
    },
  };
}

/**
 * A few page views before the load, so that the kill lands among writes rather than among the first,
 * slow requests of a fresh process. Reading pages writes nothing (a fresh session is not renewed).
 */
async function warmUpServer(base: string, pages: (readonly [cookie: string, path: string])[]) {
  for (let round = 0; round < 2; round++) {
    for (const [cookie, p] of pages) {
      const res = await fetch(`${base}${p}`, { headers: { Cookie: cookie }, redirect: "manual" });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`warm-up: GET ${p} answered ${res.status}`);
    }
  }
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/healthz", agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode === 200));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
  });
}

/** A fresh database per run: a file in a new temporary directory, or a new PostgreSQL database. */
async function createDatabase(engine: "sqlite" | "postgres"): Promise<{ url: string; drop(): Promise<void> }> {
  if (engine === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "erdem-faults-"));
    return { url: `file:${path.join(dir, "erdem.sqlite")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `erdem_faults_${randomBytes(6).toString("hex")}`;
  const query = async (text: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  await query(`CREATE DATABASE ${name}`);
  return { url: admin.replace(/\/[^/]*$/, `/${name}`), drop: () => query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A new connection each time, so that nothing cached by the checker's own connection hides damage. */
function sqliteChecks(file: string): string[] {
  const conn = new SQLite(file);
  try {
    const integrity = conn.pragma("integrity_check") as { integrity_check: string }[];
    const foreignKeys = conn.pragma("foreign_key_check") as unknown[];
    const out: string[] = [];
    if (integrity.length !== 1 || integrity[0].integrity_check !== "ok")
      out.push(`PRAGMA integrity_check: ${integrity.map((r) => r.integrity_check).join("; ")}`);
    if (foreignKeys.length) out.push(`PRAGMA foreign_key_check: ${foreignKeys.length} rows, e.g. ${JSON.stringify(foreignKeys[0])}`);
    return out;
  } finally {
    conn.close();
  }
}

/** A small seeded generator, so a run's kill moments and start delays can be replayed. */
function mulberry32(a: number): () => number {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
