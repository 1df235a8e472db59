// npm run test:faults runs this after the crash test: publishing content to real servers, as an
// operator would (decision 038). Two servers (one of two worker processes) run the built app on one
// fresh database; `npm run content:publish`'s script publishes a changed lesson title and every
// worker of both serves it within seconds, without a restart; a broken change is refused and the
// live version keeps serving; a server started later with the old folder serves the live version.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const work = mkdtempSync(path.join(os.tmpdir(), "erdem-publish-run-"));
const LESSON = "courses/ict-cyber-hygiene/devices-and-accounts/device-updates-and-protection.mn.mdx";
const PAGE = "/courses/ict-cyber-hygiene/device-updates-and-protection";
const PORTS = [3341, 3342, 3343];
const env = {
  ...process.env,
  NODE_ENV: "production" as const,
  DATABASE_URL: `file:${path.join(work, "erdem.sqlite")}`,
  PUBLIC_URL: "http://localhost:3341",
  SESSION_COOKIE_SECURE: "false",
  JOBS_IN_APP: "false",
  CONTENT_POLL_SECONDS: "1",
  ISSUER_PRIVATE_JWK: JSON.stringify(generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" })),
};

const servers: ChildProcess[] = [];
const logs = new Map<number, string>();
const stopAll = () => {
  for (const s of servers) {
    try {
      process.kill(-(s.pid as number), "SIGKILL");
    } catch {
      // gone already
    }
  }
};
process.on("exit", stopAll);

function fail(message: string): never {
  console.error(`publish test: ${message}`);
  for (const [port, log] of logs) console.error(`--- server ${port}\n${log}`);
  stopAll();
  process.exit(1);
}

/** A server of its own (its own folder of versions, as on another machine), the same database. */
async function startServer(port: number, extra: Record<string, string>) {
  const child = spawn(process.execPath, ["build/server.js"], {
    cwd: ROOT,
    env: { ...env, PORT: String(port), CONTENT_VERSIONS_DIR: path.join(work, `versions-${port}`), ...extra },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  servers.push(child);
  logs.set(port, "");
  const keep = (d: Buffer) => logs.set(port, logs.get(port) + d.toString());
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://localhost:${port}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) fail(`the server on ${port} exited`);
    await new Promise((r) => setTimeout(r, 300));
  }
  fail(`the server on ${port} did not start`);
}

async function titleOn(port: number): Promise<string> {
  let html = "";
  // a kept-alive connection the server closes as it is reused fails once; a browser asks again too
  for (let tries = 1; ; tries++) {
    try {
      html = await (await fetch(`http://localhost:${port}${PAGE}`)).text();
      break;
    } catch (error) {
      if (tries === 3) fail(`the server on ${port} did not answer: ${(error as Error).cause ?? error}`);
    }
  }
  return /<h1[^>]*>([^<]*)/.exec(html)?.[1]?.trim() ?? "";
}

/** Every answer of `port` (any of its workers) shows `title`, ten in a row, within `ms`. */
async function waitForTitle(port: number, title: string, ms: number) {
  const deadline = Date.now() + ms;
  let inARow = 0;
  let last = "";
  while (Date.now() < deadline) {
    last = await titleOn(port);
    inARow = last === title ? inARow + 1 : 0;
    if (inARow >= 10) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  fail(`the server on ${port} shows "${last}", not "${title}"`);
}

function publish(dir: string): number {
  const run = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/content-publish.ts", "--lang", "en", dir], {
    cwd: ROOT,
    env,
    encoding: "utf8",
  });
  process.stdout.write(run.stdout);
  process.stdout.write(run.stderr);
  return run.status ?? 1;
}

/** A copy of the content folder with the lesson's title changed (and, if asked, an MDX error). */
function contentWith(name: string, title: string, broken = false): string {
  const dir = path.join(work, name);
  cpSync(path.join(ROOT, "content"), dir, { recursive: true });
  const file = path.join(dir, LESSON);
  let text = readFileSync(file, "utf8").replace(/^title: .*$/m, `title: "${title}"`);
  if (broken) text += "\n<!-- an HTML comment is an MDX error -->\n";
  writeFileSync(file, text);
  return dir;
}

const started = Date.now();
try {
  await startServer(PORTS[0], { WEB_CONCURRENCY: "2" });
  await startServer(PORTS[1], { WEB_CONCURRENCY: "1" });
  const original = await titleOn(PORTS[0]);
  if (!original) fail("the lesson page has no title");
  await waitForTitle(PORTS[1], original, 5_000);

  if (publish(contentWith("next", "Шинэ гарчиг")) !== 0) fail("a good change was not published");
  await Promise.all([waitForTitle(PORTS[0], "Шинэ гарчиг", 60_000), waitForTitle(PORTS[1], "Шинэ гарчиг", 60_000)]);
  console.log("publish test: both servers (three workers) serve the published version");

  if (publish(contentWith("broken", "Эвдэрсэн", true)) === 0) fail("a broken change was published");
  await new Promise((r) => setTimeout(r, 3_000));
  await Promise.all([waitForTitle(PORTS[0], "Шинэ гарчиг", 2_000), waitForTitle(PORTS[1], "Шинэ гарчиг", 2_000)]);
  console.log("publish test: a broken change was refused; the live version keeps serving");

  // deployed with the folder from before the publish
  await startServer(PORTS[2], { WEB_CONCURRENCY: "1", CONTENT_DIR: path.join(ROOT, "content") });
  await waitForTitle(PORTS[2], "Шинэ гарчиг", 2_000);
  console.log("publish test: a server started later serves the live version, not its own older folder");
  console.log(`publish test: passed in ${Math.round((Date.now() - started) / 1000)} s`);
} finally {
  stopAll();
  rmSync(work, { recursive: true, force: true });
}
process.exit(0);
