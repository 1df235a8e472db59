// National-volume data for measuring reports (issue 10): learners in every aimag and sum, three
// enrolments each over two years, lesson progress, practice and exam attempts, and certificates
// (some expired, some revoked, some overdue learners), written in large batches through Kysely so
// that SQLite and PostgreSQL get the same rows. Scale 1 is 200,000 learners.
import { randomBytes } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { type Insertable, type Kysely, sql } from "kysely";
import { addMonths, formatSerial } from "~/features/certificates/certificates.server";
import { rebuildQuizStatistics } from "./quiz-statistics";
import { engineOf, rebuildPeopleSummaries, refreshLastActive, refreshNameTerms } from "./report-facts";
import type { DB } from "./schema";

export interface LoadCourse {
  slug: string;
  version: string;
  titleMn: string;
  titleEn: string;
  hours: number;
  validityMonths: number | null;
  /** Required lessons, in order. */
  lessons: string[];
  /** Practice quizzes of the modules. */
  quizzes: string[];
  exam: string | null;
}

export interface LoadOptions {
  /** 1 = 200,000 learners, 600,000 enrolments, about 2,000,000 attempts. */
  scale: number;
  seed: number;
  courses: LoadCourse[];
  /** One argon2 hash shared by every generated account (they are for measuring, not for signing in). */
  passwordHash: string;
  now?: Date;
  progress?: (stage: string, done: number, total: number) => void;
}

export interface LoadCounts {
  users: number;
  enrolments: number;
  lessonProgress: number;
  attempts: number;
  certificates: number;
}

export const LOAD_EMAIL_DOMAIN = "load.erdem.mn";
const DAY = 86_400_000;
const LEARNERS_AT_SCALE_1 = 200_000;
/** Ulaanbaatar holds about half the country's civil servants; the aimags share the rest. */
const CAPITAL_SHARE = 0.45;

const SURNAMES = [
  "Батбаяр",
  "Должин",
  "Түмэнбаяр",
  "Ганболд",
  "Өлзийсайхан",
  "Мөнхбат",
  "Цэцэгмаа",
  "Үүрцайх",
  "Энхбаатар",
  "Нарантуяа",
  "Пүрэвдорж",
  "Оюунбилэг",
];
const GIVEN = ["Өнөрмаа", "Тэмүүлэн", "Уянга", "Мөнх-Эрдэнэ", "Сарнай", "Баярсайхан", "Номин", "Гантулга", "Оюунгэрэл", "Төгсбаяр", "Анужин", "Хүслэн"];
const POSITIONS = ["Мэргэжилтэн", "Ахлах мэргэжилтэн", "Сумын оператор", "Хурдан цэгийн ажилтан", "Бичиг хэргийн ажилтан", "Нягтлан бодогч"];

/** A small, fast, seeded generator (mulberry32): the same seed gives the same database. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Inserts rows in batches that stay under both engines' limits on bound parameters. */
async function insertMany<T extends keyof DB & string>(db: Kysely<DB>, table: T, rows: Insertable<DB[T]>[]) {
  if (!rows.length) return;
  const columns = Object.keys(rows[0] as object).length;
  const size = Math.max(1, Math.floor(30_000 / columns));
  for (let i = 0; i < rows.length; i += size) {
    // biome-ignore lint/suspicious/noExplicitAny: the rows are typed by the caller; Kysely's generic insert cannot follow T here
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size) as any)
      .execute();
  }
}

const iso = (t: number) => new Date(t).toISOString();

export async function generateLoad(db: Kysely<DB>, opts: LoadOptions): Promise<LoadCounts> {
  const rnd = random(opts.seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const now = (opts.now ?? new Date()).getTime();
  const progress = opts.progress ?? (() => {});
  const engine = engineOf(db);
  const quietTriggers =
    engine === "postgres" &&
    Boolean((await sql<{ rolsuper: boolean }>`select rolsuper from pg_roles where rolname = current_user`.execute(db)).rows[0]?.rolsuper);
  const total = Math.max(1, Math.round(LEARNERS_AT_SCALE_1 * opts.scale));

  const [aimags, sums, orgs] = await Promise.all([
    db.selectFrom("aimag").select(["code", "name_mn", "name_en"]).orderBy("sort_order").execute(),
    db.selectFrom("sum").select(["id", "aimag_code"]).orderBy("aimag_code").orderBy("sort_order").execute(),
    db.selectFrom("organisation").select(["id", "sum_id", "name_mn", "name_en"]).where("sum_id", "is not", null).execute(),
  ]);
  const sumsOf = new Map<string, string[]>();
  for (const s of sums) sumsOf.set(s.aimag_code, [...(sumsOf.get(s.aimag_code) ?? []), s.id]);
  const officeOf = new Map(orgs.map((o) => [o.sum_id!, o]));
  const aimagOf = new Map(aimags.map((a) => [a.code, a]));
  const provinces = aimags.filter((a) => a.code !== "MN-1");
  const counters = await db.selectFrom("counter").selectAll().execute();
  const counter = new Map(counters.map((c) => [c.name, Number(c.value)]));
  let statusIndex = counter.get("status-index") ?? 0;
  const counts: LoadCounts = { users: 0, enrolments: 0, lessonProgress: 0, attempts: 0, certificates: 0 };

  // learners come in chunks: each chunk's rows of every table are written before the next chunk is made
  const CHUNK = 2_000;
  for (let start = 0; start < total; start += CHUNK) {
    const n = Math.min(CHUNK, total - start);
    const users: Insertable<DB["users"]>[] = [];
    const roles: Insertable<DB["user_role"]>[] = [];
    const enrolments: Insertable<DB["enrolment"]>[] = [];
    const lessons: Insertable<DB["lesson_progress"]>[] = [];
    const attempts: Insertable<DB["quiz_attempt"]>[] = [];
    const certificates: Insertable<DB["certificate"]>[] = [];
    for (let i = 0; i < n; i++) {
      const k = start + i;
      // every sum gets learners: the first pass walks the sums in turn, the rest is drawn by weight
      const aimag = k < sums.length ? sums[k].aimag_code : rnd() < CAPITAL_SHARE ? "MN-1" : pick(provinces).code;
      const sumId = k < sums.length ? sums[k].id : pick(sumsOf.get(aimag)!);
      const office = officeOf.get(sumId)!;
      const id = crypto.randomUUID();
      const joined = now - Math.floor(rnd() * 730 * DAY);
      const surname = pick(SURNAMES);
      const givenName = pick(GIVEN);
      users.push({
        id,
        email: `load-${opts.seed}-${k}@${LOAD_EMAIL_DOMAIN}`,
        surname,
        given_name: givenName,
        position: pick(POSITIONS),
        organisation_id: office.id,
        aimag_code: aimag,
        sum_id: sumId,
        password_hash: opts.passwordHash,
        locale: rnd() < 0.9 ? "mn" : "en",
        created_at: iso(joined),
        updated_at: iso(joined),
        disabled_at: null,
        phone: null,
      });
      roles.push({ user_id: id, role: "learner", aimag_code: null, granted_at: iso(joined), granted_by: null });
      const courses = [...opts.courses].sort(() => rnd() - 0.5).slice(0, 3);
      for (const course of courses) {
        const enrolledAt = joined + Math.floor(rnd() * Math.max(1, now - joined));
        const roll = rnd();
        const state = roll < 0.25 ? "completed" : roll < 0.7 ? "in_progress" : roll < 0.95 ? "not_started" : "withdrawn";
        const dueAt = rnd() < 0.6 ? enrolledAt + 90 * DAY : null;
        const completedAt = state === "completed" ? Math.min(now - DAY, enrolledAt + Math.floor((5 + rnd() * 80) * DAY)) : null;
        enrolments.push({
          id: crypto.randomUUID(),
          user_id: id,
          course_slug: course.slug,
          status: state === "withdrawn" ? "withdrawn" : "active",
          enrolled_at: iso(enrolledAt),
          enrolled_by: null,
          due_at: dueAt === null ? null : iso(dueAt),
          aimag_code: aimag,
          sum_id: sumId,
          organisation_id: office.id,
          completed_at: completedAt === null ? null : iso(completedAt),
          withdrawn_at: state === "withdrawn" ? iso(Math.min(now, enrolledAt + 30 * DAY)) : null,
        });
        const doneCount =
          state === "completed"
            ? course.lessons.length
            : state === "in_progress" || state === "withdrawn"
              ? 1 + Math.floor(rnd() * (course.lessons.length - 1))
              : 0;
        const stamp = (j: number) => iso(Math.min(now, enrolledAt + (j + 1) * DAY));
        for (let j = 0; j < doneCount; j++) lessons.push({ user_id: id, course_slug: course.slug, lesson_slug: course.lessons[j], completed_at: stamp(j) });
        // practice: a try or two at the quizzes of the modules reached; the exam for those who finished
        const reached = state === "completed" ? course.quizzes.length : Math.floor((doneCount / Math.max(1, course.lessons.length)) * course.quizzes.length);
        const attempt = (quiz: string, kind: "exam" | "practice", no: number, at: number, passed: boolean) => {
          const percent = passed ? 70 + Math.floor(rnd() * 31) : Math.floor(rnd() * 69);
          attempts.push({
            id: crypto.randomUUID(),
            user_id: id,
            course_slug: course.slug,
            quiz_slug: quiz,
            kind,
            attempt_no: no,
            status: "graded",
            language: "mn",
            questions: "[]",
            started_at: iso(at - 20 * 60_000),
            deadline_at: kind === "exam" ? iso(at + 10 * 60_000) : null,
            submitted_at: iso(at),
            graded_at: iso(at),
            auto_submitted: 0,
            score: percent / 10,
            max_score: 10,
            percent,
            passed: passed ? 1 : 0,
            grades: null,
          });
        };
        for (let q = 0; q < reached; q++) {
          const tries = 1 + Math.floor(rnd() * 2);
          for (let t = 0; t < tries; t++)
            attempt(course.quizzes[q], "practice", t + 1, Math.min(now, enrolledAt + (q + 1) * 2 * DAY + t * 3600_000), t === tries - 1);
        }
        if (course.exam && (state === "completed" || (state === "in_progress" && rnd() < 0.3))) {
          const failures = rnd() < 0.3 ? 1 : 0;
          const at = completedAt ?? Math.min(now, enrolledAt + 20 * DAY);
          for (let t = 0; t < failures; t++) attempt(course.exam, "exam", t + 1, at - DAY, false);
          attempt(course.exam, "exam", failures + 1, at, state === "completed");
        }
        if (state === "completed" && completedAt !== null) {
          const year = new Date(completedAt + 8 * 3600_000).getUTCFullYear();
          const serialNo = (counter.get(`serial:${year}`) ?? 0) + 1;
          counter.set(`serial:${year}`, serialNo);
          statusIndex += 1;
          const expires = course.validityMonths ? addMonths(new Date(completedAt), course.validityMonths) : null;
          const revoked = rnd() < 0.01;
          const a = aimagOf.get(aimag)!;
          certificates.push({
            id: crypto.randomUUID(),
            serial: formatSerial(year, serialNo),
            code: encodeBase32LowerCaseNoPadding(randomBytes(20)),
            status_index: statusIndex,
            user_id: id,
            course_slug: course.slug,
            course_version: course.version,
            course_title_mn: course.titleMn,
            course_title_en: course.titleEn,
            hours: course.hours,
            learner_name: `${surname} ${givenName}`,
            learner_surname: surname,
            aimag_code: aimag,
            aimag_mn: a.name_mn,
            aimag_en: a.name_en,
            organisation_mn: office.name_mn,
            organisation_en: office.name_en,
            issued_at: iso(completedAt),
            expires_at: expires ? expires.toISOString() : null,
            issued_by: null,
            offline_reason: null,
            renewed_from: null,
            revoked_at: revoked ? iso(Math.min(now, completedAt + 30 * DAY)) : null,
            revoked_reason: revoked ? "Алдаатай олгосон" : null,
            revoked_by: null,
          });
        }
      }
    }
    await db.transaction().execute(async (trx) => {
      // Lessons, attempts and certificates go in before the enrolments they belong to, so that each
      // enrolment's insert trigger reads its facts once (db/report-facts.ts). PostgreSQL runs its
      // row triggers in PL/pgSQL, slowly for millions of rows: there they are off for those
      // tables (a superuser's session setting, gone at commit): the learners' name terms and last
      // activity are computed for the batch instead, and the people summaries once at the end.
      if (quietTriggers) await sql`set local session_replication_role = replica`.execute(trx);
      await insertMany(trx, "users", users);
      await insertMany(trx, "user_role", roles);
      await insertMany(trx, "lesson_progress", lessons);
      await insertMany(trx, "quiz_attempt", attempts);
      await insertMany(trx, "certificate", certificates);
      if (quietTriggers) {
        const ids = users.map((u) => u.id);
        await refreshNameTerms(trx, ids);
        await refreshLastActive(trx, engine, ids);
        await sql`set local session_replication_role = origin`.execute(trx);
      }
      await insertMany(trx, "enrolment", enrolments);
      for (const [name, value] of counter)
        await trx
          .insertInto("counter")
          .values({ name, value })
          .onConflict((oc) => oc.column("name").doUpdateSet({ value }))
          .execute();
      await trx
        .insertInto("counter")
        .values({ name: "status-index", value: statusIndex })
        .onConflict((oc) => oc.column("name").doUpdateSet({ value: statusIndex }))
        .execute();
    });
    counts.users += users.length;
    counts.enrolments += enrolments.length;
    counts.lessonProgress += lessons.length;
    counts.attempts += attempts.length;
    counts.certificates += certificates.length;
    progress("learners", start + n, total);
  }
  if (quietTriggers) {
    await rebuildPeopleSummaries(db);
    // the attempts went in with the triggers off: their exam statistics summaries from scratch (migration 0016)
    await rebuildQuizStatistics(db, engine);
  }
  return counts;
}
