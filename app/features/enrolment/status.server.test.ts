// The learner's status has one rule. "My learning" (courseProgress) and the reports' learner list
// (listLearners, the summary counts) must give the same answer for every kind of enrolment; this walks
// the whole table of cases on the real database (SQLite, or PostgreSQL with TEST_DATABASE=postgres).
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { createUser } from "../../../db/factories";
import { db } from "~/db.server";
import type { CourseEntry } from "~/features/content/catalogue.server";
import { getCatalogue } from "~/features/content/content.server";
import { countLearnersBySearch, listLearners, placeMeasures, statusCounts } from "~/features/reports/repository.server";
import { courseProgress } from "./progress.server";
import { enrol, findEnrolment, markLessonDone, setEnrolmentCompleted, setEnrolmentWithdrawn } from "./repository.server";
import type { LearnerStatus } from "./statuses";

const sample = getCatalogue().courses.find((c) => c.slug === "sample")!;
const noExam: CourseEntry = { ...sample, slug: "sample-no-exam", meta: { ...sample.meta, exam: undefined } };
const NOW = new Date("2026-06-01T00:00:00.000Z");
const DUE = { none: null, future: "2026-12-31T15:59:59.000Z", past: "2026-05-01T15:59:59.000Z" } as const;

interface Case {
  course: CourseEntry;
  due: keyof typeof DUE;
  lessons: 0 | 1 | 3;
  examPassed: boolean;
  completed: boolean;
  withdrawn: boolean;
}

/** The rule as the glossary states it, written out independently of the code under test. */
function expected(c: Case): LearnerStatus {
  if (c.completed) return "completed";
  if (c.withdrawn) return "withdrawn";
  if (c.due === "past") return "overdue";
  if (c.lessons > 0 || c.examPassed) return "in_progress";
  return "not_started";
}

function cases(): Case[] {
  const all: Case[] = [];
  for (const course of [sample, noExam])
    for (const due of ["none", "future", "past"] as const)
      for (const lessons of [0, 1, 3] as const)
        for (const examPassed of course.meta.exam ? [false, true] : [false])
          for (const completed of [false, true]) for (const withdrawn of [false, true]) all.push({ course, due, lessons, examPassed, completed, withdrawn });
  return all;
}

async function arrange(c: Case) {
  const u = await createUser(db, { aimagCode: "MN-073" });
  await enrol(u.id, c.course.slug, { by: u.id, dueAt: DUE[c.due] });
  for (const lesson of ["first", "second", "only-mongolian"].slice(0, c.lessons)) await markLessonDone(u.id, c.course.slug, lesson);
  if (c.examPassed) {
    const at = "2026-05-20T00:00:00.000Z";
    await db
      .insertInto("quiz_attempt")
      .values({
        id: crypto.randomUUID(),
        user_id: u.id,
        course_slug: c.course.slug,
        quiz_slug: c.course.meta.exam!,
        kind: "exam",
        attempt_no: 1,
        status: "graded",
        language: "mn",
        questions: "[]",
        started_at: at,
        deadline_at: null,
        submitted_at: at,
        graded_at: at,
        auto_submitted: 0,
        score: 9,
        max_score: 10,
        percent: 90,
        passed: 1,
        grades: "[]",
      })
      .execute();
  }
  const e = (await findEnrolment(u.id, c.course.slug))!;
  if (c.withdrawn) await setEnrolmentWithdrawn(e.id, "2026-05-25T00:00:00.000Z");
  if (c.completed) await setEnrolmentCompleted(e.id, "2026-05-26T00:00:00.000Z");
  return u.id;
}

describe("a learner's status", () => {
  it("is the same on My learning and in the reports for every kind of enrolment", async () => {
    const table = cases();
    const ids = [];
    for (const c of table) ids.push(await arrange(c));
    const reported = new Map<string, LearnerStatus>();
    for (const course of [sample, noExam]) {
      const { rows } = await listLearners({ aimags: ["MN-073"], courseSlug: course.slug, now: NOW }, { limit: 1000 });
      for (const r of rows) reported.set(`${r.userId}/${course.slug}`, r.status);
    }
    const mismatches = [];
    for (const [i, c] of table.entries()) {
      const mine = (await courseProgress(ids[i], c.course, NOW)).status;
      const theirs = reported.get(`${ids[i]}/${c.course.slug}`);
      const want = expected(c);
      if (mine !== want || theirs !== want) mismatches.push({ ...c, course: c.course.slug, want, myLearning: mine, reports: theirs });
    }
    expect(mismatches).toEqual([]);
    // and the counts the dashboards and the status chips show (from the summary the triggers keep,
    // or, with a name search, row by row) are the same rule again
    for (const course of [sample, noExam]) {
      const want = table.filter((c) => c.course === course).reduce<Record<string, number>>((n, c) => ({ ...n, [expected(c)]: (n[expected(c)] ?? 0) + 1 }), {});
      const measures = (await placeMeasures({ aimags: ["MN-073"], courseSlug: course.slug }, "aimag", NOW)).get("MN-073")!;
      const fromSummary = statusCounts(measures);
      expect(Object.fromEntries(Object.entries(fromSummary).filter(([, n]) => n > 0))).toEqual(want);
      const bySearch = (await countLearnersBySearch({ aimags: ["MN-073"], courseSlug: course.slug, search: "дорж", now: NOW }))!;
      expect(Object.fromEntries(Object.entries(bySearch).filter(([, n]) => n > 0))).toEqual(want);
    }
  });
});
