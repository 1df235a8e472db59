// npm run db:migrate — applies pending migrations to DATABASE_URL (default: SQLite file under data/).
import { openDatabase, migrateToLatest } from "./connection";

const url = process.env.DATABASE_URL ?? "file:data/erdem.sqlite";
const database = openDatabase(url);
try {
  const applied = await migrateToLatest(database.db);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
} finally {
  await database.close();
}
