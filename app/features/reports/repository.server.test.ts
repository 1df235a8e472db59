// Every dashboard measure against a small world whose numbers are worked out by hand below, on
// the real database (SQLite, or PostgreSQL with TEST_DATABASE=postgres).
import { describe, expect, it } from "vitest";
import { createUser } from "../../../db/factories";
import { db } from "~/db.server";
import { enrol, markLessonDone, setEnrolmentCompleted, setEnrolmentWithdrawn } from "~/features/enrolment/repository.server";
import {
  countLearners,
  countLearnersBySearch,
  courseFunnel,
  type LearnerCursor,
  listLearners,
  monthStart,
  placeMeasures,
  searchTuning,
  statusCounts,
  weeklyActivity,
} from "./repository.server";

const NOW = new Date("2026-06-15T04:00:00.000Z");
const DAY = 86_400_000;
const A = "MN-063"; // the aimag of the hand-made world
const B = "MN-065"; // a second aimag, to see that places stay apart
const COURSE = "hand-course";
const OTHER = "hand-other";

async function sumsOf(aimag: string) {
  return (await db.selectFrom("sum").select("id").where("aimag_code", "=", aimag).orderBy("sort_order").execute()).map((s) => s.id);
}

async function enrolment(userId: string, course: string) {
  return db.selectFrom("enrolment").select("id").where("user_id", "=", userId).where("course_slug", "=", course).executeTakeFirstOrThrow();
}

async function setEnrolledAt(userId: string, course: string, at: string) {
  await db.updateTable("enrolment").set({ enrolled_at: at }).where("user_id", "=", userId).where("course_slug", "=", course).execute();
}

async function examAttempt(userId: string, course: string, no: number, percent: number) {
  const at = new Date(NOW.getTime() - 2 * DAY).toISOString();
  await db
    .insertInto("quiz_attempt")
    .values({
      id: crypto.randomUUID(),
      user_id: userId,
      course_slug: course,
      quiz_slug: "final",
      kind: "exam",
      attempt_no: no,
      status: "graded",
      language: "mn",
      questions: "[]",
      started_at: at,
      submitted_at: at,
      graded_at: at,
      auto_submitted: 0,
      score: percent,
      max_score: 100,
      percent,
      passed: percent >= 70 ? 1 : 0,
    })
    .execute();
}

let serial = 0;
async function certificate(userId: string, course: string, expiresAt: string | null, revoked = false) {
  serial += 1;
  await db
    .insertInto("certificate")
    .values({
      id: crypto.randomUUID(),
      serial: `HAND-${serial}`,
      code: `hand-${serial}-${crypto.randomUUID()}`,
      status_index: 800_000 + serial,
      user_id: userId,
      course_slug: course,
      course_version: "1",
      course_title_mn: "Сургалт",
      course_title_en: "Course",
      hours: 1,
      learner_name: "Нэр",
      learner_surname: "Овог",
      aimag_code: A,
      aimag_mn: "",
      aimag_en: "",
      organisation_mn: "",
      organisation_en: "",
      issued_at: new Date(NOW.getTime() - 10 * DAY + serial).toISOString(),
      expires_at: expiresAt,
      issued_by: null,
      offline_reason: null,
      renewed_from: null,
      revoked_at: revoked ? NOW.toISOString() : null,
      revoked_reason: revoked ? "алдаа" : null,
      revoked_by: null,
    })
    .execute();
}

/**
 * Aimag A, first sum (s1): six learners in COURSE, one more who never enrolled.
 *   p1 completed, exam 80 then 90 (best 90, passed), certificate valid for 200 days
 *   p2 completed, exam 75, certificate expired 5 days ago
 *   p3 overdue (due 3 days ago), one lesson done, exam 40
 *   p4 overdue, nothing done
 *   p5 in progress (due in 30 days), two lessons done, certificate expiring in 20 days (a renewal)
 *   p6 withdrawn after one lesson
 *   p7 registered, not enrolled, never active
 * Second sum (s2): nobody. Aimag B: one learner, not started, in OTHER.
 * p1–p5 were active in the last 30 days (lessons or attempts); p6's lesson was 40 days ago.
 */
async function world() {
  const [s1, s2] = await sumsOf(A);
  const [b1] = await sumsOf(B);
  const p = await Promise.all(
    ["Ану", "Бат", "Ганаа", "Дорж", "Өлзий", "Үүрээ", "Цэцэг"].map((given) => createUser(db, { aimagCode: A, sumId: s1, surname: "Тест", givenName: given })),
  );
  const q = await createUser(db, { aimagCode: B, sumId: b1 });
  const due = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();
  for (const [i, dueAt] of [null, null, due(-3), due(-3), due(30), null].entries()) await enrol(p[i].id, COURSE, { by: p[i].id, dueAt });
  await enrol(q.id, OTHER);
  // enrolled in March (p1–p3) and in May (p4–p6), Ulaanbaatar time; B's in May
  for (const i of [0, 1, 2]) await setEnrolledAt(p[i].id, COURSE, "2026-03-10T02:00:00.000Z");
  for (const i of [3, 4, 5]) await setEnrolledAt(p[i].id, COURSE, "2026-05-20T02:00:00.000Z");
  await setEnrolledAt(q.id, OTHER, "2026-05-02T02:00:00.000Z");
  const recent = new Date(NOW.getTime() - 3 * DAY).toISOString();
  const lesson = async (i: number, slug: string, at = recent) => {
    await markLessonDone(p[i].id, COURSE, slug);
    await db.updateTable("lesson_progress").set({ completed_at: at }).where("user_id", "=", p[i].id).where("lesson_slug", "=", slug).execute();
  };
  await examAttempt(p[0].id, COURSE, 1, 80);
  await examAttempt(p[0].id, COURSE, 2, 90);
  await examAttempt(p[1].id, COURSE, 1, 75);
  await examAttempt(p[2].id, COURSE, 1, 40);
  await lesson(2, "l1");
  await lesson(4, "l1");
  await lesson(4, "l2");
  await lesson(3, "l9"); // p4 does a lesson…
  await db.deleteFrom("lesson_progress").where("user_id", "=", p[3].id).execute(); // …and it is undone: active, not started
  await markLessonDone(p[5].id, COURSE, "l1");
  // p6's activity was 40 days ago
  await db
    .updateTable("users")
    .set({ last_active_at: new Date(NOW.getTime() - 40 * DAY).toISOString() })
    .where("id", "=", p[5].id)
    .execute();
  await setEnrolmentWithdrawn((await enrolment(p[5].id, COURSE)).id, recent);
  await setEnrolmentCompleted((await enrolment(p[0].id, COURSE)).id, "2026-06-01T03:00:00.000Z");
  await setEnrolmentCompleted((await enrolment(p[1].id, COURSE)).id, "2026-06-02T03:00:00.000Z");
  await certificate(p[0].id, COURSE, new Date(NOW.getTime() + 200 * DAY).toISOString());
  await certificate(p[1].id, COURSE, new Date(NOW.getTime() - 5 * DAY).toISOString());
  await certificate(p[4].id, COURSE, new Date(NOW.getTime() - 300 * DAY).toISOString()); // an old one…
  await certificate(p[4].id, COURSE, new Date(NOW.getTime() + 20 * DAY).toISOString()); // …renewed: the newest counts
  await certificate(p[2].id, COURSE, null, true); // revoked: counts for nothing
  // the triggers keep the last activity from the rows above; p1..p5 did something 2–3 days ago
  return { p, q, s1, s2 };
}

describe("report measures, worked out by hand", async () => {
  const { p, s1, s2 } = await world();

  it("per aimag, per sum and per organisation", async () => {
    const byAimag = await placeMeasures({ aimags: "all" }, "aimag", NOW);
    const a = byAimag.get(A)!;
    expect(a).toMatchObject({
      learners: 7,
      active: 5, // p1–p3 (attempts), p4 (a lesson, undone later: it happened all the same) and p5; not p6 (40 days ago) or p7
      enrolled: 6,
      started: 5, // p1, p2 (completed), p3, p5, p6 (withdrawn after a lesson)
      completed: 2,
      withdrawn: 1,
      ongoing: 3,
      ongoingStarted: 2,
      overdue: 2,
      overdueStarted: 1,
      examTakers: 3,
      examPassed: 2,
      examBestSum: 90 + 75 + 40,
      certified: 3, // p1, p2 (expired) and p5; p3's was revoked
      certificatesExpired: 1,
      certificatesExpiring: 1,
    });
    expect(statusCounts(a)).toEqual({ completed: 2, withdrawn: 1, overdue: 2, in_progress: 1, not_started: 0 });
    const bySum = await placeMeasures({ aimags: [A], aimagCode: A }, "sum", NOW);
    expect(bySum.get(s1)).toMatchObject({ enrolled: 6, learners: 7 });
    expect(bySum.has(s2)).toBe(false); // nobody there: the page lists it with zeros
    const byOrg = await placeMeasures({ aimags: [A], aimagCode: A }, "organisation", NOW);
    expect(byOrg.get(p[0].organisationId)).toMatchObject({ enrolled: 6 });
    expect(byAimag.get(B)).toMatchObject({ learners: 1, enrolled: 1, started: 0, completed: 0 });
  });

  it("splits what depends on today at the month and day it falls in", async () => {
    // NOW is 2026-06-15T04:00Z: the 30 days start 2026-05-16T04:00Z, in the middle of a UTC day
    const C = "MN-067";
    const people = await Promise.all([0, 1, 2, 3].map(() => createUser(db, { aimagCode: C })));
    // due last month, this month before now, this month after now, next month
    const due = ["2026-05-31T15:59:59.000Z", "2026-06-15T03:59:00.000Z", "2026-06-15T04:01:00.000Z", "2026-07-01T00:00:00.000Z"];
    for (const [i, u] of people.entries()) await enrol(u.id, COURSE, { by: u.id, dueAt: due[i] });
    await markLessonDone(people[1].id, COURSE, "l1");
    // last active: the cut-off day before and after the cut-off, the day after, never
    const at = ["2026-05-16T03:00:00.000Z", "2026-05-16T05:00:00.000Z", "2026-05-17T00:00:00.000Z", null];
    for (const [i, u] of people.entries()) await db.updateTable("users").set({ last_active_at: at[i] }).where("id", "=", u.id).execute();
    const c = (await placeMeasures({ aimags: "all" }, "aimag", NOW)).get(C)!;
    expect(c).toMatchObject({ learners: 4, active: 2, enrolled: 4, overdue: 2, overdueStarted: 1 });
    const only = (await placeMeasures({ aimags: "all" }, "aimag", NOW, { only: "statuses" })).get(C)!;
    expect(only).toMatchObject({ overdue: 2, overdueStarted: 1, learners: 0, active: 0 });
  });

  it("narrow to a course and to enrolment months", async () => {
    const march = (await placeMeasures({ aimags: "all", from: "2026-03", to: "2026-03" }, "aimag", NOW)).get(A)!;
    expect(march).toMatchObject({ enrolled: 3, completed: 2, overdue: 1, certified: 3 - 1, certificatesExpired: 1, learners: 7 });
    const may = (await placeMeasures({ aimags: "all", from: "2026-05", to: "2026-05", courseSlug: OTHER }, "aimag", NOW)).get(B)!;
    expect(may).toMatchObject({ enrolled: 1 });
    expect((await placeMeasures({ aimags: "all", from: "2026-05", to: "2026-05", courseSlug: COURSE }, "aimag", NOW)).get(B)?.enrolled ?? 0).toBe(0);
    // a coordinator's scope leaves other aimags out entirely
    expect([...(await placeMeasures({ aimags: [B] }, "aimag", NOW)).keys()]).toEqual([B]);
  });

  it("month bounds are Ulaanbaatar's", () => {
    expect(monthStart("2027-03")).toBe("2027-02-28T16:00:00.000Z");
    expect(monthStart("2026-01")).toBe("2025-12-31T16:00:00.000Z");
  });

  it("counts enrolments and completions per day", async () => {
    const days = await weeklyActivity({ aimags: [A], courseSlug: COURSE }, "2026-03-01", "2026-06-30");
    const get = (d: string) => days.find((x) => x.day === d) ?? { enrolled: 0, completed: 0 };
    expect(get("2026-03-10")).toMatchObject({ enrolled: 3 });
    expect(get("2026-05-20")).toMatchObject({ enrolled: 3 });
    expect(get("2026-06-01")).toMatchObject({ completed: 1 });
    expect(get("2026-06-02")).toMatchObject({ completed: 1 });
    expect(days.reduce((n, d) => n + d.enrolled, 0)).toBe(6);
  });

  it("gives a course's funnel", async () => {
    const [row] = await courseFunnel({ aimags: [A], courseSlug: COURSE }, "aimag", 2);
    // started: p1, p2 (completed), p3, p5, p6; lessons done (2 required): p1, p2 (completed), p5;
    // exam passed: p1, p2; certified: p1, p2, p5
    expect(row).toEqual({ key: A, enrolled: 6, started: 5, lessonsDone: 3, examPassed: 2, certified: 3 });
  });

  it("pages the learner list by keyset, forwards and back, in name order", async () => {
    const all: string[] = [];
    let after: LearnerCursor | undefined;
    for (;;) {
      const page = await listLearners({ aimags: [A], now: NOW }, { limit: 4, after });
      all.push(...page.rows.map((r) => r.givenName));
      if (!page.more) break;
      after = page.rows.at(-1);
    }
    // every enrolment once, in the database's order of names (its collation decides where Ө and Ү go)
    expect([...all].sort()).toEqual(["Ану", "Бат", "Ганаа", "Дорж", "Өлзий", "Үүрээ"].sort());
    const whole = await listLearners({ aimags: [A], now: NOW }, { limit: 100 });
    expect(whole.rows.map((r) => r.givenName)).toEqual(all);
    expect(whole.more).toBe(false);
    // told that few match, the list sorts them instead of walking names: the same pages, both ways
    const sorted: string[] = [];
    let from: LearnerCursor | undefined;
    for (;;) {
      const page = await listLearners({ aimags: [A], now: NOW }, { limit: 4, after: from, matching: 6 });
      sorted.push(...page.rows.map((r) => r.givenName));
      if (!page.more) break;
      from = page.rows.at(-1);
    }
    expect(sorted).toEqual(all);
    const lastFew = await listLearners({ aimags: [A], now: NOW }, { limit: 4, matching: 6 });
    expect((await listLearners({ aimags: [A], now: NOW }, { limit: 2, before: lastFew.rows[3], matching: 6 })).rows.map((r) => r.givenName)).toEqual(
      all.slice(1, 3),
    );
    const last = await listLearners({ aimags: [A], now: NOW }, { limit: 4, after: undefined });
    const back = await listLearners({ aimags: [A], now: NOW }, { limit: 2, before: last.rows[3] });
    expect(back.rows.map((r) => r.givenName)).toEqual(all.slice(1, 3));
    expect(back.more).toBe(true);
    const overdue = await listLearners({ aimags: [A], status: "overdue", now: NOW }, { limit: 10 });
    expect(overdue.rows.map((r) => r.userId).sort()).toEqual([p[2].id, p[3].id].sort());
    const expiring = await listLearners({ aimags: [A], certificate: "expiring", now: NOW }, { limit: 10 });
    expect(expiring.rows.map((r) => r.userId)).toEqual([p[4].id]);
    const valid = await listLearners({ aimags: [A], certificate: "valid", now: NOW }, { limit: 10 });
    expect(valid.rows.map((r) => r.userId).sort()).toEqual([p[0].id, p[4].id].sort());
    // counted as the dashboards count them, the same people the list shows
    const expired = await listLearners({ aimags: [A], certificate: "expired", now: NOW }, { limit: 10 });
    expect(expired.rows.map((r) => r.userId)).toEqual([p[1].id]);
    for (const [certificate, rows] of [
      ["valid", valid],
      ["expiring", expiring],
      ["expired", expired],
    ] as const)
      expect(await countLearners({ aimags: [A], certificate, now: NOW }), certificate).toBe(rows.rows.length);
    const found = await listLearners({ aimags: [A], search: "өлз", now: NOW }, { limit: 10 });
    expect(found.rows.map((r) => r.userId)).toEqual([p[4].id]);
    expect(found.rows[0]).toMatchObject({ examBest: null, lessonsDone: ["l1", "l2"].sort(), status: "in_progress" });
  });

  it("finds the same people when a search is broad (names walked in order, not counted)", async () => {
    const narrow = await listLearners({ aimags: [A], search: "өлз", now: NOW }, { limit: 10 });
    const counted = await countLearnersBySearch({ aimags: [A], search: "өлз", now: NOW });
    expect(counted).not.toBeNull();
    const saved = searchTuning.broadSearch;
    searchTuning.broadSearch = 1;
    try {
      const broad = await listLearners({ aimags: [A], search: "өлз", now: NOW }, { limit: 10 });
      expect(broad.rows.map((r) => r.enrolmentId)).toEqual(narrow.rows.map((r) => r.enrolmentId));
      expect(await countLearnersBySearch({ aimags: [A], search: "өлз", now: NOW })).toBeNull();
      // paged a row at a time, the broad path gives the rows of the sorted one, in the same order
      const all: string[] = [];
      let after: LearnerCursor | undefined;
      for (let i = 0; i < 20; i++) {
        const page = await listLearners({ aimags: [A], search: "ө", now: NOW }, { limit: 1, after });
        all.push(...page.rows.map((r) => r.enrolmentId));
        if (!page.more) break;
        after = page.rows.at(-1);
      }
      searchTuning.broadSearch = saved;
      const exact = await listLearners({ aimags: [A], search: "ө", now: NOW }, { limit: 100 });
      expect(all).toEqual(exact.rows.map((r) => r.enrolmentId));
      expect(all.length).toBeGreaterThan(0);
    } finally {
      searchTuning.broadSearch = saved;
    }
  });
});
