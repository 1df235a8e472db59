// Starts the built app on a fresh, seeded SQLite database for the browser tests.
import { execFileSync, spawn } from "node:child_process";
import { rmSync } from "node:fs";

const url = process.env.DATABASE_URL;
if (url.startsWith("file:")) {
  const file = url.slice(5);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
}
execFileSync("node", ["node_modules/tsx/dist/cli.mjs", "db/seed.ts"], { stdio: "inherit", env: process.env });
const server = spawn("node", ["build/server.js"], { stdio: "inherit", env: process.env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => process.exit(code ?? 0));
