// The national-volume generator at a small scale: the proportions the reports are measured on, rows
// the application reads as its own (a certificate issued afterwards takes the next serial).
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { createUser } from "./factories";
import { sql } from "kysely";
import { database, db } from "~/db.server";
import { issueCertificate } from "~/features/certificates/certificates.server";
import { getCatalogue } from "~/features/content/content.server";
import { learnerStatusSql } from "~/features/enrolment/repository.server";
import { generateLoad, LOAD_EMAIL_DOMAIN } from "./load";
import { rebuildQuizStatistics } from "./quiz-statistics";
import { rebuildReportSummaries, refreshEnrolmentFacts } from "./report-facts";

async function reportState() {
  const one = async (q: Promise<Record<string, unknown>>) => Object.fromEntries(Object.entries(await q).map(([k, v]) => [k, Number(v)]));
  return {
    facts: await one(
      sql`select sum(lessons_done) as lessons, sum(exam_attempts) as attempts, sum(coalesce(exam_best, 0)) as best, count(exam_passed_at) as passed,
        count(certificate_issued_at) as certified, count(certificate_expires_at) as expiring from enrolment`
        .execute(db)
        .then((r) => r.rows[0] as Record<string, unknown>),
    ),
    active: await one(
      sql`select count(last_active_at) as active, max(last_active_at) as last from users`
        .execute(db)
        .then((r) => ({ active: (r.rows[0] as { active: unknown }).active })),
    ),
    summary: await one(
      sql`select sum(enrolled) as enrolled, sum(completed) as completed, sum(withdrawn) as withdrawn, sum(ongoing) as ongoing, sum(ongoing_started) as ongoing_started,
        sum(started) as started, sum(exam_takers) as takers, sum(exam_passed) as passed, sum(certified) as certified, count(*) as rows from enrolment_summary`
        .execute(db)
        .then((r) => r.rows[0] as Record<string, unknown>),
    ),
    daily: await one(
      sql`select sum(enrolled) as enrolled, sum(completed) as completed, count(*) as rows from activity_daily`
        .execute(db)
        .then((r) => r.rows[0] as Record<string, unknown>),
    ),
  };
}

const courses = ["a", "b", "c"].map((x, i) => ({
  slug: `load-${x}`,
  version: "1.0",
  titleMn: `Сургалт ${x}`,
  titleEn: `Course ${x}`,
  hours: 4,
  validityMonths: i === 0 ? 12 : null,
  lessons: ["l1", "l2", "l3", "l4"],
  quizzes: ["q1", "q2"],
  exam: "exam",
}));

describe("national-volume generator", () => {
  it("fills every sum, three enrolments a learner, progress, attempts and certificates in proportion", async () => {
    const progress: number[] = [];
    const counts = await generateLoad(db, { scale: 0.005, seed: 7, courses, passwordHash: "!load", progress: (_s, done) => progress.push(done) });
    expect(counts.users).toBe(1000);
    expect(counts.enrolments).toBe(3000);
    expect(progress.at(-1)).toBe(1000);
    const learners = db.selectFrom("users").where("email", "like", `%@${LOAD_EMAIL_DOMAIN}`);
    expect(Number((await learners.select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n)).toBe(1000);
    // every sum and district has learners
    const emptySums = await db
      .selectFrom("sum")
      .select("id")
      .where((eb) => eb.not(eb.exists(eb.selectFrom("users").select("users.id").whereRef("users.sum_id", "=", "sum.id"))))
      .execute();
    expect(emptySums).toEqual([]);
    // statuses in proportion: about a quarter completed, each with one certificate
    const statuses = await db
      .selectFrom("enrolment")
      .select(learnerStatusSql(new Date()).as("learner_status"))
      .where("course_slug", "like", "load-%")
      .execute();
    const n: Record<string, number> = {};
    for (const s of statuses) n[s.learner_status] = (n[s.learner_status] ?? 0) + 1;
    for (const s of ["completed", "in_progress", "not_started", "overdue", "withdrawn"]) expect(n[s] ?? 0, `${s} in ${JSON.stringify(n)}`).toBeGreaterThan(0);
    expect(n.completed / 3000).toBeGreaterThan(0.2);
    expect(n.completed / 3000).toBeLessThan(0.3);
    expect(counts.certificates).toBe(n.completed);
    expect(counts.attempts).toBeGreaterThan(counts.enrolments * 1.5); // about 3.3 with the real courses (four module quizzes each)
    const expired = await db
      .selectFrom("certificate")
      .select("id")
      .where("course_slug", "=", "load-a")
      .where("expires_at", "<", new Date().toISOString())
      .execute();
    expect(expired.length).toBeGreaterThan(0);
    // the report facts and summaries (written by triggers, or on PostgreSQL recomputed around them) are
    // what a recomputation from scratch gives
    const kept = await reportState();
    const bands = () => db.selectFrom("quiz_score_band").selectAll().where("attempts", "<>", 0).orderBy(["course_slug", "quiz_slug", "percent"]).execute();
    const keptBands = await bands();
    expect(keptBands.reduce((n, b) => n + Number(b.attempts), 0)).toBeGreaterThan(0);
    await rebuildQuizStatistics(db, database.engine);
    expect(await bands()).toEqual(keptBands);
    await refreshEnrolmentFacts(db, database.engine);
    await rebuildReportSummaries(db, database.engine);
    expect(await reportState()).toEqual(kept);
    expect(kept.summary.enrolled).toBe(3000);
    // the counters moved on: the application's next certificate takes a fresh serial and status index
    const sample = getCatalogue().courses.find((c) => c.slug === "sample")!;
    const cert = await issueCertificate((await createUser(db)).id, sample);
    expect(cert.status_index).toBe(counts.certificates + 1);
  });
});
