// The learner's road to a certificate: what is still missing in a course (by the completion rule
// of ./progress.server.ts), and where the certificate stands once earned (by the rules of
// features/certificates). My learning, the course page and home all read it here.
import { type Certificate, type CertificateState, certificateState, renewalDue, renewalOpensAt } from "~/features/certificates/certificates.server";
import type { CourseEntry } from "~/features/content/catalogue.server";
import type { Language } from "~/i18n/config";
import { formatDateLong } from "~/i18n/format";
import type { courseProgress } from "./progress.server";

type Progress = Awaited<ReturnType<typeof courseProgress>>;

/** One step the completion rule still waits for, in the order a learner takes them. */
export type MissingStep = { step: "lessons"; done: number; total: number; left: number } | { step: "exam"; quiz: string } | { step: "attendance" };

/**
 * What still stands between the learner and the certificate: required lessons left, the final
 * exam not passed, the in-person attendance not recorded (only for courses that require each).
 * Nothing once the enrolment is completed — the certificate's own standing takes over then.
 */
export function stillMissing(
  course: CourseEntry,
  progress: Pick<Progress, "completedAt" | "requiredDone" | "requiredTotal" | "examPassed" | "attendanceRequired" | "attendanceDone">,
): MissingStep[] {
  if (progress.completedAt) return [];
  const missing: MissingStep[] = [];
  if (progress.requiredDone < progress.requiredTotal)
    missing.push({ step: "lessons", done: progress.requiredDone, total: progress.requiredTotal, left: progress.requiredTotal - progress.requiredDone });
  if (course.meta.exam && !progress.examPassed) missing.push({ step: "exam", quiz: course.meta.exam });
  if (progress.attendanceRequired && !progress.attendanceDone) missing.push({ step: "attendance" });
  return missing;
}

/** A certificate as the learner's pages show it: dates in the reader's language, the state at `now`. */
export interface CertificateStanding {
  id: string;
  code: string;
  state: CertificateState;
  issuedOn: string;
  /** The last day it is valid, or the day it expired; null when it does not expire. */
  expiresOn: string | null;
  /** "now": renewable now (the window is open, or it has expired); "later": from `renewalFrom`; "never": does not expire or is revoked. */
  renewal: "now" | "later" | "never";
  renewalFrom: string | null;
  /** The exam that renews it, when the course has one. */
  renewalExam: string | null;
}

export function certificateStanding(cert: Certificate, course: CourseEntry | undefined, lng: Language, now = new Date()): CertificateStanding {
  const state = certificateState(cert, now);
  const opens = renewalOpensAt(cert);
  return {
    id: cert.id,
    code: cert.code,
    state,
    issuedOn: formatDateLong(cert.issued_at, lng),
    expiresOn: cert.expires_at ? formatDateLong(cert.expires_at, lng) : null,
    renewal: state === "revoked" || !opens ? "never" : renewalDue(cert, now) ? "now" : "later",
    renewalFrom: opens && state !== "revoked" ? formatDateLong(opens, lng) : null,
    renewalExam: course?.meta.exam ?? null,
  };
}
