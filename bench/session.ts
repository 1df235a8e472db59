import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { createCookie } from "@remix-run/node";
import type { Kysely } from "kysely";
import { createUser } from "../db/factories";
import type { DB } from "../db/schema";

/** A session row as the app creates it (token → SHA-256 id), for load tests. */
export async function createSessionRow(db: Kysely<DB>, userId: string): Promise<string> {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  const token = encodeBase32LowerCaseNoPadding(bytes);
  const now = Date.now();
  await db
    .insertInto("session")
    .values({
      id: encodeHexLowerCase(sha256(new TextEncoder().encode(token))),
      user_id: userId,
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + 30 * 86400_000).toISOString(),
      user_agent: "bench",
    })
    .execute();
  return token;
}

/**
 * `count` learners (bench-0@example.mn …, spread over four aimags), each signed in: their session
 * cookies, as "name=value". `each` runs for every learner before its session (an enrolment, say).
 */
export async function signInLearners(db: Kysely<DB>, count: number, each?: (user: Awaited<ReturnType<typeof createUser>>) => Promise<void>): Promise<string[]> {
  const cookie = createCookie("erdem_session");
  const cookies: string[] = [];
  for (let i = 0; i < count; i++) {
    const user = await createUser(db, {
      email: `bench-${i}@example.mn`,
      givenName: `Суралцагч ${i}`,
      aimagCode: ["MN-069", "MN-037", "MN-063", "MN-041"][i % 4],
    });
    await each?.(user);
    cookies.push((await cookie.serialize(await createSessionRow(db, user.id))).split(";")[0]);
  }
  return cookies;
}

/** Enrols a learner (made by `signInLearners`) in a course, with these lessons read, as the app records them. */
export async function enrolLearner(
  db: Kysely<DB>,
  user: Awaited<ReturnType<typeof createUser>>,
  course: string,
  { lessonsDone = [], dueAt = null }: { lessonsDone?: string[]; dueAt?: string | null } = {},
): Promise<void> {
  const now = new Date().toISOString();
  await db
    .insertInto("enrolment")
    .values({
      id: crypto.randomUUID(),
      user_id: user.id,
      course_slug: course,
      status: "active",
      enrolled_at: now,
      enrolled_by: null,
      due_at: dueAt,
      aimag_code: user.aimagCode,
      sum_id: user.sumId,
      organisation_id: user.organisationId,
      completed_at: null,
      withdrawn_at: null,
    })
    .execute();
  for (const lesson of lessonsDone)
    await db.insertInto("lesson_progress").values({ user_id: user.id, course_slug: course, lesson_slug: lesson, completed_at: now }).execute();
}
