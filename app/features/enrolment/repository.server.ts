// Enrolments and lesson progress: the only SQL for them.
import type { Kysely } from "kysely";
import type { DB, Role } from "../../../db/schema";
import { db } from "~/db.server";

export function findEnrolment(userId: string, courseSlug: string) {
  return db.selectFrom("enrolment").selectAll().where("user_id", "=", userId).where("course_slug", "=", courseSlug).executeTakeFirst();
}

export type EnrolResult = "enrolled" | "reactivated" | "already";

/**
 * Enrols a learner (or re-activates a withdrawn enrolment, keeping progress). The learner's aimag,
 * sum and organisation are copied onto the enrolment as they are today.
 */
export async function enrol(
  userId: string,
  courseSlug: string,
  opts: { by?: string | null; dueAt?: string | null; executor?: Kysely<DB> } = {},
): Promise<EnrolResult> {
  const q = opts.executor ?? db;
  const now = new Date().toISOString();
  const existing = await q.selectFrom("enrolment").select(["id", "status"]).where("user_id", "=", userId).where("course_slug", "=", courseSlug).executeTakeFirst();
  const user = await q.selectFrom("users").select(["aimag_code", "sum_id", "organisation_id"]).where("id", "=", userId).executeTakeFirstOrThrow();
  if (existing?.status === "active") {
    if (opts.dueAt !== undefined && opts.by) await q.updateTable("enrolment").set({ due_at: opts.dueAt }).where("id", "=", existing.id).execute();
    return "already";
  }
  if (existing) {
    await q
      .updateTable("enrolment")
      .set({ status: "active", withdrawn_at: null, enrolled_at: now, enrolled_by: opts.by ?? null, due_at: opts.dueAt ?? null, ...user })
      .where("id", "=", existing.id)
      .execute();
    return "reactivated";
  }
  await q
    .insertInto("enrolment")
    .values({
      id: crypto.randomUUID(),
      user_id: userId,
      course_slug: courseSlug,
      status: "active",
      enrolled_at: now,
      enrolled_by: opts.by ?? null,
      due_at: opts.dueAt ?? null,
      ...user,
      completed_at: null,
      withdrawn_at: null,
    })
    .onConflict((oc) => oc.columns(["user_id", "course_slug"]).doNothing())
    .execute();
  return "enrolled";
}

export async function withdraw(userId: string, courseSlug: string) {
  await db
    .updateTable("enrolment")
    .set({ status: "withdrawn", withdrawn_at: new Date().toISOString() })
    .where("user_id", "=", userId)
    .where("course_slug", "=", courseSlug)
    .where("status", "=", "active")
    .execute();
}

export function listUserEnrolments(userId: string) {
  return db.selectFrom("enrolment").selectAll().where("user_id", "=", userId).where("status", "=", "active").orderBy("enrolled_at", "desc").execute();
}

export async function markLessonDone(userId: string, courseSlug: string, lessonSlug: string) {
  await db
    .insertInto("lesson_progress")
    .values({ user_id: userId, course_slug: courseSlug, lesson_slug: lessonSlug, completed_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(["user_id", "course_slug", "lesson_slug"]).doNothing())
    .execute();
}

export async function unmarkLessonDone(userId: string, courseSlug: string, lessonSlug: string) {
  await db.deleteFrom("lesson_progress").where("user_id", "=", userId).where("course_slug", "=", courseSlug).where("lesson_slug", "=", lessonSlug).execute();
}

export async function findDoneLessons(userId: string, courseSlug?: string) {
  let q = db.selectFrom("lesson_progress").select(["course_slug", "lesson_slug", "completed_at"]).where("user_id", "=", userId);
  if (courseSlug) q = q.where("course_slug", "=", courseSlug);
  return q.execute();
}

export async function setEnrolmentCompleted(enrolmentId: string, at: string) {
  const res = await db
    .updateTable("enrolment")
    .set({ completed_at: at })
    .where("id", "=", enrolmentId)
    .where("completed_at", "is", null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Users matching an assignment filter, within the aimags the assigner may reach. */
export function findUsersForAssignment(filter: {
  aimags: "all" | string[];
  aimagCode?: string;
  sumId?: string;
  organisationId?: string;
  role?: Role;
}) {
  let q = db.selectFrom("users").select(["users.id", "users.email", "users.surname", "users.given_name", "users.aimag_code"]).where("users.disabled_at", "is", null);
  if (filter.aimags !== "all") {
    if (!filter.aimags.length) return Promise.resolve([]);
    q = q.where("users.aimag_code", "in", filter.aimags);
  }
  if (filter.aimagCode) q = q.where("users.aimag_code", "=", filter.aimagCode);
  if (filter.sumId) q = q.where("users.sum_id", "=", filter.sumId);
  if (filter.organisationId) q = q.where("users.organisation_id", "=", filter.organisationId);
  if (filter.role) {
    const role = filter.role;
    q = q.where((eb) => eb.exists(eb.selectFrom("user_role").select("user_role.user_id").whereRef("user_role.user_id", "=", "users.id").where("user_role.role", "=", role)));
  }
  return q.orderBy("users.surname").execute();
}

export function findUsersByEmails(emails: string[]) {
  if (!emails.length) return Promise.resolve([]);
  return db.selectFrom("users").select(["id", "email", "aimag_code", "disabled_at"]).where("email", "in", emails).execute();
}

export function findActiveEnrolmentUserIds(courseSlug: string, userIds: string[]) {
  if (!userIds.length) return Promise.resolve([] as { user_id: string }[]);
  return db.selectFrom("enrolment").select("user_id").where("course_slug", "=", courseSlug).where("status", "=", "active").where("user_id", "in", userIds).execute();
}
