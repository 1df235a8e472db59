// Completing a course: the one service through which an enrolment becomes completed and its
// certificate is issued — after a lesson is marked done, after the exam is passed (inside the
// grading transaction), for an administrator's offline issue, and later after attendance is
// recorded. The enrolment, the certificate (serial included) and the audit row commit together or
// not at all, so no crash can leave a completed enrolment without its certificate (decision 014).
import type { Kysely } from "kysely";
import { writeTransaction } from "../../../db/connection";
import type { DB } from "../../../db/schema";
import { database } from "~/db.server";
import { certificateState, issueCertificate, latestCertificate, renewalDue, renewIfDue, type Certificate } from "~/features/certificates/certificates.server";
import type { CourseEntry } from "~/features/content/catalogue.server";
import { joinInTransaction } from "./enrolment.server";
import { attendanceSatisfied, completionRuleMet, examPassed } from "./progress.server";
import { findDoneLessons, lockEnrolment, markLessonDone, setEnrolmentCompleted } from "./repository.server";

export interface CompletionOutcome {
  /** The enrolment became completed now (and `certificate` is its certificate). */
  completed: boolean;
  /** A certificate due for renewal was renewed now (and `certificate` is the new one). */
  renewed: boolean;
  certificate: Certificate | null;
}

const NOTHING: CompletionOutcome = { completed: false, renewed: false, certificate: null };

/**
 * Inside the caller's write transaction: locks the enrolment, and when the completion rule is met
 * marks it completed and issues the certificate. When the course was completed before and
 * `examPassedAt` says the exam was just passed, renews a certificate that is due for renewal.
 * Safe to call any number of times: only the first call that finds the rule met completes.
 */
export async function completeIfDue(
  trx: Kysely<DB>,
  userId: string,
  course: CourseEntry,
  opts: { now?: Date; examPassedAt?: string } = {},
): Promise<CompletionOutcome> {
  const now = opts.now ?? new Date();
  const enrolment = await lockEnrolment(trx, userId, course.slug);
  if (enrolment?.status === "active" && !enrolment.completed_at) {
    const [done, passed, attended] = await Promise.all([
      findDoneLessons(userId, course.slug, trx),
      examPassed(userId, course, trx),
      attendanceSatisfied(userId, course, trx),
    ]);
    if (!completionRuleMet(course, new Set(done.map((d) => d.lesson_slug)), passed, attended)) return NOTHING;
    await setEnrolmentCompleted(enrolment.id, now.toISOString(), trx);
    const certificate = await issueCertificate(userId, course, { now, executor: trx });
    return { completed: true, renewed: false, certificate };
  }
  if (opts.examPassedAt) {
    const certificate = await renewIfDue(userId, course, opts.examPassedAt, now, trx);
    if (certificate) return { completed: false, renewed: true, certificate };
  }
  return NOTHING;
}

/**
 * A learner marks a lesson done: enrols them if they were not (or had left), records the lesson
 * and completes the course when that was the last step — one transaction.
 */
export async function recordLessonDone(userId: string, course: CourseEntry, lessonSlug: string, now = new Date()): Promise<CompletionOutcome> {
  return writeTransaction(database, async (trx) => {
    // Locked before the lesson is written: two lessons marked at once are counted one after the other.
    const enrolment = await lockEnrolment(trx, userId, course.slug);
    if (enrolment?.status !== "active") await joinInTransaction(trx, userId, course.slug, { actorId: userId });
    await markLessonDone(userId, course.slug, lessonSlug, trx);
    return completeIfDue(trx, userId, course, { now });
  });
}

/**
 * A learner enrols themselves, or comes back to a course they had left. Someone who had done every
 * step before leaving (the exam may even have been passed while they were away) completes now.
 */
export async function joinCourse(userId: string, course: CourseEntry, now = new Date()): Promise<CompletionOutcome> {
  return writeTransaction(database, async (trx) => {
    await joinInTransaction(trx, userId, course.slug, { actorId: userId });
    return completeIfDue(trx, userId, course, { now });
  });
}

export type OfflineIssueResult = { certificate: Certificate; renewed: boolean } | { problem: "alreadyCertified" };

/**
 * An administrator records a completion made outside Erdem: the enrolment (created when missing)
 * becomes completed and a certificate is issued, with the reason in the audit log. A learner who
 * holds a valid certificate gets none; one whose certificate is due for renewal gets a renewal.
 */
export async function issueOfflineCertificate(
  adminId: string,
  userId: string,
  course: CourseEntry,
  reason: string,
  now = new Date(),
): Promise<OfflineIssueResult> {
  try {
    return await writeTransaction(database, async (trx) => {
      // Reserve the enrolment first (a concurrent insert waits on its unique key), then lock it, and
      // only then look at the certificates: two administrators at once issue one certificate.
      const existing = await lockEnrolment(trx, userId, course.slug);
      if (existing?.status !== "active") await joinInTransaction(trx, userId, course.slug, { actorId: adminId, by: adminId });
      const enrolment = (await lockEnrolment(trx, userId, course.slug))!;
      const latest = await latestCertificate(userId, course.slug, trx);
      if (latest && certificateState(latest, now) === "valid") {
        if (!renewalDue(latest, now)) throw new AlreadyCertified();
        const certificate = await issueCertificate(userId, course, { issuedBy: adminId, offlineReason: reason, renewedFrom: latest.id, now, executor: trx });
        return { certificate, renewed: true };
      }
      await setEnrolmentCompleted(enrolment.id, now.toISOString(), trx);
      const certificate = await issueCertificate(userId, course, { issuedBy: adminId, offlineReason: reason, now, executor: trx });
      return { certificate, renewed: false };
    });
  } catch (error) {
    if (error instanceof AlreadyCertified) return { problem: "alreadyCertified" };
    throw error;
  }
}

/** Thrown to roll back an offline issue that found a valid certificate (and undo any enrolment it made). */
class AlreadyCertified extends Error {}
