// Starts the built app on a fresh, seeded SQLite database for the browser tests.
import { execFileSync, spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { rmSync } from "node:fs";

// The server runs as in production, where PUBLIC_URL is required: the browser reaches it here.
process.env.PUBLIC_URL ??= `http://localhost:${process.env.PORT ?? 3000}`;
// A signing key of the run's own, so credentials can be downloaded and checked without keys/.
process.env.ISSUER_PRIVATE_JWK ??= JSON.stringify(generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" }));
const url = process.env.DATABASE_URL;
if (url.startsWith("file:")) {
  const file = url.slice(5);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
}
execFileSync("node", ["node_modules/tsx/dist/cli.mjs", "db/seed.ts"], { stdio: "inherit", env: process.env });
const server = spawn("node", ["build/server.js"], { stdio: "inherit", env: process.env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => process.exit(code ?? 0));
