// Joining and leaving a course. The enrolment row is never deleted: leaving marks it withdrawn,
// so that a coordinator still sees who left a course they assigned, and both are audited in the
// transaction that makes the change.
import type { Kysely } from "kysely";
import { writeTransaction } from "../../../db/connection";
import type { DB } from "../../../db/schema";
import { database } from "~/db.server";
import { recordAudit } from "~/features/audit/audit.server";
import { getCatalogue } from "~/features/content/content.server";
import { enrol, lockEnrolment, setEnrolmentWithdrawn, type EnrolResult } from "./repository.server";

/**
 * Enrols inside the caller's transaction; coming back to a course one had left is audited (the
 * coordinator who saw the withdrawal sees the return). `by` makes it an assignment.
 */
export async function joinInTransaction(
  trx: Kysely<DB>,
  userId: string,
  courseSlug: string,
  opts: { actorId: string; by?: string; dueAt?: string | null },
): Promise<EnrolResult> {
  const version = getCatalogue().courses.find((c) => c.slug === courseSlug)?.meta.version ?? null;
  const result = await enrol(userId, courseSlug, { by: opts.by, dueAt: opts.dueAt, executor: trx, version });
  if (result === "reactivated") {
    const e = await lockEnrolment(trx, userId, courseSlug);
    await recordAudit(
      { actorId: opts.actorId, action: "enrolment.rejoin", targetType: "enrolment", targetId: e!.id, detail: { userId, course: courseSlug } },
      trx,
    );
  }
  return result;
}

/**
 * A learner leaves a course: the enrolment stays, marked withdrawn, with its progress. Whether they
 * enrolled themselves or were assigned, the rule is the same. A completed course cannot be left.
 */
export async function leaveCourse(userId: string, courseSlug: string, now = new Date()): Promise<boolean> {
  return writeTransaction(database, async (trx) => {
    const e = await lockEnrolment(trx, userId, courseSlug);
    if (!e || !(await setEnrolmentWithdrawn(e.id, now.toISOString(), trx))) return false;
    await recordAudit(
      {
        actorId: userId,
        action: "enrolment.withdraw",
        targetType: "enrolment",
        targetId: e.id,
        detail: { userId, course: courseSlug, assignedBy: e.enrolled_by, dueAt: e.due_at },
      },
      trx,
    );
    return true;
  });
}
