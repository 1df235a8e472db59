// npm run dev — a development server (decision 037). The Remix compiler builds the app once and
// rebuilds what changed when a file under app/ is saved (the same watch `remix watch` runs, without
// its live-reload socket); a change under server/ rebuilds the server bundle. After each build the
// server is restarted and the open pages reload. Content (content/) needs no restart: the server
// re-reads it and tells the pages to reload (server/dev-events.ts). Without SMTP_URL, every e-mail
// goes to a local mailbox (scripts/dev-mailbox.ts) whose page lists them.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { rmSync, watch } from "node:fs";
import path from "node:path";
import { config } from "~/config.server";
import { startDevMailbox } from "./dev-mailbox";

const started = performance.now();
const log = (line: string) => console.log(`dev: ${line}`);
const seconds = (from: number) => `${((performance.now() - from) / 1000).toFixed(1)} s`;

if (!config.SMTP_URL) {
  const mailbox = await startDevMailbox({ smtpPort: config.DEV_MAILBOX_SMTP_PORT, webPort: config.DEV_MAILBOX_WEB_PORT });
  process.env.SMTP_URL = mailbox.smtpUrl;
  process.env.SMTP_ALLOW_PLAIN = "true";
  process.env.OUTBOX_POLL_MS = "1000";
  log(`e-mail is caught by the local mailbox — read it at ${mailbox.webUrl}`);
}
// An edited lesson shows on the next request: a development server keeps no page (server/page-cache.ts, shaped-pages.ts).
process.env.PAGE_CACHE = "false";

// ---- the server process, restarted after each build ----

let server: ChildProcess | undefined;
let stopping = false;

function stopServer(): Promise<void> {
  const running = server;
  server = undefined;
  if (!running || running.exitCode !== null || running.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => running.kill("SIGKILL"), 5_000);
    running.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    running.kill("SIGTERM");
  });
}

let first = true;
/** One restart at a time; a build that finishes during one restarts again after it. */
let restarting: Promise<void> = Promise.resolve();
function restartServer(): Promise<void> {
  restarting = restarting.then(async () => {
    if (stopping) return;
    await stopServer();
    const child = spawn(process.execPath, ["build/server.js"], { stdio: "inherit" });
    server = child;
    child.on("exit", (code, signal) => {
      if (server === child && !stopping) log(`the server stopped (${signal ?? code}); it starts again when a file is saved`);
    });
    if (first) {
      first = false;
      log(`serving http://localhost:${config.PORT} — built in ${seconds(started)}`);
      log(`watching app/ and server/ (rebuild and restart), ${path.relative(process.cwd(), path.resolve(config.CONTENT_DIR)) || "."}/ (pages reload)`);
    }
  });
  return restarting;
}

/** build/server.js from server/main.ts (npm run build:server); false when it does not compile. */
function buildServerBundle(): boolean {
  const run = spawnSync("npm", ["run", "-s", "build:server"], { stdio: "inherit" });
  return run.status === 0;
}

// ---- the app: the Remix classic compiler's watch ----

// The compiler's own modules (the package has no export map): `remix watch` would also start a
// live-reload WebSocket server on a port of its choosing between 3001 and 3100, which the app's own
// port may be; the pages here listen to the app server instead.
const { readConfig } = await import("@remix-run/dev/dist/config.js");
const { watch: watchApp } = await import("@remix-run/dev/dist/compiler/watch.js");
const { createFileWatchCache } = await import("@remix-run/dev/dist/compiler/fileWatchCache.js");
const { logger } = await import("@remix-run/dev/dist/tux/logger.js");

const remixConfig = await readConfig(process.cwd());
rmSync(remixConfig.assetsBuildDirectory, { recursive: true, force: true });
const fileWatchCache = createFileWatchCache();
let buildStarted = started;
const disposeAppWatch = await watchApp(
  { config: remixConfig, options: { mode: "development", sourcemap: true }, fileWatchCache, logger },
  {
    onBuildStart() {
      buildStarted = performance.now();
      if (!first) log("rebuilding the app…");
    },
    onBuildFinish(_ctx: unknown, _ms: number, ok: boolean) {
      // a build that fails has said why; the server keeps running the last one that built
      if (!ok) return log("the app did not build: fix the error above and save again");
      if (!buildServerBundle()) return;
      if (!first) log(`rebuilt in ${seconds(buildStarted)}: restarting the server`);
      void restartServer();
    },
    onFileChanged(file: string) {
      fileWatchCache.invalidateFile(file);
    },
    onFileDeleted(file: string) {
      fileWatchCache.invalidateFile(file);
    },
  },
);

// ---- server/: only the server bundle ----

let serverTimer: NodeJS.Timeout | undefined;
const serverWatcher = watch("server", { recursive: true }, (_event, name) => {
  if (!name || /\.test\.ts$|(^|\/)\./.test(String(name))) return;
  clearTimeout(serverTimer);
  serverTimer = setTimeout(() => {
    log(`server/${name} changed: rebuilding the server`);
    if (buildServerBundle()) void restartServer();
  }, 100);
});

async function stop() {
  if (stopping) return;
  stopping = true;
  serverWatcher.close();
  clearTimeout(serverTimer);
  await Promise.allSettled([disposeAppWatch(), stopServer()]);
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
