// Opens the database named by DATABASE_URL: SQLite (embedded default) or PostgreSQL.
import { mkdirSync } from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { migrations } from "./migrations/index";
import type { DB } from "./schema";

export type Database =
  | { engine: "sqlite"; db: Kysely<DB>; sqlite: SQLite.Database; close(): Promise<void> }
  | { engine: "postgres"; db: Kysely<DB>; pool: pg.Pool; close(): Promise<void> };

export function openDatabase(url: string): Database {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.PG_POOL_MAX ?? 10) });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
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
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
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
 */
export async function writeTransaction<T>(database: Database, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  if (database.engine === "sqlite") {
    return database.db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await fn(conn);
        await sql`commit`.execute(conn);
        return result;
      } catch (error) {
        await sql`rollback`.execute(conn);
        throw error;
      }
    });
  }
  return database.db.transaction().execute(fn);
}
