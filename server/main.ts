// The server process. The primary reads the settings and loads nothing else of the app: it forks
// the first worker, which runs start-up (migrations, lesson compilation) and then serves, then the
// other WEB_CONCURRENCY - 1 workers; every worker has a bounded V8 heap (WORKER_HEAP_MB), and one
// that exits is replaced. A signal stops everything gracefully.
// `npm run build` compiles this file to build/server.js, beside the app build (decisions 013, 027).
import cluster from "node:cluster";
import type { Server } from "node:http";
import os from "node:os";
import type { ServerBuild } from "@remix-run/node";
import type * as AppEntry from "../app/entry.server";
import { createApp } from "./app";

// React and Remix pick their production code from NODE_ENV themselves, so the production default
// has to be in the environment before the app build loads; every setting is then read from the
// build's validated config.
process.env.NODE_ENV ??= "production";

type AppBuild = ServerBuild & { entry: { module: typeof AppEntry } };

/** What a child is asked to do: the primary's answer to the child's "ready". The first worker also runs start-up. */
type Task = "first" | "serve";

/** Forks a worker and gives it its task when it asks. */
function fork(task: Task) {
  // two malloc arenas, not one per thread: memory freed under load goes back to the system (decision 027)
  const child = cluster.fork({ MALLOC_ARENA_MAX: "2" });
  child.once("message", (m) => m === "ready" && child.send(task));
  return child;
}

/** An invalid setting is a message to the operator, not a stack trace. */
function fail(error: unknown): never {
  console.error(error instanceof Error && error.message.startsWith("Invalid environment configuration") ? error.message : error);
  process.exit(1);
}

async function loadBuild(): Promise<AppBuild> {
  try {
    return await import(new URL("./index.js", import.meta.url).href);
  } catch (error) {
    fail(error);
  }
}

if (cluster.isPrimary) {
  await supervise();
} else {
  // asked for once this process listens: a message sent before that would be lost
  const task = await new Promise<Task>((resolve) => {
    process.once("message", (m) => resolve(m as Task));
    process.send?.("ready");
  });
  await serve(task === "first");
}

/** The primary: the first worker runs start-up before it listens, the others start once it has. */
async function supervise() {
  // the settings alone (app/config.server.ts is bundled into this file): the app itself is never loaded here
  let config: Awaited<typeof import("../app/config.server")>["config"];
  try {
    ({ config } = await import("../app/config.server"));
  } catch (error) {
    fail(error);
  }

  // The V8 heap of a worker is bounded: without a limit V8 lets garbage grow to several hundred MB
  // before collecting it (decision 027, docs/BENCHMARKS.md). When the workers already take every
  // core, V8's collector threads only compete with them: a pause that waits for a helper thread
  // put out by another worker was the longest tail of a page's latency.
  const busyCores = config.WEB_CONCURRENCY >= os.availableParallelism();
  cluster.setupPrimary({
    execArgv: [
      ...process.execArgv,
      `--max-old-space-size=${config.WORKER_HEAP_MB}`,
      "--max-semi-space-size=8",
      ...(busyCores ? ["--single-threaded-gc"] : []),
      "--expose-gc",
    ],
  });
  await new Promise<void>((resolve) => {
    const first = fork("first");
    let started = false;
    first.on("message", (m) => m === "started" && ((started = true), resolve()));
    // start-up failed (a migration, say): nothing is served
    first.once("exit", (code) => started || process.exit(code || 1));
  });
  let stopping = false;
  for (let i = 1; i < config.WEB_CONCURRENCY; i++) fork("serve");
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    console.error(`Worker ${worker.process.pid} exited (${signal ?? code}); starting another.`);
    fork("serve");
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      stopping = true;
      const workers = Object.values(cluster.workers ?? {});
      if (!workers.length) process.exit(0);
      for (const worker of workers) worker?.process.kill(signal);
      cluster.on("exit", () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0));
    });
  }
}

async function serve(first: boolean) {
  const build = await loadBuild();
  const entry = build.entry.module;
  const { config, languageCookieName, startup, shutdown, startBackgroundJobs } = entry;
  // migrations run once, in the first worker, before any worker serves
  await startup({ migrate: first });
  // what start-up read and parsed (lesson files, fonts for certificates) is garbage now: collected
  // before the first request rather than whenever the heap next fills
  (globalThis as { gc?: () => void }).gc?.();
  const app = createApp(build, { config, languageCookieName, shapedPages: entry, contentVersion: entry.contentVersion });
  const server = app.listen(config.PORT, () => {
    console.log(`Erdem is listening on http://localhost:${config.PORT} (worker ${process.pid})`);
    if (first) process.send?.("started");
  });
  giveBackWhenIdle(server);
  const stopJobs = startBackgroundJobs();

  // A deploy or restart stops taking connections, lets the requests under way finish (an answer
  // being saved, a submission being graded), closes the database, then exits.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      stopJobs();
      server.close(async () => {
        await shutdown();
        process.exit(0);
      });
      server.closeIdleConnections();
      // a development server's pages keep a stream open (server/dev-events.ts): it restarts at once
      if (config.NODE_ENV === "development") server.closeAllConnections();
      setTimeout(() => process.exit(0), 10_000).unref();
    });
  }
}

/**
 * After a busy spell, memory back to the idle size: V8 keeps the heap it grew under load (its young
 * generation at its largest, old-space pages) until the next collection, which an idle worker never
 * needs. Once the worker has seen no request for a second after serving some, one full collection
 * (at most every 3 s: a few tens of milliseconds, only when idle) lets V8 shrink the young
 * generation and release free pages (decision 027).
 */
function giveBackWhenIdle(server: Server) {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  let requests = 0;
  let seen = 0;
  let collectedAt = 0;
  let lastCollection = 0;
  server.on("request", () => requests++);
  setInterval(() => {
    const quiet = requests === seen;
    seen = requests;
    if (!quiet || requests === collectedAt || Date.now() - lastCollection < 3000) return;
    collectedAt = requests;
    lastCollection = Date.now();
    gc();
  }, 1000).unref();
}
