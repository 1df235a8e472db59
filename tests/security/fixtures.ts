// The people and records the route matrix and the form fuzzing ask about: one user per role (with a
// coordinator for aimag A and another for aimag B), and records that belong to someone else.
import { createUser } from "../../db/factories";
import { db } from "~/db.server";
import { createResetLink } from "~/features/auth/password-reset.server";
import { generateIssuerJwk, resetIssuerKeys } from "~/features/certificates/badge.server";
import { config } from "~/config.server";
import { issueCertificate } from "~/features/certificates/certificates.server";
import { getCatalogue } from "~/features/content/content.server";
import { enrol } from "~/features/enrolment/repository.server";
import { createCampaignRow, createEvent, register } from "~/features/events/events.server";
import { findQuiz, startAttempt } from "~/features/quiz/attempts.server";
import { context, sessionCookieFor } from "../helpers";

export const AIMAG_A = "MN-069"; // Bayankhongor
export const AIMAG_B = "MN-037"; // Darkhan-Uul

export const ROLE_KEYS = ["anonymous", "learner", "sumOperator", "trainer", "coordinatorA", "coordinatorB", "admin"] as const;
export type RoleKey = (typeof ROLE_KEYS)[number];
export type SignedInRole = Exclude<RoleKey, "anonymous">;

type User = Awaited<ReturnType<typeof createUser>>;

export interface Fixtures {
  users: Record<SignedInRole, User>;
  /** A learner of aimag A who is none of the role users: enrolled, with an open exam attempt and a certificate. */
  otherA: User;
  /** A learner of aimag B with a certificate, which the administrator's revoke cell revokes. */
  otherB: User;
  attemptOfOtherA: string;
  /**
   * otherA's enrolment in the blended course, which no role user trains (planning cells and
   * fuzzing add events of COURSE, which would let the role trainer read otherA's COURSE enrolment).
   */
  enrolmentOfOtherA: string;
  /** The thumbprint (kid) of the signing key the fixtures installed. */
  issuerKeyThumbprint: string;
  certificateOfOtherA: { id: string; code: string; serial: string };
  certificateOfOtherB: { id: string; code: string; serial: string };
  resetTokenOfOtherA: string;
  sumOfAimagB: string;
  /** A training event in aimag A run by a trainer who is none of the role users, with otherA registered. */
  eventOfA: { id: string; sessionId: string; sheetCode: string };
  /** A training event in aimag B run by the role trainer. */
  eventOfTrainer: { id: string; sessionId: string; sheetCode: string };
  /** A campaign that eventOfA belongs to. */
  campaignId: string;
  /** An open credit review about otherA's certificate (attendance corrected after it was issued). */
  creditReviewOfA: string;
}

/** The course and exam the fixtures use; tests set CONTENT_DIR=tests/fixtures/content. */
export const COURSE = "sample";
export const EXAM = "final";
/** A course without an exam that needs attendance at an event; no fixture event is linked to it. */
export const BLENDED = "blended";

export async function createFixtures(): Promise<Fixtures> {
  // Credential routes answer 503 without an issuer key; the matrix asks about them with one.
  config.ISSUER_KEY_FILE = "/nonexistent/issuer.json";
  const issuerKey = await generateIssuerJwk();
  config.ISSUER_PRIVATE_JWK = JSON.stringify(issuerKey);
  resetIssuerKeys();

  const users = {
    learner: await createUser(db, { surname: "Суралцагч" }),
    sumOperator: await createUser(db, { roles: [{ role: "sum_operator" }] }),
    trainer: await createUser(db, { roles: [{ role: "trainer" }] }),
    coordinatorA: await createUser(db, { aimagCode: AIMAG_A, roles: [{ role: "coordinator", aimag_code: AIMAG_A }] }),
    coordinatorB: await createUser(db, { aimagCode: AIMAG_B, roles: [{ role: "coordinator", aimag_code: AIMAG_B }] }),
    admin: await createUser(db, { roles: [{ role: "admin" }] }),
  };
  const otherA = await createUser(db, { aimagCode: AIMAG_A, surname: "Өөрийн" });
  const otherB = await createUser(db, { aimagCode: AIMAG_B, surname: "Гадны" });
  const course = getCatalogue().courses.find((c) => c.slug === COURSE)!;
  const attempt = await openExamAttempt(otherA.id);
  await enrol(otherA.id, BLENDED);
  const enrolmentOfOtherA = await enrolmentOf(otherA.id, BLENDED);
  const certA = await issueCertificate(otherA.id, course);
  const certB = await issueCertificate(otherB.id, course);
  const token = await resetLinkFor(otherA.id, users.admin.id);
  const sum = await db.selectFrom("sum").select("id").where("aimag_code", "=", AIMAG_B).orderBy("sort_order").executeTakeFirstOrThrow();
  const campaignId = await createCampaignRow(users.admin.id, {
    titleMn: "Матрицын аян",
    titleEn: "Matrix campaign",
    startsOn: "2030-01-01",
    endsOn: "2030-12-31",
  });
  const otherTrainer = await createUser(db, { roles: [{ role: "trainer" }] });
  const eventOfA = {
    ...(await fixtureEvent(users.admin, { aimagCode: AIMAG_A, trainers: [otherTrainer.id], campaignId, person: otherA.id })),
    trainerId: otherTrainer.id,
  };
  const eventOfTrainer = await fixtureEvent(users.admin, { aimagCode: AIMAG_B, trainers: [users.trainer.id], campaignId: null, person: otherB.id });
  const creditReviewOfA = crypto.randomUUID();
  await db
    .insertInto("credit_review")
    .values({
      id: creditReviewOfA,
      user_id: otherA.id,
      course_slug: COURSE,
      event_id: eventOfA.id,
      certificate_id: certA.id,
      created_at: new Date().toISOString(),
      created_by: otherTrainer.id,
      resolved_at: null,
      resolved_by: null,
      resolution: null,
    })
    .execute();
  return {
    creditReviewOfA,
    eventOfA,
    eventOfTrainer,
    campaignId,
    users,
    otherA,
    otherB,
    attemptOfOtherA: attempt,
    enrolmentOfOtherA,
    certificateOfOtherA: { id: certA.id, code: certA.code, serial: certA.serial },
    certificateOfOtherB: { id: certB.id, code: certB.code, serial: certB.serial },
    resetTokenOfOtherA: token,
    sumOfAimagB: sum.id,
    issuerKeyThumbprint: String(issuerKey.kid),
  };
}

/** A scheduled event with one session that is on now (self check-in open) and one person registered. */
async function fixtureEvent(admin: { id: string }, o: { aimagCode: string; trainers: string[]; campaignId: string | null; person: string }) {
  const start = new Date(Date.now() - 3600_000);
  const created = await createEvent(
    { id: admin.id, roles: [{ role: "admin", aimag_code: null }] },
    {
      campaignId: o.campaignId,
      titleMn: "Матрицын сургалт",
      titleEn: "Matrix training",
      aimagCode: o.aimagCode,
      sumId: null,
      venue: "Танхим",
      audience: ["sum_operator"],
      capacity: 20,
      thresholdPercent: 80,
      courses: [COURSE],
      trainers: o.trainers,
      sessions: [{ starts_at: start.toISOString(), ends_at: new Date(start.getTime() + 8 * 3600_000).toISOString(), self_check_in: true }],
    },
  );
  if (!("id" in created)) throw new Error(`fixture event: ${created.problem}`);
  await register(o.person, created.id);
  const session = await db.selectFrom("event_session").select("id").where("event_id", "=", created.id).executeTakeFirstOrThrow();
  const reg = await db.selectFrom("event_registration").select("sheet_code").where("event_id", "=", created.id).executeTakeFirstOrThrow();
  return { id: created.id, sessionId: session.id, sheetCode: reg.sheet_code };
}

/** An open exam attempt of the user's own, enrolling them first. */
export async function openExamAttempt(userId: string): Promise<string> {
  await enrol(userId, COURSE);
  const course = getCatalogue().courses.find((c) => c.slug === COURSE)!;
  return (await startAttempt(userId, findQuiz(course, EXAM)!, "mn")).attempt.id;
}

/** The user's enrolment in a course. */
export async function enrolmentOf(userId: string, course = COURSE): Promise<string> {
  return (await db.selectFrom("enrolment").select("id").where("user_id", "=", userId).where("course_slug", "=", course).executeTakeFirstOrThrow()).id;
}

/** A new learner of aimag A enrolled in COURSE, for fuzzing the changes made to one enrolment. */
export async function freshEnrolmentInA(): Promise<string> {
  const learner = await createUser(db, { aimagCode: AIMAG_A, surname: "Шинэ" });
  await enrol(learner.id, COURSE);
  return enrolmentOf(learner.id);
}

/** A new one-time reset link (it cancels the person's earlier ones). */
export async function resetLinkFor(userId: string, createdBy: string): Promise<string> {
  // fuzzing the administrator's user page may have disabled the person: links are for active people
  await db.updateTable("users").set({ disabled_at: null }).where("id", "=", userId).execute();
  const created = await createResetLink(userId, createdBy);
  if (!created.ok) throw new Error(`no reset link for ${userId} by ${createdBy}`);
  return created.token;
}

/** A fresh session per request: some cells end sessions (log out, log out everywhere). */
export async function cookieFor(f: Fixtures, role: RoleKey): Promise<string | undefined> {
  return role === "anonymous" ? undefined : sessionCookieFor(f.users[role].id);
}

let ip = 0;
/** A new client address per request, so per-address throttles (login, verification) stay out of the way. */
export function freshContext() {
  ip += 1;
  return context(`10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`);
}
