// The server process. The primary loads nothing of the app: it forks one process that validates
// the config and runs start-up (migrations, lesson compilation) and reports the settings the
// primary needs, then forks WEB_CONCURRENCY workers that serve, each with a bounded V8 heap
// (WORKER_HEAP_MB), and replaces any that exits. A signal stops everything gracefully.
// `npm run build` compiles this file to build/server.js, beside the app build (decisions 013, 027).
import cluster from "node:cluster";
import type { ServerBuild } from "@remix-run/node";
import type * as AppEntry from "../app/entry.server";
import { createApp } from "./app";

// React and Remix pick their production code from NODE_ENV themselves, so the production default
// has to be in the environment before the app build loads; every setting is then read from the
// build's validated config.
process.env.NODE_ENV ??= "production";

type AppBuild = ServerBuild & { entry: { module: typeof AppEntry } };

/** What a child is asked to do: the primary's answer to the child's "ready". */
type Task = "startup" | "serve";

/** Forks a child and gives it its task when it asks. */
function fork(task: Task) {
  const child = cluster.fork();
  child.once("message", (m) => m === "ready" && child.send(task));
  return child;
}
/** What the start-up child tells the primary before it exits. */
interface Settings {
  workers: number;
  heapMb: number;
}

async function loadBuild(): Promise<AppBuild> {
  try {
    return await import(new URL("./index.js", import.meta.url).href);
  } catch (error) {
    // An invalid setting is a message to the operator, not a stack trace.
    console.error(error instanceof Error && error.message.startsWith("Invalid environment configuration") ? error.message : error);
    process.exit(1);
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
  if (task === "startup") await startUp();
  else await serve();
}

/** The primary: start-up first, in a process of its own; then the workers. */
async function supervise() {
  const settings = await new Promise<Settings>((resolve) => {
    const child = fork("startup");
    let reported: Settings | null = null;
    child.on("message", (m: Settings | "ready") => m !== "ready" && (reported = m));
    child.on("exit", (code) => {
      if (code !== 0 || !reported) process.exit(code || 1);
      resolve(reported);
    });
  });

  // The V8 heap of a worker is bounded: without a limit V8 lets garbage grow to several hundred MB
  // before collecting it (docs/BENCHMARKS.md, memory). The young generation stays small for the same reason.
  cluster.setupPrimary({ execArgv: [...process.execArgv, `--max-old-space-size=${settings.heapMb}`, "--max-semi-space-size=16", "--expose-gc"] });
  let stopping = false;
  const start = () => fork("serve");
  for (let i = 0; i < settings.workers; i++) start();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    console.error(`Worker ${worker.process.pid} exited (${signal ?? code}); starting another.`);
    start();
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

/** The start-up child: migrations and lesson compilation run once, before any worker serves. */
async function startUp() {
  const build = await loadBuild();
  const { config, startup, shutdown } = build.entry.module;
  await startup();
  await shutdown();
  const settings: Settings = { workers: config.WEB_CONCURRENCY, heapMb: config.WORKER_HEAP_MB };
  process.send?.(settings, () => process.exit(0));
}

async function serve() {
  const build = await loadBuild();
  const entry = build.entry.module;
  const { config, languageCookieName, startup, shutdown } = entry;
  await startup({ migrate: false });
  // what start-up read and parsed (lesson files, fonts for certificates) is garbage now: collected
  // before the first request rather than whenever the heap next fills
  (globalThis as { gc?: () => void }).gc?.();
  const app = createApp(build, { config, languageCookieName, shapedPages: entry });
  const server = app.listen(config.PORT, () => console.log(`Erdem is listening on http://localhost:${config.PORT} (worker ${process.pid})`));

  // A deploy or restart stops taking connections, lets the requests under way finish (an answer
  // being saved, a submission being graded), closes the database, then exits.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      server.close(async () => {
        await shutdown();
        process.exit(0);
      });
      server.closeIdleConnections();
      setTimeout(() => process.exit(0), 10_000).unref();
    });
  }
}
