// Who is a trainer of a course, and whose learners they see: the one rule (decision 036) that the
// trainer's home, the preview with the answer key, the learner lists, the exam statistics, the
// funnel and draft lessons all ask. And the administrator's assignments that are one of its sources.
import { writeTransaction } from "../../../db/connection";
import { database, db } from "~/db.server";
import { recordAudit } from "~/features/audit/audit.server";
import type { AppLoadContext } from "@remix-run/node";
import { forbidden, hasRole, requireUser } from "~/features/auth/guards.server";
import type { SessionUser } from "~/features/auth/session.server";
import { findTrainerCourseAimags } from "~/features/events/repository.server";
import { getCatalogue } from "./content.server";

type Person = Pick<SessionUser, "id" | "roles"> & { email?: string };

/** The aimags whose learners a trainer of the course reads: every one, or those of their events. */
export type LearnerScope = "all" | string[];

export interface TrainedCourse {
  slug: string;
  learners: LearnerScope;
  /** Why: listed in course.yaml, assigned by an administrator, the aimags of their scheduled events. */
  listed: boolean;
  assigned: boolean;
  eventAimags: string[];
}

/**
 * The courses a user trains, each with its learner scope. A user with the role trainer trains a
 * course when (a) course.yaml lists their e-mail under `trainers`, (b) an administrator assigned
 * them, or (c) they train a scheduled event of it. (a) and (b) see its learners in every aimag, (c)
 * in the events' aimags only. Anyone without the role trains nothing.
 */
export async function trainedCourses(user: Person): Promise<Map<string, TrainedCourse>> {
  const out = new Map<string, TrainedCourse>();
  if (!hasRole(user, "trainer")) return out;
  const entry = (slug: string) => {
    let c = out.get(slug);
    if (!c) out.set(slug, (c = { slug, learners: [], listed: false, assigned: false, eventAimags: [] }));
    return c;
  };
  const listing = getCatalogue().courses.filter((c) => c.meta.trainers?.length);
  const [email, assigned, taught] = await Promise.all([
    listing.length ? (user.email ?? emailOf(user.id)) : Promise.resolve(undefined),
    db.selectFrom("course_trainer").select("course_slug").where("user_id", "=", user.id).execute(),
    findTrainerCourseAimags(user.id),
  ]);
  const mine = email?.trim().toLowerCase();
  if (mine) for (const c of listing) if (c.meta.trainers!.includes(mine)) entry(c.slug).listed = true;
  for (const a of assigned) entry(a.course_slug).assigned = true;
  for (const t of taught) {
    const c = entry(t.course_slug);
    if (!c.eventAimags.includes(t.aimag_code)) c.eventAimags.push(t.aimag_code);
  }
  for (const c of out.values()) c.learners = c.listed || c.assigned ? "all" : [...c.eventAimags].sort();
  return out;
}

/** The user's learner scope in one course when they train it; null when they do not. */
export async function trainerScope(user: Person, courseSlug: string): Promise<LearnerScope | null> {
  return (await trainedCourses(user)).get(courseSlug)?.learners ?? null;
}

/** Whether the user previews the course's drafts and answer key: an administrator, or a trainer of the course. */
export async function canPreviewCourse(user: Person | null, courseSlug: string): Promise<boolean> {
  if (!user) return false;
  return hasRole(user, "admin") || (await trainerScope(user, courseSlug)) !== null;
}

/**
 * The guard of the preview pages: the course (published or not) for an administrator or one of its
 * trainers; 404 for no such course, 403 for anyone else signed in (as the exam statistics answer).
 */
export async function requireCoursePreview(args: { request: Request; context: AppLoadContext }, courseSlug: string) {
  const user = await requireUser(args);
  const course = getCatalogue().courses.find((c) => c.slug === courseSlug);
  if (!course) throw new Response("Not found", { status: 404 });
  if (!(await canPreviewCourse(user, course.slug))) throw forbidden();
  return { user, course };
}

async function emailOf(userId: string): Promise<string | undefined> {
  return (await db.selectFrom("users").select("email").where("id", "=", userId).executeTakeFirst())?.email;
}

// ---- an administrator's assignments

/** Everyone who trains the course, by source: listed in course.yaml, assigned, or of a scheduled event. */
export async function courseTrainers(courseSlug: string) {
  const course = getCatalogue().courses.find((c) => c.slug === courseSlug);
  const listed = course?.meta.trainers ?? [];
  const [assigned, listedUsers, eventTrainers] = await Promise.all([
    db
      .selectFrom("course_trainer as ct")
      .innerJoin("users as u", "u.id", "ct.user_id")
      .leftJoin("users as by", "by.id", "ct.assigned_by")
      .select(["u.id", "u.surname", "u.given_name", "u.email", "ct.assigned_at", "by.surname as by_surname", "by.given_name as by_given_name"])
      .where("ct.course_slug", "=", courseSlug)
      .orderBy("u.surname")
      .orderBy("u.given_name")
      .execute(),
    listed.length
      ? db
          .selectFrom("users")
          .select(["id", "surname", "given_name", "email"])
          .where((eb) => eb(eb.fn("lower", ["email"]), "in", listed))
          .execute()
      : Promise.resolve([]),
    db
      .selectFrom("event_trainer as t")
      .innerJoin("training_event as e", "e.id", "t.event_id")
      .innerJoin("event_course as c", "c.event_id", "e.id")
      .innerJoin("users as u", "u.id", "t.user_id")
      .select(["u.id", "u.surname", "u.given_name", "u.email", "e.aimag_code"])
      .distinct()
      .where("c.course_slug", "=", courseSlug)
      .where("e.status", "=", "scheduled")
      .orderBy("u.surname")
      .execute(),
  ]);
  const byEmail = new Map(listedUsers.map((u) => [u.email.toLowerCase(), u]));
  return {
    listed: listed.map((email) => ({ email, user: byEmail.get(email) ?? null })),
    assigned,
    events: eventTrainers,
  };
}

export type AssignProblem = "noCourse" | "noUser" | "notTrainer" | "already" | "notAssigned";
export type AssignResult = { ok: true } | { ok: false; problem: AssignProblem };

/** Assigns a trainer (a user with the role trainer, found by e-mail) to a course, with its audit row. */
export async function assignCourseTrainer(actor: Pick<SessionUser, "id">, courseSlug: string, email: string, now = new Date()): Promise<AssignResult> {
  if (!getCatalogue().courses.some((c) => c.slug === courseSlug)) return { ok: false, problem: "noCourse" };
  return writeTransaction(database, async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select(["id"])
      .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.trim().toLowerCase()))
      .executeTakeFirst();
    if (!user) return { ok: false, problem: "noUser" } as const;
    const role = await trx.selectFrom("user_role").select("role").where("user_id", "=", user.id).where("role", "=", "trainer").executeTakeFirst();
    if (!role) return { ok: false, problem: "notTrainer" } as const;
    const existing = await trx
      .selectFrom("course_trainer")
      .select("user_id")
      .where("course_slug", "=", courseSlug)
      .where("user_id", "=", user.id)
      .executeTakeFirst();
    if (existing) return { ok: false, problem: "already" } as const;
    await trx
      .insertInto("course_trainer")
      .values({ course_slug: courseSlug, user_id: user.id, assigned_by: actor.id, assigned_at: now.toISOString() })
      .onConflict((oc) => oc.columns(["course_slug", "user_id"]).doNothing())
      .execute();
    await recordAudit({ actorId: actor.id, action: "course.trainerAssign", targetType: "course", targetId: courseSlug, detail: { userId: user.id } }, trx);
    return { ok: true } as const;
  });
}

/** Takes an administrator's assignment away, with its audit row. */
export async function unassignCourseTrainer(actor: Pick<SessionUser, "id">, courseSlug: string, userId: string): Promise<AssignResult> {
  return writeTransaction(database, async (trx) => {
    const row = await trx
      .selectFrom("course_trainer")
      .select(["user_id", "assigned_by", "assigned_at"])
      .where("course_slug", "=", courseSlug)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    if (!row) return { ok: false, problem: "notAssigned" } as const;
    await trx.deleteFrom("course_trainer").where("course_slug", "=", courseSlug).where("user_id", "=", userId).execute();
    await recordAudit(
      {
        actorId: actor.id,
        action: "course.trainerUnassign",
        targetType: "course",
        targetId: courseSlug,
        detail: { userId, assignedBy: row.assigned_by, assignedAt: row.assigned_at },
      },
      trx,
    );
    return { ok: true } as const;
  });
}
