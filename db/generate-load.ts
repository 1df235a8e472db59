// npm run db:generate-load [-- --scale 1 --seed 1] — fills the database named by DATABASE_URL
// (SQLite or PostgreSQL) with national-volume learning data for measuring the reports: at scale 1,
// 200,000 learners in every aimag and sum, 600,000 enrolments, about 2,000,000 attempts and
// 150,000 certificates. Refuses to run twice with the same seed on one database.
import { parseArgs } from "node:util";
import { hash } from "@node-rs/argon2";
import { sql } from "kysely";
import { config } from "../app/config.server";
import { readCatalogue } from "../app/features/content/catalogue.server";
import { requiredLessons } from "../app/features/enrolment/progress.server";
import { migrateToLatest, openDatabase } from "./connection";
import { generateLoad, LOAD_EMAIL_DOMAIN, type LoadCourse } from "./load";

const { values } = parseArgs({ options: { scale: { type: "string", default: "1" }, seed: { type: "string", default: "1" } } });
const scale = Number(values.scale);
const seed = Number(values.seed);
if (!(scale > 0 && scale <= 10) || !Number.isInteger(seed)) throw new Error("--scale must be in (0, 10] and --seed an integer");

const database = openDatabase(config.DATABASE_URL, { pgPoolMax: config.PG_POOL_MAX });
const { db } = database;
try {
  await migrateToLatest(db);
  const taken = await db.selectFrom("users").select("id").where("email", "=", `load-${seed}-0@${LOAD_EMAIL_DOMAIN}`).executeTakeFirst();
  if (taken) throw new Error(`this database already holds the load of seed ${seed}; use another --seed or a fresh database`);
  const courses: LoadCourse[] = readCatalogue(config.CONTENT_DIR)
    .courses.filter((c) => c.meta.published)
    .map((c) => ({
      slug: c.slug,
      version: c.meta.version,
      titleMn: c.meta.title.mn,
      titleEn: c.meta.title.en,
      hours: c.meta.hours,
      validityMonths: c.meta.certificateValidityMonths,
      lessons: requiredLessons(c).map((l) => l.slug),
      quizzes: c.modules.flatMap((m) => (m.quiz ? [m.quiz] : [])),
      exam: c.meta.exam ?? null,
    }));
  if (!courses.length) throw new Error(`no published course under ${config.CONTENT_DIR}`);
  const passwordHash = await hash(`load-${seed}-${Date.now()}`, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const started = performance.now();
  const tty = process.stderr.isTTY;
  let lastTenth = -1;
  const counts = await generateLoad(db, {
    scale,
    seed,
    courses,
    passwordHash,
    progress: (stage, done, total) => {
      const share = done / total;
      const width = 30;
      const bar = `${"█".repeat(Math.round(share * width))}${"░".repeat(width - Math.round(share * width))}`;
      const eta = done ? ((performance.now() - started) / done) * (total - done) : 0;
      const line = `${stage} [${bar}] ${(share * 100).toFixed(0).padStart(3)} %  ${done.toLocaleString("en")}/${total.toLocaleString("en")}  ${Math.round(eta / 1000)} s left`;
      if (tty) process.stderr.write(`\r${line}`);
      else if (Math.floor(share * 10) > lastTenth) {
        lastTenth = Math.floor(share * 10);
        process.stderr.write(`${line}\n`);
      }
    },
  });
  if (tty) process.stderr.write("\n");
  // planner statistics for the new volume, and on PostgreSQL the visibility map that lets index-only
  // scans skip the table, as a deployment's routine maintenance (autovacuum) would leave them
  await sql.raw(database.engine === "postgres" ? "vacuum analyze" : "analyze").execute(db);
  console.log(
    `Generated in ${Math.round((performance.now() - started) / 1000)} s on ${database.engine}: ${counts.users.toLocaleString("en")} learners, ${counts.enrolments.toLocaleString("en")} enrolments, ${counts.lessonProgress.toLocaleString("en")} lessons done, ${counts.attempts.toLocaleString("en")} attempts, ${counts.certificates.toLocaleString("en")} certificates.`,
  );
} finally {
  await database.close();
}
