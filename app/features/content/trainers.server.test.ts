// The one rule of who trains a course (decision 036), against the real database (SQLite, or
// PostgreSQL with TEST_DATABASE=postgres): listed in course.yaml, assigned by an administrator, or
// trainer of a scheduled event — and what each lets them see; the administrator's assignments with
// their audit rows.
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import type { Role } from "../../../db/schema";
import { createUser } from "../../../db/factories";
import { db } from "~/db.server";
import { enrolledScope } from "~/features/enrolment/enrolled.server";
import { cancelEvent } from "~/features/events/events.server";
import { funnelAccess } from "~/features/reports/reports.server";
import { statisticsScope } from "~/features/quiz/statistics.server";
import { assignCourseTrainer, canPreviewCourse, courseTrainers, trainedCourses, trainerScope, unassignCourseTrainer } from "./trainers.server";
import { scheduleEventTaughtBy } from "../../../tests/training-events";

const A = "MN-069";
const B = "MN-037";

const person = (u: { id: string; email: string }, ...roles: { role: Role; aimag_code?: string }[]) => ({
  id: u.id,
  email: u.email,
  roles: roles.map((r) => ({ role: r.role, aimag_code: r.aimag_code ?? null })),
});

async function newAdmin() {
  return person(await createUser(db, { roles: [{ role: "admin" }] }), { role: "admin" });
}

async function newTrainer(email?: string) {
  return person(await createUser(db, { email, roles: [{ role: "trainer" }] }), { role: "trainer" });
}

describe("who trains a course", () => {
  it("(a) a trainer whose e-mail the course lists, in any letter case, sees its learners everywhere", async () => {
    // the fixture course lists "Listed.Trainer@Example.mn"
    const listed = await newTrainer("listed.trainer@example.mn");
    const courses = await trainedCourses(listed);
    expect([...courses.keys()]).toEqual(["sample"]);
    expect(courses.get("sample")).toMatchObject({ learners: "all", listed: true, assigned: false });
    expect(await enrolledScope(listed, "sample")).toEqual({ read: "all", change: [] });
    expect(await statisticsScope(listed, "sample")).toEqual({ attempts: "all" });
    expect(await canPreviewCourse(listed, "sample")).toBe(true);
    expect(await canPreviewCourse(listed, "blended")).toBe(false);
    expect(await enrolledScope(listed, "blended")).toBeNull();
    // the e-mail alone is not enough: without the role trainer the listing means nothing
    const { email, id } = listed;
    expect(await trainedCourses({ id, email, roles: [{ role: "learner", aimag_code: null }] })).toEqual(new Map());
    // the e-mail is looked up when the caller does not carry it
    expect(await trainerScope({ id, roles: listed.roles }, "sample")).toBe("all");
  });

  it("(b) a trainer an administrator assigned sees the course's learners everywhere, until unassigned", async () => {
    const admin = await newAdmin();
    const trainer = await newTrainer();
    expect(await trainerScope(trainer, "blended")).toBeNull();
    expect(await assignCourseTrainer(admin, "blended", trainer.email.toUpperCase())).toEqual({ ok: true });
    expect(await trainerScope(trainer, "blended")).toBe("all");
    expect(await enrolledScope(trainer, "blended")).toEqual({ read: "all", change: [] });
    expect(await statisticsScope(trainer, "blended")).toEqual({ attempts: "all" });
    expect(await funnelAccess({ ...trainer, roles: trainer.roles } as never)).toMatchObject({ courses: new Set(["blended"]) });
    expect(await canPreviewCourse(trainer, "sample")).toBe(false);
    const listed = await courseTrainers("blended");
    expect(listed.assigned.map((t) => t.id)).toEqual([trainer.id]);

    expect(await unassignCourseTrainer(admin, "blended", trainer.id)).toEqual({ ok: true });
    expect(await trainerScope(trainer, "blended")).toBeNull();
    expect(await unassignCourseTrainer(admin, "blended", trainer.id)).toEqual({ ok: false, problem: "notAssigned" });

    const audit = await db
      .selectFrom("audit_log")
      .select(["action", "actor_id", "detail"])
      .where("target_type", "=", "course")
      .where("target_id", "=", "blended")
      .orderBy("created_at")
      .execute();
    expect(audit.map((a) => [a.action, a.actor_id, JSON.parse(a.detail ?? "{}").userId])).toEqual([
      ["course.trainerAssign", admin.id, trainer.id],
      ["course.trainerUnassign", admin.id, trainer.id],
    ]);
  });

  it("(c) a trainer of a scheduled event of the course sees its learners in the events' aimags only", async () => {
    const trainer = await newTrainer();
    const inA = await scheduleEventTaughtBy(trainer.id, A, "sample");
    await scheduleEventTaughtBy(trainer.id, B, "sample");
    expect(await trainerScope(trainer, "sample")).toEqual([B, A].sort());
    expect(await statisticsScope(trainer, "sample")).toEqual({ attempts: [B, A].sort() });
    expect(await canPreviewCourse(trainer, "sample")).toBe(true);
    await cancelEvent(await newAdmin(), inA);
    expect(await trainerScope(trainer, "sample")).toEqual([B]);
    // an assignment widens the event's aimags to every aimag
    await assignCourseTrainer(await newAdmin(), "sample", trainer.email);
    expect((await trainedCourses(trainer)).get("sample")).toMatchObject({ learners: "all", assigned: true, eventAimags: [B] });
  });

  it("nobody else: learners, coordinators, a trainer of another course; administrators preview everything", async () => {
    const learner = person(await createUser(db), { role: "learner" });
    const coordinator = person(await createUser(db, { roles: [{ role: "coordinator", aimag_code: A }] }), { role: "coordinator", aimag_code: A });
    const other = await newTrainer();
    await scheduleEventTaughtBy(other.id, A, "blended");
    for (const u of [learner, coordinator, other]) {
      expect(await trainerScope(u, "sample")).toBeNull();
      expect(await canPreviewCourse(u, "sample")).toBe(false);
      expect(await statisticsScope(u, "sample")).toBeNull();
    }
    expect(await canPreviewCourse(null, "sample")).toBe(false);
    expect(await canPreviewCourse(await newAdmin(), "sample")).toBe(true);
  });
});

describe("an administrator's assignment", () => {
  it("is for an existing course and a user with the role trainer, once", async () => {
    const admin = await newAdmin();
    const learner = await createUser(db);
    const trainer = await newTrainer();
    expect(await assignCourseTrainer(admin, "no-such-course", trainer.email)).toEqual({ ok: false, problem: "noCourse" });
    expect(await assignCourseTrainer(admin, "sample", "nobody@example.mn")).toEqual({ ok: false, problem: "noUser" });
    expect(await assignCourseTrainer(admin, "sample", learner.email)).toEqual({ ok: false, problem: "notTrainer" });
    expect(await assignCourseTrainer(admin, "sample", trainer.email)).toEqual({ ok: true });
    expect(await assignCourseTrainer(admin, "sample", trainer.email)).toEqual({ ok: false, problem: "already" });
    const rows = await db.selectFrom("course_trainer").selectAll().where("user_id", "in", [learner.id, trainer.id]).execute();
    expect(rows).toEqual([expect.objectContaining({ course_slug: "sample", user_id: trainer.id, assigned_by: admin.id })]);
  });
});
