// The road to a certificate: what is still missing in each state a learner can be in, and where an
// earned certificate stands (valid, renewal due, expired, revoked), read from the real database.
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { createUser, insertPassedExam } from "../../../db/factories";
import { db } from "~/db.server";
import { addMonths, currentCertificate, listUserCertificates, revokeCertificate } from "~/features/certificates/certificates.server";
import type { CourseEntry } from "~/features/content/catalogue.server";
import { getCatalogue } from "~/features/content/content.server";
import { issueOfflineCertificate, joinCourse, recordLessonDone } from "./completion.server";
import { courseProgress } from "./progress.server";
import { certificateStanding, stillMissing } from "./road.server";

const course = (slug: string) => getCatalogue().courses.find((c) => c.slug === slug)!;
const sample = course("sample"); // three required lessons and a final exam
const blended = course("blended"); // one lesson and an in-person session, a certificate valid 24 months
const SAMPLE_LESSONS = ["first", "second", "only-mongolian"];

const passExam = (userId: string, c: CourseEntry) => insertPassedExam(db, userId, c.slug, c.meta.exam!);
const missingFor = async (userId: string, c: CourseEntry) => stillMissing(c, await courseProgress(userId, c));

describe("what is still missing for the certificate", () => {
  it("nothing done: every required lesson and the exam", async () => {
    const u = await createUser(db);
    await joinCourse(u.id, sample);
    expect(await missingFor(u.id, sample)).toEqual([
      { step: "lessons", done: 0, total: 3, left: 3 },
      { step: "exam", quiz: "final" },
    ]);
  });

  it("some lessons: how many of how many, and how many are left", async () => {
    const u = await createUser(db);
    await recordLessonDone(u.id, sample, "first");
    expect(await missingFor(u.id, sample)).toEqual([
      { step: "lessons", done: 1, total: 3, left: 2 },
      { step: "exam", quiz: "final" },
    ]);
  });

  it("every lesson read but the exam not passed: the exam only", async () => {
    const u = await createUser(db);
    for (const l of SAMPLE_LESSONS) await recordLessonDone(u.id, sample, l);
    expect(await missingFor(u.id, sample)).toEqual([{ step: "exam", quiz: "final" }]);
  });

  it("the exam passed before the lessons: the lessons only", async () => {
    const u = await createUser(db);
    await joinCourse(u.id, sample);
    await passExam(u.id, sample);
    await recordLessonDone(u.id, sample, "second");
    expect(await missingFor(u.id, sample)).toEqual([{ step: "lessons", done: 1, total: 3, left: 2 }]);
  });

  it("a blended course with its lesson read: the in-person attendance", async () => {
    const u = await createUser(db);
    await recordLessonDone(u.id, blended, "welcome");
    const p = await courseProgress(u.id, blended);
    expect(p.completedAt).toBeNull();
    expect(stillMissing(blended, p)).toEqual([{ step: "attendance" }]);
  });

  it("a course without an in-person part never asks for attendance", async () => {
    const u = await createUser(db);
    await joinCourse(u.id, sample);
    expect((await missingFor(u.id, sample)).some((m) => m.step === "attendance")).toBe(false);
  });

  it("completed: nothing", async () => {
    const u = await createUser(db);
    await passExam(u.id, sample);
    for (const l of SAMPLE_LESSONS) await recordLessonDone(u.id, sample, l);
    const p = await courseProgress(u.id, sample);
    expect(p.completedAt).not.toBeNull();
    expect(stillMissing(sample, p)).toEqual([]);
  });
});

describe("where an earned certificate stands", () => {
  const day = 86_400_000;

  async function certifiedAt(issuedAt: Date, c: CourseEntry = blended) {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const u = await createUser(db);
    await issueOfflineCertificate(admin.id, u.id, c, "Хэвлэмэл шалгалт", issuedAt);
    const cert = currentCertificate(await listUserCertificates(u.id), c.slug)!;
    return { u, admin, cert };
  }

  it("valid, renewal later: until when, and from when renewal is due, in Mongolian dates", async () => {
    const issued = new Date("2026-03-10T04:00:00Z");
    const { cert } = await certifiedAt(issued);
    const now = new Date("2026-06-01T00:00:00Z");
    expect(certificateStanding(cert, blended, "mn", now)).toMatchObject({
      state: "valid",
      issuedOn: "2026 оны 3 сарын 10",
      expiresOn: "2028 оны 3 сарын 10",
      renewal: "later",
      // 60 days before it expires
      renewalFrom: "2028 оны 1 сарын 10",
      renewalExam: null,
    });
    expect(certificateStanding(cert, blended, "en", now)).toMatchObject({ expiresOn: "10 March 2028", renewalFrom: "10 January 2028" });
  });

  it("renewal due: still valid, renewable now, by the course's exam", async () => {
    const withExpiry: CourseEntry = { ...sample, meta: { ...sample.meta, certificateValidityMonths: 12 } };
    const issued = new Date(Date.now() - 330 * day);
    const { cert } = await certifiedAt(issued, withExpiry);
    expect(cert.expires_at).toBe(addMonths(issued, 12).toISOString());
    expect(certificateStanding(cert, withExpiry, "mn")).toMatchObject({ state: "valid", renewal: "now", renewalExam: "final" });
  });

  it("expired: the day it expired, renewable now", async () => {
    const { cert } = await certifiedAt(new Date(Date.now() - 800 * day));
    const standing = certificateStanding(cert, blended, "mn");
    expect(standing).toMatchObject({ state: "expired", renewal: "now" });
    expect(standing.expiresOn).toMatch(/^\d{4} оны \d{1,2} сарын \d{1,2}$/);
  });

  it("no expiry: never due for renewal", async () => {
    const { cert } = await certifiedAt(new Date(), sample);
    expect(certificateStanding(cert, sample, "mn")).toMatchObject({ state: "valid", expiresOn: null, renewal: "never", renewalFrom: null });
  });

  it("revoked: no renewal; the newest unrevoked certificate of the course speaks for it", async () => {
    const { u, admin, cert } = await certifiedAt(new Date(Date.now() - 10 * day));
    await revokeCertificate(cert.id, "Алдаатай олгосон", admin.id);
    const certs = await listUserCertificates(u.id);
    const revoked = currentCertificate(certs, blended.slug)!;
    expect(revoked.id).toBe(cert.id);
    expect(certificateStanding(revoked, blended, "mn")).toMatchObject({ state: "revoked", renewal: "never" });
    // a new one issued afterwards takes its place
    await issueOfflineCertificate(admin.id, u.id, blended, "Дахин олгосон");
    const again = currentCertificate(await listUserCertificates(u.id), blended.slug)!;
    expect(again.id).not.toBe(cert.id);
    expect(certificateStanding(again, blended, "mn").state).toBe("valid");
    expect(currentCertificate(certs, "sample")).toBeNull();
  });
});
