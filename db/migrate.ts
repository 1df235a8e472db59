// npm run db:migrate — applies pending migrations to DATABASE_URL (default: SQLite file under data/).
import { config } from "../app/config.server";
import { openDatabase, migrateToLatest } from "./connection";

const database = openDatabase(config.DATABASE_URL, { pgPoolMax: config.PG_POOL_MAX });
try {
  const applied = await migrateToLatest(database.db);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
} finally {
  await database.close();
}
