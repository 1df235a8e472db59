// Completing a course: one transaction for the enrolment, its certificate and the audit rows.
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { createUser } from "../../../db/factories";
import { db } from "~/db.server";
import type { CourseEntry } from "~/features/content/catalogue.server";
import { getCatalogue } from "~/features/content/content.server";
import { issueOfflineCertificate, joinCourse, recordLessonDone } from "./completion.server";
import { leaveCourse } from "./enrolment.server";
import { findDoneLessons, findEnrolment } from "./repository.server";

const sample = getCatalogue().courses.find((c) => c.slug === "sample")!;
// the same course without its exam, so that the last lesson completes it
const lessonsOnly: CourseEntry = { ...sample, slug: "sample-lessons-only", meta: { ...sample.meta, exam: undefined } };
const LESSONS = ["first", "second", "only-mongolian"];

const certificatesOf = (userId: string) => db.selectFrom("certificate").selectAll().where("user_id", "=", userId).execute();
const auditOf = (action: string, targetIds: string[]) =>
  targetIds.length ? db.selectFrom("audit_log").selectAll().where("action", "=", action).where("target_id", "in", targetIds).execute() : Promise.resolve([]);

describe("completing a course", () => {
  it("marks the enrolment completed, issues one certificate and audits it, when the last lesson is done", async () => {
    const u = await createUser(db);
    for (const l of LESSONS.slice(0, 2)) expect((await recordLessonDone(u.id, lessonsOnly, l)).completed).toBe(false);
    expect(await certificatesOf(u.id)).toHaveLength(0);
    const last = await recordLessonDone(u.id, lessonsOnly, LESSONS[2]);
    expect(last.completed).toBe(true);
    const e = await findEnrolment(u.id, lessonsOnly.slug);
    expect(e?.completed_at).not.toBeNull();
    const certs = await certificatesOf(u.id);
    expect(certs.map((c) => c.id)).toEqual([last.certificate!.id]);
    expect(await auditOf("certificate.issue", [last.certificate!.id])).toHaveLength(1);
  });

  it("leaves nothing behind when issuing the certificate fails: no completion, no lesson, no audit row", async () => {
    const u = await createUser(db);
    for (const l of LESSONS.slice(0, 2)) await recordLessonDone(u.id, lessonsOnly, l);
    // a course whose certificate cannot be written (hours is required): the failure comes after the
    // enrolment was marked completed inside the transaction
    const broken = { ...lessonsOnly, meta: { ...lessonsOnly.meta, hours: null } } as unknown as CourseEntry;
    await expect(recordLessonDone(u.id, broken, LESSONS[2])).rejects.toThrow();
    expect((await findEnrolment(u.id, lessonsOnly.slug))?.completed_at).toBeNull();
    expect((await findDoneLessons(u.id, lessonsOnly.slug)).map((d) => d.lesson_slug).sort()).toEqual(LESSONS.slice(0, 2).sort());
    expect(await certificatesOf(u.id)).toHaveLength(0);
    // and the next attempt completes normally
    expect((await recordLessonDone(u.id, lessonsOnly, LESSONS[2])).completed).toBe(true);
    expect(await certificatesOf(u.id)).toHaveLength(1);
  });

  it("issues exactly one certificate when the last two lessons are marked at the same moment", async () => {
    const u = await createUser(db);
    await recordLessonDone(u.id, lessonsOnly, LESSONS[0]);
    const outcomes = await Promise.all([recordLessonDone(u.id, lessonsOnly, LESSONS[1]), recordLessonDone(u.id, lessonsOnly, LESSONS[2])]);
    expect(outcomes.filter((o) => o.completed)).toHaveLength(1);
    expect(await certificatesOf(u.id)).toHaveLength(1);
  });

  it("marking a lesson done brings back a learner who had left, audited", async () => {
    const u = await createUser(db);
    await recordLessonDone(u.id, lessonsOnly, LESSONS[0]);
    expect(await leaveCourse(u.id, lessonsOnly.slug)).toBe(true);
    expect((await findEnrolment(u.id, lessonsOnly.slug))?.status).toBe("withdrawn");
    await recordLessonDone(u.id, lessonsOnly, LESSONS[1]);
    const e = (await findEnrolment(u.id, lessonsOnly.slug))!;
    expect(e.status).toBe("active");
    expect(await auditOf("enrolment.withdraw", [e.id])).toHaveLength(1);
    expect(await auditOf("enrolment.rejoin", [e.id])).toHaveLength(1);
  });

  it("completes on coming back when every step was done while away", async () => {
    const u = await createUser(db);
    for (const l of LESSONS) await recordLessonDone(u.id, sample, l);
    expect(await leaveCourse(u.id, sample.slug)).toBe(true);
    // an exam started before leaving and passed afterwards
    const at = new Date().toISOString();
    await db
      .insertInto("quiz_attempt")
      .values({
        id: crypto.randomUUID(),
        user_id: u.id,
        course_slug: sample.slug,
        quiz_slug: sample.meta.exam!,
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
    const back = await joinCourse(u.id, sample);
    expect(back.completed).toBe(true);
    expect(await certificatesOf(u.id)).toHaveLength(1);
  });

  it("cannot leave a completed course", async () => {
    const u = await createUser(db);
    for (const l of LESSONS) await recordLessonDone(u.id, lessonsOnly, l);
    expect(await leaveCourse(u.id, lessonsOnly.slug)).toBe(false);
    expect((await findEnrolment(u.id, lessonsOnly.slug))?.status).toBe("active");
  });
});

describe("an offline completion", () => {
  it("completes (creating the enrolment), issues the certificate with the reason, and refuses a second one", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const u = await createUser(db);
    const first = await issueOfflineCertificate(admin.id, u.id, sample, "Хэвлэмэл шалгалт, 2026.05.01");
    if (!("certificate" in first)) throw new Error("expected a certificate");
    expect(first.certificate.offline_reason).toBe("Хэвлэмэл шалгалт, 2026.05.01");
    const e = await findEnrolment(u.id, sample.slug);
    expect(e).toMatchObject({ status: "active", enrolled_by: admin.id });
    expect(e?.completed_at).not.toBeNull();
    const audit = await auditOf("certificate.issue_offline", [first.certificate.id]);
    expect(audit.map((a) => a.actor_id)).toEqual([admin.id]);
    // a double submit, or a second administrator: the learner holds a valid certificate already
    const twice = await Promise.all([issueOfflineCertificate(admin.id, u.id, sample, "again"), issueOfflineCertificate(admin.id, u.id, sample, "again")]);
    expect(twice).toEqual([{ problem: "alreadyCertified" }, { problem: "alreadyCertified" }]);
    expect(await certificatesOf(u.id)).toHaveLength(1);
  });
});
