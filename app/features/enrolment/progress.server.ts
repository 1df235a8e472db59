// Progress and the completion rule: every required lesson done, the final exam passed, and — for
// courses with an in-person session — attendance at a training event that meets its threshold. Reading only: completing a course is
// a use case of its own (./completion.server.ts).
import type { Kysely } from "kysely";
import type { DB } from "../../../db/schema";
import { db } from "~/db.server";
import type { CourseEntry } from "~/features/content/catalogue.server";
import { attendanceByEventForCourse } from "~/features/events/repository.server";
import { meetsThreshold } from "~/features/events/rules";
import { findDoneLessons, findEnrolmentWithStatus, hasPassedExam } from "./repository.server";
import type { LearnerStatus } from "./statuses";

/**
 * The course's in-person requirement: met when the learner's attendance at one event linked to
 * the course (and on whose lists they are) reaches that event's threshold. Courses without the
 * requirement always meet it. Recording attendance calls `completeIfDue` in its transaction.
 */
export async function attendanceSatisfied(userId: string, course: CourseEntry, executor: Kysely<DB> = db): Promise<boolean> {
  if (!course.meta.inPersonRequired) return true;
  const rows = await attendanceByEventForCourse(userId, course.slug, executor);
  return rows.some((r) => meetsThreshold(Number(r.attended), Number(r.sessions), r.threshold_percent));
}

/** The course's exam passed; true for a course without an exam (nothing to pass). */
export async function examPassed(userId: string, course: CourseEntry, executor: Kysely<DB> = db): Promise<boolean> {
  if (!course.meta.exam) return true;
  return hasPassedExam(userId, course.slug, executor);
}

export function requiredLessons(course: CourseEntry) {
  return course.lessons.filter((l) => Object.values(l.front).every((f) => (f?.required ?? true) && !f?.draft));
}

/** The completion rule itself, on what has been read. */
export function completionRuleMet(course: CourseEntry, done: Set<string>, passed: boolean, attended: boolean): boolean {
  return requiredLessons(course).every((l) => done.has(l.slug)) && passed && attended;
}

/**
 * Lessons count for most of the bar; the exam and attendance complete it. Below 100 until the
 * enrolment is marked completed (the caller shows 100 then).
 */
export function progressOf(course: CourseEntry, done: Set<string>, examPassed: boolean, attended: boolean) {
  const required = requiredLessons(course);
  const requiredDone = required.filter((l) => done.has(l.slug)).length;
  const steps = required.length + (course.meta.exam ? 1 : 0) + (course.meta.inPersonRequired ? 1 : 0);
  const stepsDone = requiredDone + (course.meta.exam && examPassed ? 1 : 0) + (course.meta.inPersonRequired && attended ? 1 : 0);
  return { requiredDone, requiredTotal: required.length, percent: steps === 0 ? 0 : Math.min(99, Math.floor((stepsDone / steps) * 100)) };
}

export async function courseProgress(userId: string, course: CourseEntry, now = new Date()) {
  const [enrolment, done, passed, attended] = await Promise.all([
    findEnrolmentWithStatus(userId, course.slug, now),
    findDoneLessons(userId, course.slug),
    examPassed(userId, course),
    attendanceSatisfied(userId, course),
  ]);
  const doneSet = new Set(done.map((d) => d.lesson_slug));
  const required = requiredLessons(course);
  const { requiredDone, percent } = progressOf(course, doneSet, passed, attended);
  const next = course.lessons.find((l) => !doneSet.has(l.slug) && !Object.values(l.front).some((f) => f?.draft));
  const active = enrolment?.status === "active" ? enrolment : null;
  const completed = Boolean(active?.completed_at);
  // the status comes from the database: the same expression the reports count and filter on
  const status: LearnerStatus = enrolment?.learner_status ?? "not_started";
  return {
    enrolment: active,
    done: doneSet,
    requiredTotal: required.length,
    requiredDone,
    examPassed: passed,
    attendanceRequired: course.meta.inPersonRequired,
    attendanceDone: attended,
    percent: completed ? 100 : Math.min(percent, 99),
    nextLesson: next?.slug ?? null,
    status,
    completedAt: active?.completed_at ?? null,
  };
}
