// The reminders' scans at national volume (200,000 learners, 600,000 enrolments, 150,000
// certificates), on SQLite and PostgreSQL: the first run on a database that has never been scanned
// (every due date, certificate and coordinator in its window is written, with its e-mail), and the
// hourly run after it, which finds nothing new — the cost every server pays every hour.
import { writeTransaction, migrateToLatest, openDatabase } from "../db/connection";
import { createUser } from "../db/factories";
import { runReminders } from "~/features/notifications/reminders.server";
import { fmt, machine, recordSection } from "./lib";
import { ensureLoaded, loadDatabaseUrl } from "./reports";

async function measure(engine: "sqlite" | "postgres") {
  const url = loadDatabaseUrl(engine);
  await ensureLoaded(url);
  const database = openDatabase(url);
  const { db } = database;
  try {
    await migrateToLatest(db);
    // a coordinator per aimag, for the weekly digest
    const aimags = await db.selectFrom("aimag").select("code").execute();
    for (const { code } of aimags) {
      const email = `bench-digest-${code.toLowerCase()}@example.mn`;
      if (!(await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst()))
        await createUser(db, { email, aimagCode: code, roles: [{ role: "coordinator", aimag_code: code }] });
    }
    // a database never scanned: nothing notified yet
    await db.deleteFrom("notification").execute();
    await db.deleteFrom("outbox_message").execute();
    // the load's own "now": when it was generated
    const { latest } = await db
      .selectFrom("enrolment")
      .select((eb) => eb.fn.max("enrolled_at").as("latest"))
      .executeTakeFirstOrThrow();
    const now = new Date(String(latest));
    const transaction = <T>(fn: Parameters<typeof writeTransaction<T>>[1]) => writeTransaction(database, fn);
    const timed = async (at: Date) => {
      const started = performance.now();
      const counts = await runReminders(db, { now: at, transaction });
      return { ms: performance.now() - started, counts, written: Object.values(counts).reduce((a, b) => a + b, 0) };
    };
    const first = await timed(now);
    const hourly = [];
    for (let h = 1; h <= 3; h++) hourly.push(await timed(new Date(now.getTime() + h * 3600_000)));
    const mails = await db
      .selectFrom("outbox_message")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return { first, hourly, mails: Number(mails.n), now };
  } finally {
    await database.close();
  }
}

export async function benchReminders() {
  const results = { sqlite: await measure("sqlite"), postgres: await measure("postgres") };
  const row = (label: string, r: { ms: number; written: number }, pg: { ms: number; written: number }) =>
    `| ${label} | ${fmt(r.ms / 1000, 2)} s, ${fmt(r.written)} written | ${fmt(pg.ms / 1000, 2)} s, ${fmt(pg.written)} written |`;
  const kinds = (c: Record<string, number>) =>
    Object.entries(c)
      .map(([k, n]) => `${k} ${fmt(n)}`)
      .join(", ");
  recordSection(
    "reminders",
    `## Reminders at national volume

Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine()}.
Method: \`npm run bench reminders\` on the data of \`npm run db:generate-load\` (200,000 learners, 600,000
enrolments, 150,000 certificates; one coordinator added per aimag), with the notifications and the
outbox emptied first. \`runReminders\` runs in the bench's own process at the load's "now" (its
newest enrolment), then at one, two and three hours after it, as the scheduler would.

| run | SQLite | PostgreSQL |
|---|---|---|
${row("first run, never scanned before", results.sqlite.first, results.postgres.first)}
${results.sqlite.hourly.map((h, i) => row(`${i + 1} h later`, h, results.postgres.hourly[i])).join("\n")}

First run, what was written (SQLite): ${kinds(results.sqlite.first.counts as unknown as Record<string, number>)};
${fmt(results.sqlite.mails)} e-mails queued (PostgreSQL: ${fmt(results.postgres.mails)}).`,
  );
}
