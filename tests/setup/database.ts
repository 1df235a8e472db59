// Every test file gets its own freshly migrated database: a temporary SQLite file, or — when
// TEST_DATABASE=postgres — a new database on the PostgreSQL server at 127.0.0.1:5432.
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll } from "vitest";
import { migrateToLatest, openDatabase } from "../../db/connection";

const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const suffix = randomBytes(6).toString("hex");
let cleanup: () => Promise<void>;

if (process.env.TEST_DATABASE === "postgres") {
  const name = `erdem_test_${suffix}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  process.env.DATABASE_URL = ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  cleanup = async () => {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
} else {
  const file = path.join(os.tmpdir(), `erdem-test-${suffix}.sqlite`);
  process.env.DATABASE_URL = `file:${file}`;
  cleanup = async () => {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  };
}

const setup = openDatabase(process.env.DATABASE_URL!);
await migrateToLatest(setup.db);
await setup.close();

afterAll(async () => {
  await globalThis.__erdemDatabase?.close();
  globalThis.__erdemDatabase = undefined;
  await cleanup();
});
