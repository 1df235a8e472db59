// The server process: loads the app build, runs start-up (migrations, lesson compilation), then
// serves it — in WEB_CONCURRENCY worker processes when that is above 1 — and stops gracefully.
// `npm run build` compiles this file to build/server.js, beside the app build (decision 013).
import cluster from "node:cluster";
import type { ServerBuild } from "@remix-run/node";
import type * as AppEntry from "../app/entry.server";
import { createApp } from "./app";

// React and Remix pick their production code from NODE_ENV themselves, so the production default
// has to be in the environment before the app build loads; every setting is then read from the
// build's validated config.
process.env.NODE_ENV ??= "production";

type AppBuild = ServerBuild & { entry: { module: typeof AppEntry } };
let build: AppBuild;
try {
  build = await import(new URL("./index.js", import.meta.url).href);
} catch (error) {
  // An invalid setting is a message to the operator, not a stack trace.
  console.error(error instanceof Error && error.message.startsWith("Invalid environment configuration") ? error.message : error);
  process.exit(1);
}
const { config, languageCookieName, startup, shutdown } = build.entry.module;

if (cluster.isPrimary) {
  // Migrations and lesson compilation run once, before any request is served.
  await startup();
} else {
  await startup({ migrate: false });
}

let stopping = false;
if (cluster.isPrimary && config.WEB_CONCURRENCY > 1) {
  for (let i = 0; i < config.WEB_CONCURRENCY; i++) cluster.fork();
  cluster.on("exit", (worker, code) => {
    if (stopping) return;
    console.error(`Worker ${worker.process.pid} exited (${code}); starting another.`);
    cluster.fork();
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
      cluster.on("exit", () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0));
    });
  }
} else {
  serve();
}

function serve() {
  const app = createApp(build, { config, languageCookieName });
  const server = app.listen(config.PORT, () =>
    console.log(`Erdem is listening on http://localhost:${config.PORT}${cluster.isWorker ? ` (worker ${process.pid})` : ""}`),
  );

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
