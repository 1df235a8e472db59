// Who is enrolled, and what a coordinator changes for one learner, against the real database
// (SQLite, or PostgreSQL with TEST_DATABASE=postgres): scope, each change with its audit row in the
// same transaction, the checks on what is typed, and paging by name.
import { sql } from "kysely";
import { afterEach, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import type { Role } from "../../../db/schema";
import { createUser } from "../../../db/factories";
import { database, db } from "~/db.server";
import { getCatalogue } from "~/features/content/content.server";
import { cancelEvent, createEvent } from "~/features/events/events.server";
import {
  changeDueDate,
  ENROLLED_PER_PAGE,
  enrolledLearner,
  enrolledScope,
  grantExtraAttempts,
  grantExtraMinutes,
  listEnrolled,
  reinstateLearner,
  withdrawLearner,
} from "./enrolled.server";
import { enrol, findEnrolment, setEnrolmentCompleted } from "./repository.server";
import { MAX_EXTRA_ATTEMPTS, MAX_EXTRA_MINUTES } from "./schemas";

const sample = getCatalogue().courses.find((c) => c.slug === "sample")!;
const blended = getCatalogue().courses.find((c) => c.slug === "blended")!;
const A = "MN-069"; // Bayankhongor
const B = "MN-037"; // Darkhan-Uul
const NOW = new Date("2026-06-01T04:00:00.000Z");

const actor = (id: string, ...roles: { role: Role; aimag_code?: string }[]) => ({
  id,
  roles: roles.map((r) => ({ role: r.role, aimag_code: r.aimag_code ?? null })),
});
const admin = actor("admin-id", { role: "admin" });
const coordinatorA = actor("coordinator-a", { role: "coordinator", aimag_code: A });
const coordinatorB = actor("coordinator-b", { role: "coordinator", aimag_code: B });

async function learnerIn(aimagCode: string, course = "sample", spec: { surname?: string; givenName?: string } = {}) {
  const u = await createUser(db, { aimagCode, ...spec });
  await enrol(u.id, course);
  const e = (await findEnrolment(u.id, course))!;
  return { userId: u.id, enrolmentId: e.id };
}

const auditRows = (enrolmentId: string) =>
  db.selectFrom("audit_log").selectAll().where("target_type", "=", "enrolment").where("target_id", "=", enrolmentId).orderBy("created_at").execute();
const detailOf = (row: { detail: string | null }) => JSON.parse(row.detail ?? "null");

describe("who may see a course's learners", () => {
  it("an administrator everywhere, a coordinator in their aimag, nobody else without a course to train", async () => {
    expect(await enrolledScope(admin, "sample")).toEqual({ read: "all", change: "all" });
    expect(await enrolledScope(coordinatorA, "sample")).toEqual({ read: [A], change: [A] });
    expect(await enrolledScope(actor("l", { role: "learner" }), "sample")).toBeNull();
    expect(await enrolledScope(actor("s", { role: "sum_operator" }), "sample")).toBeNull();
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    expect(await enrolledScope(actor(trainer.id, { role: "trainer" }), "sample")).toBeNull();
  });

  it("a trainer reads the course where their scheduled events of it are, and changes nothing", async () => {
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const t = actor(trainer.id, { role: "trainer" });
    const planner = actor((await createUser(db, { roles: [{ role: "admin" }] })).id, { role: "admin" });
    const plan = (aimagCode: string) =>
      createEvent(planner, {
        campaignId: null,
        titleMn: "Сургалт",
        titleEn: "Training",
        aimagCode,
        sumId: null,
        venue: "Танхим",
        audience: ["sum_operator"],
        capacity: 20,
        thresholdPercent: 80,
        courses: ["sample"],
        trainers: [trainer.id],
        sessions: [{ starts_at: "2031-03-02T01:00:00.000Z", ends_at: "2031-03-02T09:00:00.000Z", self_check_in: false }],
      });
    const inB = await plan(B);
    const inA = await plan(A);
    expect("id" in inB && "id" in inA).toBe(true);
    expect((await enrolledScope(t, "sample"))?.read.toString().split(",").sort()).toEqual([A, B].sort());
    expect((await enrolledScope(t, "sample"))?.change).toEqual([]);
    expect(await enrolledScope(t, "blended")).toBeNull();
    // a cancelled event no longer opens its aimag
    expect(await cancelEvent(planner, (inA as { id: string }).id)).toBe("cancelled");
    expect(await enrolledScope(t, "sample")).toEqual({ read: [B], change: [] });

    const ofB = await learnerIn(B);
    const ofA = await learnerIn(A);
    const scope = (await enrolledScope(t, "sample"))!;
    expect(await enrolledLearner(sample, scope, ofA.enrolmentId)).toBeNull();
    const seen = await enrolledLearner(sample, scope, ofB.enrolmentId);
    expect(seen?.canChange).toBe(false);
    expect(await grantExtraAttempts(t, sample, ofB.enrolmentId, 1)).toEqual({ ok: false, problem: "forbidden" });
    expect((await findEnrolment(ofB.userId, "sample"))?.extra_attempts).toBe(0);
  });

  it("a coordinator of aimag B neither sees nor changes a learner of aimag A", async () => {
    const ofA = await learnerIn(A);
    const scopeB = (await enrolledScope(coordinatorB, "sample"))!;
    expect(await enrolledLearner(sample, scopeB, ofA.enrolmentId)).toBeNull();
    const listed = await listEnrolled(sample, scopeB, { search: "" }, NOW);
    expect(listed.learners.map((l) => l.id)).not.toContain(ofA.enrolmentId);
    for (const change of [
      () => changeDueDate(coordinatorB, sample, ofA.enrolmentId, "2026-12-31", NOW),
      () => grantExtraMinutes(coordinatorB, sample, ofA.enrolmentId, 15),
      () => grantExtraAttempts(coordinatorB, sample, ofA.enrolmentId, 1),
      () => withdrawLearner(coordinatorB, sample, ofA.enrolmentId, ""),
      () => reinstateLearner(coordinatorB, sample, ofA.enrolmentId),
    ])
      expect(await change()).toEqual({ ok: false, problem: "forbidden" });
    expect(await findEnrolment(ofA.userId, "sample")).toMatchObject({ status: "active", due_at: null, extra_attempts: 0, exam_extra_minutes: 0 });
    expect(await auditRows(ofA.enrolmentId)).toEqual([]);
  });

  it("an enrolment asked for under another course is not found", async () => {
    const ofA = await learnerIn(A, "blended");
    expect(await grantExtraAttempts(admin, sample, ofA.enrolmentId, 1)).toEqual({ ok: false, problem: "notFound" });
    expect(await enrolledLearner(sample, { read: "all", change: "all" }, ofA.enrolmentId)).toBeNull();
    expect(await grantExtraAttempts(admin, sample, "no-such-enrolment", 1)).toEqual({ ok: false, problem: "notFound" });
  });
});

describe("changing the due date", () => {
  it("sets the end of the day in Ulaanbaatar, audited with the old and new date; empty removes it", async () => {
    const { userId, enrolmentId } = await learnerIn(A);
    expect(await changeDueDate(coordinatorA, sample, enrolmentId, "2026-12-31", NOW)).toEqual({ ok: true, changed: true });
    expect((await findEnrolment(userId, "sample"))?.due_at).toBe("2026-12-31T15:59:59.000Z");
    expect(await changeDueDate(coordinatorA, sample, enrolmentId, "2027-01-15", NOW)).toEqual({ ok: true, changed: true });
    // the same date again changes nothing and writes no audit row
    expect(await changeDueDate(coordinatorA, sample, enrolmentId, "2027.01.15", NOW)).toEqual({ ok: true, changed: false });
    expect(await changeDueDate(coordinatorA, sample, enrolmentId, "", NOW)).toEqual({ ok: true, changed: true });
    expect((await findEnrolment(userId, "sample"))?.due_at).toBeNull();
    const rows = await auditRows(enrolmentId);
    expect(rows.map((r) => [r.action, r.actor_id])).toEqual([
      ["enrolment.due", coordinatorA.id],
      ["enrolment.due", coordinatorA.id],
      ["enrolment.due", coordinatorA.id],
    ]);
    expect(rows.map(detailOf)).toEqual([
      { course: "sample", userId, from: null, to: "2026-12-31T15:59:59.000Z" },
      { course: "sample", userId, from: "2026-12-31T15:59:59.000Z", to: "2027-01-15T15:59:59.000Z" },
      { course: "sample", userId, from: "2027-01-15T15:59:59.000Z", to: null },
    ]);
  });

  it("refuses a day that is over, one more than five years ahead and one that does not exist, changing nothing", async () => {
    const { userId, enrolmentId } = await learnerIn(A);
    expect(await changeDueDate(coordinatorA, sample, enrolmentId, "2026-05-31", NOW)).toEqual({ ok: false, problem: "pastDate" });
    expect(await changeDueDate(coordinatorA, sample, enrolmentId, "2032-06-01", NOW)).toEqual({ ok: false, problem: "farDate" });
    expect(await changeDueDate(coordinatorA, sample, enrolmentId, "2026-02-30", NOW)).toEqual({ ok: false, problem: "badDate" });
    // a day first, as Excel writes it, is read; a month first is not (12/31 is no day of any month)
    expect(await changeDueDate(coordinatorA, sample, enrolmentId, "12/31/2026", NOW)).toEqual({ ok: false, problem: "badDate" });
    // today is still allowed: the day ends at midnight in Ulaanbaatar
    expect(await changeDueDate(coordinatorA, sample, enrolmentId, "2026-06-01", NOW)).toEqual({ ok: true, changed: true });
    expect((await findEnrolment(userId, "sample"))?.due_at).toBe("2026-06-01T15:59:59.000Z");
    expect(await auditRows(enrolmentId)).toHaveLength(1);
  });

  it("is not for a learner who left or completed the course", async () => {
    const left = await learnerIn(A);
    await withdrawLearner(coordinatorA, sample, left.enrolmentId, "");
    expect(await changeDueDate(coordinatorA, sample, left.enrolmentId, "2026-12-31", NOW)).toEqual({ ok: false, problem: "withdrawn" });
    const done = await learnerIn(A);
    await setEnrolmentCompleted(done.enrolmentId, NOW.toISOString());
    expect(await changeDueDate(coordinatorA, sample, done.enrolmentId, "2026-12-31", NOW)).toEqual({ ok: false, problem: "completed" });
  });
});

describe("extra exam time and attempts", () => {
  it("records minutes within 0–MAX_EXTRA_MINUTES, audited with the exam's own time", async () => {
    const { userId, enrolmentId } = await learnerIn(A);
    for (const bad of [-1, MAX_EXTRA_MINUTES + 1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(await grantExtraMinutes(coordinatorA, sample, enrolmentId, bad)).toEqual({ ok: false, problem: "minutesRange" });
    expect(await grantExtraMinutes(coordinatorA, sample, enrolmentId, 5)).toEqual({ ok: true, changed: true });
    expect(await grantExtraMinutes(coordinatorA, sample, enrolmentId, MAX_EXTRA_MINUTES)).toEqual({ ok: true, changed: true });
    expect((await findEnrolment(userId, "sample"))?.exam_extra_minutes).toBe(MAX_EXTRA_MINUTES);
    expect((await auditRows(enrolmentId)).map((r) => [r.action, detailOf(r)])).toEqual([
      ["enrolment.extraMinutes", { course: "sample", userId, from: 0, to: 5, examMinutes: 10 }],
      ["enrolment.extraMinutes", { course: "sample", userId, from: 5, to: MAX_EXTRA_MINUTES, examMinutes: 10 }],
    ]);
  });

  it("records attempts within 0–MAX_EXTRA_ATTEMPTS as a total, audited with the exam's own limit", async () => {
    const { userId, enrolmentId } = await learnerIn(A);
    for (const bad of [-1, MAX_EXTRA_ATTEMPTS + 1, 0.5])
      expect(await grantExtraAttempts(coordinatorA, sample, enrolmentId, bad)).toEqual({ ok: false, problem: "attemptsRange" });
    expect(await grantExtraAttempts(admin, sample, enrolmentId, 1)).toEqual({ ok: true, changed: true });
    expect(await grantExtraAttempts(admin, sample, enrolmentId, 1)).toEqual({ ok: true, changed: false });
    expect(await grantExtraAttempts(admin, sample, enrolmentId, 0)).toEqual({ ok: true, changed: true });
    expect((await findEnrolment(userId, "sample"))?.extra_attempts).toBe(0);
    expect((await auditRows(enrolmentId)).map(detailOf)).toEqual([
      { course: "sample", userId, from: 0, to: 1, examAttempts: 2 },
      { course: "sample", userId, from: 1, to: 0, examAttempts: 2 },
    ]);
  });

  it("refuses a grant a course's exam could not use, but always allows taking one away", async () => {
    const { enrolmentId } = await learnerIn(A, "blended"); // no exam at all
    expect(await grantExtraMinutes(coordinatorA, blended, enrolmentId, 10)).toEqual({ ok: false, problem: "noTimeLimit" });
    expect(await grantExtraAttempts(coordinatorA, blended, enrolmentId, 1)).toEqual({ ok: false, problem: "noAttemptLimit" });
    expect(await grantExtraMinutes(coordinatorA, blended, enrolmentId, 0)).toEqual({ ok: true, changed: false });
    expect(await grantExtraAttempts(coordinatorA, blended, enrolmentId, 0)).toEqual({ ok: true, changed: false });
  });
});

describe("withdrawing and reinstating", () => {
  it("keeps the enrolment as withdrawn with its progress, listed with that status, audited with the reason", async () => {
    const { userId, enrolmentId } = await learnerIn(A, "sample", { surname: "Гарсан" });
    await changeDueDate(coordinatorA, sample, enrolmentId, "2026-12-31", NOW);
    const at = new Date("2026-06-02T01:00:00.000Z");
    expect(await withdrawLearner(coordinatorA, sample, enrolmentId, "  Ажлаас чөлөөлөгдсөн  ", at)).toEqual({ ok: true, changed: true });
    expect(await withdrawLearner(coordinatorA, sample, enrolmentId, "", at)).toEqual({ ok: true, changed: false });
    expect(await findEnrolment(userId, "sample")).toMatchObject({ status: "withdrawn", withdrawn_at: at.toISOString() });
    const [, withdraw] = await auditRows(enrolmentId);
    expect(withdraw.action).toBe("enrolment.withdraw");
    expect(detailOf(withdraw)).toEqual({ course: "sample", userId, assignedBy: null, dueAt: "2026-12-31T15:59:59.000Z", reason: "Ажлаас чөлөөлөгдсөн" });
    const scope = (await enrolledScope(coordinatorA, "sample"))!;
    const listed = await listEnrolled(sample, scope, { status: "withdrawn", search: "гарсан" }, NOW);
    expect(listed.learners.map((l) => [l.id, l.status])).toEqual([[enrolmentId, "withdrawn"]]);
    expect(listed.counts?.withdrawn).toBeGreaterThanOrEqual(1);

    expect(await reinstateLearner(coordinatorA, sample, enrolmentId)).toEqual({ ok: true, changed: true });
    expect(await reinstateLearner(coordinatorA, sample, enrolmentId)).toEqual({ ok: true, changed: false });
    expect(await findEnrolment(userId, "sample")).toMatchObject({ status: "active", withdrawn_at: null, due_at: "2026-12-31T15:59:59.000Z" });
    expect((await auditRows(enrolmentId)).map((r) => r.action)).toEqual(["enrolment.due", "enrolment.withdraw", "enrolment.reinstate"]);
  });

  it("refuses to withdraw someone who completed the course, or with an over-long reason", async () => {
    const done = await learnerIn(A);
    await setEnrolmentCompleted(done.enrolmentId, NOW.toISOString());
    expect(await withdrawLearner(coordinatorA, sample, done.enrolmentId, "")).toEqual({ ok: false, problem: "completed" });
    const other = await learnerIn(A);
    expect(await withdrawLearner(coordinatorA, sample, other.enrolmentId, "x".repeat(501))).toEqual({ ok: false, problem: "reasonTooLong" });
    expect((await findEnrolment(other.userId, "sample"))?.status).toBe("active");
  });
});

describe("the audit row", () => {
  afterEach(async () => {
    if (database.engine === "postgres") await sql`drop trigger if exists refuse_audit on audit_log`.execute(db);
    else await sql`drop trigger if exists refuse_audit`.execute(db);
  });

  it("commits with the change or not at all: an audit insert that fails undoes the change", async () => {
    if (database.engine === "postgres") {
      await sql`create or replace function refuse_audit() returns trigger as $$ begin raise exception 'audit refused'; end $$ language plpgsql`.execute(db);
      await sql`create trigger refuse_audit before insert on audit_log for each row execute function refuse_audit()`.execute(db);
    } else {
      await sql`create trigger refuse_audit before insert on audit_log begin select raise(abort, 'audit refused'); end`.execute(db);
    }
    const { userId, enrolmentId } = await learnerIn(A);
    await expect(grantExtraAttempts(coordinatorA, sample, enrolmentId, 1)).rejects.toThrow(/audit refused/);
    await expect(grantExtraMinutes(coordinatorA, sample, enrolmentId, 15)).rejects.toThrow(/audit refused/);
    await expect(changeDueDate(coordinatorA, sample, enrolmentId, "2026-12-31", NOW)).rejects.toThrow(/audit refused/);
    await expect(withdrawLearner(coordinatorA, sample, enrolmentId, "")).rejects.toThrow(/audit refused/);
    expect(await findEnrolment(userId, "sample")).toMatchObject({ status: "active", due_at: null, extra_attempts: 0, exam_extra_minutes: 0 });
  });
});

describe("the list", () => {
  // an aimag of its own, so that other tests' learners are not on these pages
  const C = "MN-067"; // Bulgan

  it("pages by surname, given name and person with a cursor, covering everyone once", async () => {
    const made = [];
    for (let i = 0; i < ENROLLED_PER_PAGE + 7; i++) made.push(await learnerIn(C, "sample", { surname: `Ням${String(i % 9)}`, givenName: `Бат${i % 4}` }));
    const scope = { read: [C], change: [C] };
    const first = await listEnrolled(sample, scope, {}, NOW);
    expect(first.learners).toHaveLength(ENROLLED_PER_PAGE);
    expect(first.matching).toBe(ENROLLED_PER_PAGE + 7);
    expect(first.next).toBe(first.learners.at(-1)!.id);
    const second = await listEnrolled(sample, scope, { after: first.next! }, NOW);
    expect(second.learners).toHaveLength(7);
    expect(second.next).toBeNull();
    const all = [...first.learners, ...second.learners];
    expect(new Set(all.map((l) => l.id)).size).toBe(made.length);
    const key = (l: { surname: string; given_name: string; user_id: string }) => [l.surname, l.given_name, l.user_id] as const;
    const sorted = [...all].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
      return 0;
    });
    expect(all.map((l) => l.id)).toEqual(sorted.map((l) => l.id));

    // someone enrolled meanwhile, sorting before the cursor, does not shift the next page
    await learnerIn(C, "sample", { surname: "Ам" });
    expect((await listEnrolled(sample, scope, { after: first.next! }, NOW)).learners.map((l) => l.id)).toEqual(second.learners.map((l) => l.id));
    // a cursor the reader cannot see starts from the beginning
    const elsewhere = await learnerIn(A);
    expect((await listEnrolled(sample, scope, { after: elsewhere.enrolmentId }, NOW)).learners[0].surname).toBe("Ам");
  });

  it("filters by status and by part of a name or e-mail, and shows progress, due date and grants", async () => {
    const D = "MN-046"; // Uvs
    const scope = { read: [D], change: [D] };
    const late = await learnerIn(D, "sample", { surname: "Хоцорсон", givenName: "Сараа" });
    await db.updateTable("enrolment").set({ due_at: "2026-05-01T15:59:59.000Z" }).where("id", "=", late.enrolmentId).execute();
    const busy = await learnerIn(D, "sample", { surname: "Идэвхтэй", givenName: "Өлзий" });
    await db
      .insertInto("lesson_progress")
      .values({ user_id: busy.userId, course_slug: "sample", lesson_slug: "first", completed_at: NOW.toISOString() })
      .execute();
    await grantExtraAttempts(admin, sample, busy.enrolmentId, 2);
    await grantExtraMinutes(admin, sample, busy.enrolmentId, 5);

    const overdue = await listEnrolled(sample, scope, { status: "overdue" }, NOW);
    expect(overdue.learners.map((l) => l.id)).toEqual([late.enrolmentId]);
    expect(overdue.counts).toMatchObject({ overdue: 1, in_progress: 1 });
    const found = await listEnrolled(sample, scope, { search: "өлзий" }, NOW);
    expect(found.learners).toHaveLength(1);
    expect(found.learners[0]).toMatchObject({ id: busy.enrolmentId, status: "in_progress", extra_attempts: 2, exam_extra_minutes: 5, attemptLimit: 4 });
    expect(found.learners[0].lessons.done).toBe(1);
    expect(found.learners[0].percent).toBeGreaterThan(0);
    // LIKE's wildcards are taken literally
    expect((await listEnrolled(sample, scope, { search: "%" }, NOW)).learners).toEqual([]);
  });
});
