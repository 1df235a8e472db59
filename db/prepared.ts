// A query built once with Kysely and run with new values: for the few queries behind every page
// (the session, its roles, a lesson's done state), where building the query cost more CPU than
// SQLite running it (docs/BENCHMARKS.md, the breakdown of a signed-in lesson page; decision 028).
// The query is built with stand-in values, compiled once per database, and run with the values
// given, in the order they appear in the SQL; a count that does not match is an error.
import type { CompiledQuery, Compilable, Kysely } from "kysely";
import type { DB } from "./schema";
import { clean } from "./text-values";

export function preparedQuery<Row>(build: (db: Kysely<DB>) => Compilable<Row>) {
  const compiled = new WeakMap<Kysely<DB>, CompiledQuery<Row>>();
  return async (db: Kysely<DB>, ...values: readonly (string | number | null)[]): Promise<Row[]> => {
    let query = compiled.get(db);
    if (!query) {
      query = build(db).compile();
      compiled.set(db, query);
    }
    if (query.parameters.length !== values.length) throw new Error(`prepared query takes ${query.parameters.length} values, given ${values.length}`);
    // as every other bound value (db/text-values.ts): no NUL reaches the database
    const parameters = values.map(clean);
    return (await db.executeQuery<Row>({ ...query, parameters })).rows;
  };
}
