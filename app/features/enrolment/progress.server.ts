// Progress and the completion rule: every required lesson done, the final exam passed, and — for
// courses with an in-person session — attendance recorded.
import { db } from "~/db.server";
import { issueCertificate } from "~/features/certificates/certificates.server";
import type { CourseEntry } from "~/features/content/catalogue.server";
import { findDoneLessons, findEnrolment, setEnrolmentCompleted } from "./repository.server";

export type LearningStatus = "not_started" | "in_progress" | "completed" | "overdue";

/**
 * Attendance at the course's in-person session. Training events (roll call) will record it;
 * until they exist no attendance can be recorded, so such courses cannot yet be completed.
 */
export async function attendanceSatisfied(_userId: string, course: CourseEntry): Promise<boolean> {
  return !course.meta.inPersonRequired;
}

export async function examPassed(userId: string, course: CourseEntry): Promise<boolean> {
  if (!course.meta.exam) return true;
  const passed = await db
    .selectFrom("quiz_attempt")
    .select("id")
    .where("user_id", "=", userId)
    .where("course_slug", "=", course.slug)
    .where("quiz_slug", "=", course.meta.exam)
    .where("status", "=", "graded")
    .where("passed", "=", 1)
    .executeTakeFirst();
  return Boolean(passed);
}

export function requiredLessons(course: CourseEntry) {
  return course.lessons.filter((l) => Object.values(l.front).every((f) => (f?.required ?? true) && !f?.draft));
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
    findEnrolment(userId, course.slug),
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
  const status: LearningStatus = completed
    ? "completed"
    : active?.due_at && new Date(active.due_at) < now
      ? "overdue"
      : doneSet.size === 0 && !passed
        ? "not_started"
        : "in_progress";
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

/** Marks the enrolment completed when the rule is met; returns true the first time it is. */
export async function checkCompletion(userId: string, course: CourseEntry, now = new Date()): Promise<boolean> {
  const p = await courseProgress(userId, course, now);
  if (!p.enrolment || p.enrolment.completed_at) return false;
  if (p.requiredDone < p.requiredTotal || !p.examPassed || !p.attendanceDone) return false;
  const first = await setEnrolmentCompleted(p.enrolment.id, now.toISOString());
  // The conditional update above lets exactly one caller through, so one certificate is issued.
  if (first) await issueCertificate(userId, course, { now });
  return first;
}
