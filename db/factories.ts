// Builders for users and organisations, shared by the demo seed and the tests.
import { hash } from "@node-rs/argon2";
import type { Kysely } from "kysely";
import type { DB, Role } from "./schema";

const passwordHashCache = new Map<string, string>();

export async function hashForFactory(password: string): Promise<string> {
  let h = passwordHashCache.get(password);
  if (!h) {
    h = await hash(password, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
    passwordHashCache.set(password, h);
  }
  return h;
}

export interface UserSpec {
  email?: string;
  surname?: string;
  givenName?: string;
  position?: string;
  aimagCode?: string;
  sumId?: string;
  organisationId?: string;
  password?: string;
  roles?: { role: Role; aimag_code?: string | null }[];
  locale?: "mn" | "en";
}

let counter = 0;

/** Inserts a user; by default a learner in Bayankhongor's centre sum working for its governor's office. */
export async function createUser(db: Kysely<DB>, spec: UserSpec = {}) {
  counter += 1;
  const aimagCode = spec.aimagCode ?? "MN-069";
  const sumId = spec.sumId ?? (await db.selectFrom("sum").select("id").where("aimag_code", "=", aimagCode).orderBy("sort_order").executeTakeFirstOrThrow()).id;
  const organisationId = spec.organisationId ?? `org-${sumId}`;
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  const email = (spec.email ?? `user-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 7)}@example.mn`).toLowerCase();
  const password = spec.password ?? "correct horse battery";
  await db
    .insertInto("users")
    .values({
      id,
      email,
      surname: spec.surname ?? "Дорж",
      given_name: spec.givenName ?? "Болд",
      position: spec.position ?? "Мэргэжилтэн",
      organisation_id: organisationId,
      aimag_code: aimagCode,
      sum_id: sumId,
      password_hash: await hashForFactory(password),
      locale: spec.locale ?? "mn",
      created_at: now,
      updated_at: now,
      disabled_at: null,
    })
    .execute();
  const roles = spec.roles ?? [{ role: "learner" as Role }];
  if (roles.length) {
    await db
      .insertInto("user_role")
      .values(roles.map((r) => ({ user_id: id, role: r.role, aimag_code: r.aimag_code ?? null, granted_at: now, granted_by: null })))
      .execute();
  }
  return { id, email, password, aimagCode, sumId, organisationId };
}

export async function findSumByName(db: Kysely<DB>, aimagCode: string, nameMn: string) {
  return db
    .selectFrom("sum")
    .select("id")
    .where("aimag_code", "=", aimagCode)
    .where("name_mn", "=", nameMn)
    .executeTakeFirstOrThrow()
    .then((r) => r.id);
}

/** A graded, passed exam attempt for a learner (the enrolment's exam_passed_at follows by the database's trigger). */
export async function insertPassedExam(db: Kysely<DB>, userId: string, courseSlug: string, quizSlug: string, at = new Date()) {
  await db
    .insertInto("quiz_attempt")
    .values({
      id: crypto.randomUUID(),
      user_id: userId,
      course_slug: courseSlug,
      quiz_slug: quizSlug,
      kind: "exam",
      attempt_no: 1,
      status: "graded",
      language: "mn",
      questions: "[]",
      started_at: at.toISOString(),
      deadline_at: null,
      submitted_at: at.toISOString(),
      graded_at: at.toISOString(),
      auto_submitted: 0,
      score: 9,
      max_score: 10,
      percent: 90,
      passed: 1,
      grades: "[]",
    })
    .execute();
}

export type Grade = { questionId: string; score: number; max: number; correct: boolean };

/**
 * An attempt of the sample course's final exam (or `quiz`) with these per-question grades and saved
 * answers (author's ids), handed in at `at`; score out of 10, passed from 60 %. For statistics tests.
 */
export async function insertGradedAttempt(
  db: Kysely<DB>,
  userId: string,
  o: {
    course?: string;
    quiz?: string;
    attemptNo?: number;
    percent: number;
    passed?: boolean;
    grades: Grade[];
    answers?: Record<string, unknown>;
    at: Date;
    status?: "graded" | "in_progress";
  },
) {
  const id = crypto.randomUUID();
  const status = o.status ?? "graded";
  const graded = status === "graded";
  await db
    .insertInto("quiz_attempt")
    .values({
      id,
      user_id: userId,
      course_slug: o.course ?? "sample",
      quiz_slug: o.quiz ?? "final",
      kind: "exam",
      attempt_no: o.attemptNo ?? 1,
      status,
      language: "mn",
      questions: JSON.stringify(o.grades.map((g) => ({ id: g.questionId }))),
      started_at: new Date(o.at.getTime() - 60_000).toISOString(),
      deadline_at: null,
      submitted_at: graded ? o.at.toISOString() : null,
      graded_at: graded ? o.at.toISOString() : null,
      auto_submitted: 0,
      score: graded ? o.percent / 10 : null,
      max_score: graded ? 10 : null,
      percent: graded ? o.percent : null,
      passed: graded ? ((o.passed ?? o.percent >= 60) ? 1 : 0) : null,
      grades: graded ? JSON.stringify(o.grades) : null,
    })
    .execute();
  for (const [questionId, response] of Object.entries(o.answers ?? {})) {
    await db
      .insertInto("attempt_answer")
      .values({ attempt_id: id, question_id: questionId, response: JSON.stringify(response), saved_at: o.at.toISOString() })
      .execute();
  }
  return id;
}
