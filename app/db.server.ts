// The application's one database handle, opened from the validated configuration.
import { openDatabase, type Database } from "../db/connection";
import { config } from "~/config.server";

declare global {
  // Kept across dev rebuilds so that the connection is not reopened on every change.
  var __erdemDatabase: Database | undefined;
}

export const database: Database = (globalThis.__erdemDatabase ??= openDatabase(config.DATABASE_URL, { pgPoolMax: config.PG_POOL_MAX }));
export const db = database.db;
