// Opens the database named by DATABASE_URL: SQLite (embedded default) or PostgreSQL.
import { mkdirSync } from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely";
import { createRequire } from "node:module";
import type pg from "pg";
import { migrations } from "./migrations/index";
import type { DB } from "./schema";
import { DropNulPlugin } from "./text-values";

export type Database =
  | { engine: "sqlite"; db: Kysely<DB>; sqlite: SQLite.Database; close(): Promise<void> }
  | { engine: "postgres"; db: Kysely<DB>; pool: pg.Pool; close(): Promise<void> };

/** `pgPoolMax` comes from the validated config (PG_POOL_MAX) in the app and the scripts. */
export function openDatabase(url: string, { pgPoolMax = 10 }: { pgPoolMax?: number } = {}): Database {
  if (/^postgres(ql)?:\/\//.test(url)) {
    // JIT compiling pays off for queries that run for seconds; ours are built to take milliseconds,
    // and on the report queries compiling alone cost more than a second. Parallel workers likewise:
    // starting and gathering them made the widest report query (a course's funnel over 200,000
    // enrolments) twice as slow on two cores, and under load they take the cores other requests need.
    // the driver is loaded only for a PostgreSQL database (a SQLite server never holds it, decision 027)
    const { Pool } = createRequire(import.meta.url)("pg") as typeof pg;
    const pool = new Pool({ connectionString: url, max: pgPoolMax, options: "-c jit=off -c max_parallel_workers_per_gather=0" });
    // An idle connection the server ends (a restart, an administrator, a dropped test database) is
    // discarded by the pool; without a listener its error would end the whole process.
    pool.on("error", () => {});
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new DropNulPlugin()] });
    return { engine: "postgres", db, pool, close: () => db.destroy() };
  }
  const filename = url.replace(/^file:/, "");
  if (filename !== ":memory:") mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  const sqlite = new SQLite(filename);
  sqlite.pragma("journal_mode = WAL");
  // FULL: an acknowledged commit survives a crash or power loss, not only a process exit.
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // SQLite's own lower() folds ASCII only; Cyrillic names must compare the way PostgreSQL's do.
  sqlite.function("lower", { deterministic: true }, (s: unknown) => (s == null ? null : String(s).toLowerCase()));
  cachePreparedStatements(sqlite);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [new DropNulPlugin()] });
  return { engine: "sqlite", db, sqlite, close: () => db.destroy() };
}

/**
 * Kysely prepares every query anew; preparing costs more than running most of ours. Queries are
 * built from a fixed set of shapes, so their prepared statements are kept (better-sqlite3 runs
 * one statement at a time, so sharing them is safe; no query here streams with iterate()).
 */
function cachePreparedStatements(sqlite: SQLite.Database, max = 1000) {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      statement = prepare(source);
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(source, statement);
    }
    return statement;
  }) as typeof sqlite.prepare;
}

export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ""} failed: ${String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

export async function ping(db: Kysely<DB>): Promise<boolean> {
  await sql`select 1`.execute(db);
  return true;
}

/**
 * A read-then-write transaction that cannot be interleaved with another writer: BEGIN IMMEDIATE on
 * SQLite (takes the write lock up front, so two processes never deadlock upgrading a read), a
 * normal transaction on PostgreSQL (callers lock the rows they read with FOR UPDATE).
 *
 * On SQLite with several server processes (WEB_CONCURRENCY) another process may hold the write
 * lock. SQLite's own busy handler would wait for it by sleeping inside the call, which stops this
 * process's event loop — every other request it serves stalls too. So the lock is tried without
 * waiting, and on SQLITE_BUSY the connection is given back and the attempt repeated after a short
 * timer, leaving the process free to serve reads and render pages meanwhile.
 */
export async function writeTransaction<T>(database: Database, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  if (database.engine === "postgres") return database.db.transaction().execute(fn);
  const { sqlite } = database;
  const deadline = Date.now() + WRITE_LOCK_TIMEOUT_MS;
  for (let attempt = 0; ; attempt++) {
    const outcome = await database.db.connection().execute(async (conn) => {
      if (!tryBeginImmediate(sqlite)) return BUSY;
      try {
        const value = await fn(conn);
        await sql`commit`.execute(conn);
        return { value };
      } catch (error) {
        if (sqlite.inTransaction) await sql`rollback`.execute(conn);
        throw error;
      }
    });
    if (outcome !== BUSY) return outcome.value;
    if (Date.now() > deadline) throw new Error("database is locked: no write lock within 5 s");
    // 0.5–1 ms at first, growing to at most 8–16 ms, with jitter so that waiting processes spread out
    const ceiling = Math.min(16, 2 ** Math.min(attempt, 4));
    await new Promise((resolve) => setTimeout(resolve, ceiling / 2 + Math.random() * (ceiling / 2)));
  }
}

const WRITE_LOCK_TIMEOUT_MS = 5000;
const BUSY = Symbol("busy");

/** BEGIN IMMEDIATE without SQLite's blocking busy wait; false when another connection writes. */
function tryBeginImmediate(sqlite: SQLite.Database): boolean {
  sqlite.pragma("busy_timeout = 0");
  try {
    sqlite.exec("begin immediate");
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_BUSY") return false;
    throw error;
  } finally {
    sqlite.pragma("busy_timeout = 5000");
  }
}
