// A fingerprint of the application's data, on SQLite and PostgreSQL alike: every table's row count,
// and a hash of the rows of the tables asked for (hashing all of them on every fuzz run is too slow). The throttling table (login_throttle, which must count refused attempts) and the migration
// bookkeeping are left out: counting a refused attempt is their job.
import { createHash } from "node:crypto";
import { sql } from "kysely";
import { database, db } from "~/db.server";

const IGNORED = /^(login_throttle$|kysely_)/;

async function tableNames(): Promise<string[]> {
  const rows =
    database.engine === "sqlite"
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)).rows
      : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(db)).rows;
  return rows
    .map((r) => r.name)
    .filter((n) => !IGNORED.test(n))
    .sort();
}

export type Snapshot = Record<string, { rows: number; hash: string }>;

let names: Promise<string[]> | undefined;

/** Row counts of every table; row hashes of `hashed` (all tables when not given). */
export async function snapshot(hashed?: readonly string[]): Promise<Snapshot> {
  const all = await (names ??= tableNames());
  const counts = await sql<{ t: string; n: number | string }>`${sql.join(
    all.map((name) => sql`select ${name} as t, count(*) as n from ${sql.table(name)}`),
    sql` union all `,
  )}`.execute(db);
  const out: Snapshot = Object.fromEntries(counts.rows.map((r) => [r.t, { rows: Number(r.n), hash: "" }]));
  for (const name of hashed ?? all) {
    if (!(name in out)) throw new Error(`no table ${name}`);
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db)).rows;
    const lines = rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? v.toString() : v))).sort();
    out[name].hash = createHash("sha256").update(lines.join("\n")).digest("hex").slice(0, 16);
  }
  return out;
}

/** The tables whose content differs between two snapshots. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((t) => before[t]?.hash !== after[t]?.hash || before[t]?.rows !== after[t]?.rows);
}
