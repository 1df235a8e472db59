// What must hold after every restart: each acknowledged write is in the database as it was
// acknowledged, and no enrolment (of any course) is completed without its certificate (nor the other
// way round); a stored attendance mark that meets the threshold has completed the course with it.
import type { Kysely } from "kysely";
import type { DB } from "../../db/schema";
import type { DrawnQuestion } from "~/features/quiz/grading";
import type { Entry, Fields } from "./learners";

export interface CheckContext {
  courseSlug: string;
  requiredLessons: string[];
  /**
   * The stored form (author's ids) of each answer a form sends to an attempt drawn as `drawn`, by
   * question id (the app's own form reading, with that attempt's keys).
   */
  expectedAnswers: (fields: Fields, drawn: DrawnQuestion[]) => Map<string, unknown>;
  /**
   * The blended course whose attendance the trainers mark, and the people whose online part of it
   * (every required lesson, the exam passed) was done before the load: one attended mark at their
   * event (one session, threshold 100 %) is the last step of the course.
   */
  attendance?: { courseSlug: string; ready: Set<string> };
}

export interface CheckResult {
  violations: string[];
  /** Learners who met the completion rule but whose enrolment was not marked completed (a crash between the two; not a violation). */
  readyNotCompleted: number;
  completions: number;
  /** Of those, completed by an attendance mark (a prepared attendee with an attended mark stored). */
  attendanceCompletions: number;
  certificates: number;
}

export async function checkDatabase(db: Kysely<DB>, ledger: Entry[], ctx: CheckContext): Promise<CheckResult> {
  const violations: string[] = [];
  const [lessons, attempts, answers, enrolments, certificates, marks, receipts] = await Promise.all([
    db.selectFrom("lesson_progress").select(["user_id", "lesson_slug"]).where("course_slug", "=", ctx.courseSlug).execute(),
    db.selectFrom("quiz_attempt").select(["id", "user_id", "status", "submitted_at", "passed", "questions"]).execute(),
    db.selectFrom("attempt_answer").select(["attempt_id", "question_id", "response"]).execute(),
    db.selectFrom("enrolment").select(["user_id", "course_slug", "completed_at"]).execute(),
    db.selectFrom("certificate").select(["user_id", "course_slug", "serial"]).execute(),
    db.selectFrom("attendance").select(["session_id", "user_id", "mark", "client_id"]).execute(),
    db.selectFrom("attendance_receipt").select(["client_id", "session_id", "user_id", "outcome"]).execute(),
  ]);
  const markOf = new Map(marks.map((m) => [`${m.session_id}/${m.user_id}`, m]));
  const receiptOf = new Map(receipts.map((r) => [r.client_id, r]));
  const done = new Set(lessons.map((l) => `${l.user_id}/${l.lesson_slug}`));
  const attemptById = new Map(attempts.map((a) => [a.id, a]));
  const answerOf = new Map(answers.map((a) => [`${a.attempt_id}/${a.question_id}`, a.response]));
  const enrolmentOf = new Map(enrolments.map((e) => [`${e.user_id}/${e.course_slug}`, e]));
  const certificatesOf = new Map<string, string[]>();
  for (const c of certificates) certificatesOf.set(`${c.user_id}/${c.course_slug}`, [...(certificatesOf.get(`${c.user_id}/${c.course_slug}`) ?? []), c.serial]);

  const completedWithCertificate = (userId: string, courseSlug = ctx.courseSlug) => {
    const key = `${userId}/${courseSlug}`;
    const problems: string[] = [];
    if (!enrolmentOf.get(key)?.completed_at) problems.push("enrolment not completed");
    if (!certificatesOf.get(key)?.length) problems.push("no certificate");
    return problems;
  };

  const acked = ledger.filter((e) => e.state === "acked");
  for (const { cycle, write } of acked) {
    const where = `cycle ${cycle}, user ${write.userId}`;
    switch (write.kind) {
      case "lesson":
        if (!done.has(`${write.userId}/${write.lesson}`)) violations.push(`${where}: acknowledged "lesson done" ${write.lesson} is missing`);
        if (write.completes)
          for (const p of completedWithCertificate(write.userId)) violations.push(`${where}: acknowledged completing lesson ${write.lesson}, but ${p}`);
        break;
      case "start": {
        const attempt = write.attemptId ? attemptById.get(write.attemptId) : undefined;
        if (!attempt || attempt.user_id !== write.userId) violations.push(`${where}: acknowledged exam start ${write.attemptId} has no attempt row`);
        break;
      }
      case "save":
        break; // checked per attempt below, against the saves that followed it
      case "submit": {
        const attempt = attemptById.get(write.attemptId);
        if (!attempt || attempt.status !== "graded" || !attempt.submitted_at)
          violations.push(`${where}: acknowledged submission of ${write.attemptId} is ${attempt ? `"${attempt.status}"` : "missing"}`);
        else if (attempt.passed !== 1) violations.push(`${where}: submission of ${write.attemptId} with right answers is not passed`);
        if (write.completes)
          for (const p of completedWithCertificate(write.userId)) violations.push(`${where}: acknowledged passing submission of ${write.attemptId}, but ${p}`);
        break;
      }
      case "mark": {
        const row = markOf.get(`${write.sessionId}/${write.userId}`);
        const receipt = receiptOf.get(write.clientId);
        if (!row) violations.push(`${where}: acknowledged mark ${write.clientId} (session ${write.sessionId}) has no attendance row`);
        else if (row.mark !== write.mark) violations.push(`${where}: acknowledged mark "${write.mark}" (${write.clientId}) is stored as "${row.mark}"`);
        if (!receipt) violations.push(`${where}: acknowledged mark ${write.clientId} has no receipt`);
        else if (receipt.session_id !== write.sessionId || receipt.user_id !== write.userId || receipt.outcome !== "applied")
          violations.push(`${where}: the receipt of acknowledged mark ${write.clientId} is ${JSON.stringify(receipt)}`);
        if (write.completes && ctx.attendance)
          for (const p of completedWithCertificate(write.userId, ctx.attendance.courseSlug))
            violations.push(`${where}: acknowledged completing mark ${write.clientId}, but ${p}`);
        break;
      }
    }
  }

  // Answers: each attempt's stored answer must be the one last acknowledged or one sent after it
  // (a save the server may have committed just before it died).
  const answerWrites = new Map<string, Entry[]>();
  for (const e of ledger) {
    if (e.write.kind === "save" || e.write.kind === "submit") answerWrites.set(e.write.attemptId, [...(answerWrites.get(e.write.attemptId) ?? []), e]);
  }
  for (const [attemptId, entries] of answerWrites) {
    const lastAcked = entries.findLastIndex((e) => e.state === "acked");
    if (lastAcked < 0) continue;
    const attempt = attemptById.get(attemptId);
    if (!attempt) continue; // reported above as a missing start
    const drawnQuestions = JSON.parse(attempt.questions) as DrawnQuestion[];
    const allowed = entries.slice(lastAcked).map((e) => ctx.expectedAnswers((e.write as { fields: Fields }).fields, drawnQuestions));
    const drawn = drawnQuestions.map((d) => d.id);
    for (const questionId of drawn) {
      const stored = answerOf.get(`${attemptId}/${questionId}`);
      const where = `cycle ${entries[lastAcked].cycle}, attempt ${attemptId}, question ${questionId}`;
      if (stored === undefined) violations.push(`${where}: acknowledged answer is missing`);
      else if (!allowed.some((a) => JSON.stringify(a.get(questionId)) === JSON.stringify(JSON.parse(stored)))) {
        violations.push(`${where}: stored answer ${stored} is not the acknowledged one (${JSON.stringify(allowed[0].get(questionId))})`);
      }
    }
  }

  // Attendance, acknowledged or not: a mark is stored only with everything its transaction did, so a
  // learner whose online part was done and who has an attended mark has completed the course.
  let attendanceCompletions = 0;
  if (ctx.attendance) {
    const attended = new Set(marks.filter((m) => m.mark === "present" || m.mark === "late").map((m) => m.user_id));
    for (const userId of ctx.attendance.ready) {
      if (!attended.has(userId)) continue;
      if (enrolmentOf.get(`${userId}/${ctx.attendance.courseSlug}`)?.completed_at) attendanceCompletions++;
      for (const p of completedWithCertificate(userId, ctx.attendance.courseSlug))
        violations.push(`attendance of ${userId} is stored and completes ${ctx.attendance.courseSlug}, but ${p}`);
    }
  }

  // The invariant over the whole database (every course), acknowledged or not.
  let completions = 0;
  for (const e of enrolments) {
    const serials = certificatesOf.get(`${e.user_id}/${e.course_slug}`) ?? [];
    if (e.completed_at) completions++;
    if (e.completed_at && serials.length === 0) violations.push(`enrolment of ${e.user_id} in ${e.course_slug} is completed without a certificate`);
    if (!e.completed_at && serials.length > 0)
      violations.push(`certificate ${serials.join(", ")} for ${e.user_id} in ${e.course_slug} without a completed enrolment`);
    if (serials.length > 1) violations.push(`${serials.length} certificates (${serials.join(", ")}) for one completion of ${e.user_id} in ${e.course_slug}`);
  }

  const passed = new Set(attempts.filter((a) => a.status === "graded" && a.passed === 1).map((a) => a.user_id));
  const readyNotCompleted = enrolments.filter(
    (e) => e.course_slug === ctx.courseSlug && !e.completed_at && passed.has(e.user_id) && ctx.requiredLessons.every((l) => done.has(`${e.user_id}/${l}`)),
  ).length;

  return { violations, readyNotCompleted, completions, attendanceCompletions, certificates: certificates.length };
}
