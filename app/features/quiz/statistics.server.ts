// An exam's statistics from its graded attempts, added up by the database: the score distribution,
// each question's counts over the attempts that drew it and the options chosen (from the summaries
// triggers keep of each attempt's grades and saved answers, migration 0016), and the attempts list
// a keyset page at a time. Nothing here
// loads every attempt into memory; an export walks the list in bounded pages. See decision 035.
import { sql } from "kysely";
import { db } from "~/db.server";
import { hasRole } from "~/features/auth/guards.server";
import type { SessionUser } from "~/features/auth/session.server";
import { trainerScope } from "~/features/content/trainers.server";
import type { Question } from "~/features/content/schemas";
import type { Language } from "~/i18n/config";
import type { QuizRef } from "./attempts.server";
import { questionIndex } from "./grading";
import { analyseItem, BINS, groupEdges, type ItemAnalysis, type ItemCounts, medianOf } from "./statistics";

/**
 * Who reads a course's exam statistics: administrators, and the course's trainers (the one rule,
 * trainers.server.ts, that the learner lists use). The figures are anonymous and over every attempt;
 * the named attempts list is narrowed to the trainer's learner scope in the course.
 * Null: not for this user.
 */
export async function statisticsScope(
  user: Pick<SessionUser, "id" | "roles"> & { email?: string },
  courseSlug: string,
): Promise<{ attempts: "all" | string[] } | null> {
  if (hasRole(user, "admin")) return { attempts: "all" };
  const learners = await trainerScope(user, courseSlug);
  return learners ? { attempts: learners } : null;
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

function gradedOf(ref: QuizRef) {
  return db.selectFrom("quiz_attempt").where("course_slug", "=", ref.course.slug).where("quiz_slug", "=", ref.slug).where("status", "=", "graded");
}

/** Attempts, learners, passes, the ten bins of percent scores, and the median. */
export async function scoreSummary(ref: QuizRef) {
  const bins = BINS.map((b, i) =>
    i === 9
      ? sql<number>`sum(case when percent >= ${b.from} then 1 else 0 end)`.as(`b${i}`)
      : sql<number>`sum(case when percent >= ${b.from} and percent < ${b.from + 10} then 1 else 0 end)`.as(`b${i}`),
  );
  const row = await gradedOf(ref)
    .select([
      sql<number>`count(*)`.as("attempts"),
      sql<number>`count(distinct user_id)`.as("learners"),
      sql<number>`sum(case when passed = 1 then 1 else 0 end)`.as("passed"),
      sql<number>`avg(percent)`.as("mean"),
      ...bins,
    ])
    .executeTakeFirstOrThrow();
  const attempts = num(row.attempts);
  const r = row as unknown as Record<string, unknown>;
  // the median: the one or two middle scores, read in score order
  const middle = attempts
    ? await gradedOf(ref)
        .select("percent")
        .orderBy("percent")
        .limit(attempts % 2 ? 1 : 2)
        .offset(Math.floor((attempts - 1) / 2))
        .execute()
    : [];
  return {
    attempts,
    learners: num(row.learners),
    passed: num(row.passed),
    passRate: attempts ? num(row.passed) / attempts : null,
    mean: attempts ? Math.round(num(row.mean) * 100) / 100 : null,
    median: medianOf(
      middle.map((m) => num(m.percent)),
      attempts,
    ),
    bins: BINS.map((b, i) => ({ ...b, count: num(r[`b${i}`]) })),
  };
}

/**
 * Per question id, over the graded attempts that drew it: presented, fully correct, the sum of
 * scores, and the same counts in the upper and lower 27 % of all graded attempts ranked by percent.
 * Read from the summaries the database keeps (migration 0016): the attempts per percent give the
 * groups' edges, and each question's rows by percent are added up above and at each edge — attempts
 * tied at an edge count in proportion (the expected counts of a random tie-break).
 */
export async function itemCounts(ref: QuizRef): Promise<ItemCounts[]> {
  const bands = await db
    .selectFrom("quiz_score_band")
    .select(["percent", "attempts"])
    .where("course_slug", "=", ref.course.slug)
    .where("quiz_slug", "=", ref.slug)
    .where("attempts", ">", 0)
    .execute();
  const edges = groupEdges(bands.map((b) => ({ percent: num(b.percent), attempts: num(b.attempts) })));
  // without groups, edges no percent reaches (a percent is 0–100)
  const upper = edges?.upper.percent ?? 1e9;
  const lower = edges?.lower.percent ?? -1e9;
  const { rows } = await sql<Record<string, string | number | null>>`
    select question_id,
      sum(presented) as presented,
      sum(correct) as correct,
      sum(score_sum) as score_sum,
      sum(case when percent > ${upper} then presented else 0 end) as above_n,
      sum(case when percent > ${upper} then correct else 0 end) as above_correct,
      sum(case when percent = ${upper} then presented else 0 end) as upper_edge_n,
      sum(case when percent = ${upper} then correct else 0 end) as upper_edge_correct,
      sum(case when percent < ${lower} then presented else 0 end) as below_n,
      sum(case when percent < ${lower} then correct else 0 end) as below_correct,
      sum(case when percent = ${lower} then presented else 0 end) as lower_edge_n,
      sum(case when percent = ${lower} then correct else 0 end) as lower_edge_correct
    from quiz_question_stat
    where course_slug = ${ref.course.slug} and quiz_slug = ${ref.slug}
    group by question_id
  `.execute(db);
  const fu = edges?.upper.share ?? 0;
  const fl = edges?.lower.share ?? 0;
  const r6 = (n: number) => Math.round(n * 1_000_000) / 1_000_000;
  return rows
    .filter((r) => num(r.presented) > 0)
    .map((r) => ({
      questionId: String(r.question_id),
      presented: num(r.presented),
      correct: num(r.correct),
      scoreSum: r6(num(r.score_sum)),
      upperN: num(r.above_n) + fu * num(r.upper_edge_n),
      upperCorrect: num(r.above_correct) + fu * num(r.upper_edge_correct),
      lowerN: num(r.below_n) + fl * num(r.lower_edge_n),
      lowerCorrect: num(r.below_correct) + fl * num(r.lower_edge_correct),
    }));
}

/** How many graded attempts chose each option, per question (single and multiple choice; the author's ids), from the summary (0016). */
export async function optionCounts(ref: QuizRef): Promise<Map<string, Map<string, number>>> {
  const rows = await db
    .selectFrom("quiz_option_stat")
    .select(["question_id", "option_id", "chosen"])
    .where("course_slug", "=", ref.course.slug)
    .where("quiz_slug", "=", ref.slug)
    .where("chosen", ">", 0)
    .execute();
  const out = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const m = out.get(r.question_id) ?? new Map<string, number>();
    m.set(String(r.option_id), num(r.chosen));
    out.set(r.question_id, m);
  }
  return out;
}

export interface OptionStat {
  id: string;
  text: string;
  correct: boolean;
  chosen: number;
  /** Of the attempts that drew the question. */
  share: number | null;
}

export interface QuestionStat extends ItemAnalysis {
  pool: string;
  question: Question;
  /** Average score as a share of the question's points. */
  averageShare: number | null;
  options: OptionStat[];
}

/** Every question of the quiz (in the quiz file's order) with its analysis and option counts; questions never drawn included. */
export async function questionStatistics(ref: QuizRef, lng: Language): Promise<QuestionStat[]> {
  const [counts, options] = await Promise.all([itemCounts(ref), optionCounts(ref)]);
  const byId = new Map(counts.map((c) => [c.questionId, c]));
  const index = questionIndex(ref.quiz);
  return ref.quiz.pools.flatMap((pool) =>
    pool.questions.map((q) => {
      const c = byId.get(q.id) ?? { questionId: q.id, presented: 0, correct: 0, scoreSum: 0, upperN: 0, upperCorrect: 0, lowerN: 0, lowerCorrect: 0 };
      const question = index.get(q.id) ?? q;
      const chosen = options.get(q.id) ?? new Map<string, number>();
      const opts: OptionStat[] =
        question.type === "single" || question.type === "multiple"
          ? question.options.map((o) => ({
              id: o.id,
              text: o.text[lng],
              correct: Boolean(o.correct),
              chosen: chosen.get(o.id) ?? 0,
              share: c.presented ? (chosen.get(o.id) ?? 0) / c.presented : null,
            }))
          : [];
      const keyChosen = Math.max(0, ...opts.filter((o) => o.correct).map((o) => o.chosen));
      const distractorAboveKey = question.type === "single" && opts.some((o) => !o.correct && o.chosen > keyChosen);
      return {
        ...analyseItem(c, distractorAboveKey),
        pool: pool.id,
        question,
        averageShare: c.presented && q.points ? c.scoreSum / c.presented / q.points : null,
        options: opts,
      };
    }),
  );
}

// ---- the attempts list ----

export const ATTEMPTS_PER_PAGE = 50;

/** Where a page starts: after this attempt in the list's order (newest hand-in first). */
export interface AttemptCursor {
  submittedAt: string;
  id: string;
}

export function encodeCursor(c: AttemptCursor): string {
  return Buffer.from(JSON.stringify([c.submittedAt, c.id])).toString("base64url");
}

/** A cursor from the URL; undefined for anything that is not one (the list then starts at the top). */
export function decodeCursor(value: string | null): AttemptCursor | undefined {
  if (!value || value.length > 400) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === "string" && typeof parsed[1] === "string" && parsed[0] && parsed[1]) {
      return { submittedAt: parsed[0], id: parsed[1] };
    }
  } catch {
    // not base64url JSON: start at the top
  }
  return undefined;
}

/**
 * One page of graded attempts, newest hand-in first, with the learner's name; `aimags` narrows it
 * to learners of those aimags (a trainer's scope). `next` is the cursor of the following page.
 */
export async function attemptPage(ref: QuizRef, aimags: "all" | string[], after: AttemptCursor | undefined, limit = ATTEMPTS_PER_PAGE) {
  let q = db
    .selectFrom("quiz_attempt as a")
    .innerJoin("users as u", "u.id", "a.user_id")
    .select(["a.id", "a.submitted_at", "a.attempt_no", "a.score", "a.max_score", "a.percent", "a.passed", "u.surname", "u.given_name", "u.aimag_code"])
    .where("a.course_slug", "=", ref.course.slug)
    .where("a.quiz_slug", "=", ref.slug)
    .where("a.status", "=", "graded");
  if (aimags !== "all") q = q.where("u.aimag_code", "in", aimags.length ? aimags : ["-"]);
  if (after) {
    // a row-value comparison: both engines read it as a range of the hand-in index
    q = q.where((eb) => eb(eb.refTuple("a.submitted_at", "a.id"), "<", eb.tuple(after.submittedAt, after.id)));
  }
  const rows = await q
    .orderBy("a.submitted_at", "desc")
    .orderBy("a.id", "desc")
    .limit(limit + 1)
    .execute();
  const more = rows.length > limit;
  const page = rows.slice(0, limit).map((r) => ({
    id: r.id,
    submittedAt: r.submitted_at ?? "",
    attemptNo: num(r.attempt_no),
    score: num(r.score),
    maxScore: num(r.max_score),
    percent: num(r.percent),
    passed: num(r.passed) === 1,
    surname: r.surname,
    givenName: r.given_name,
  }));
  const last = page[page.length - 1];
  return { rows: page, next: more && last ? encodeCursor({ submittedAt: last.submittedAt, id: last.id }) : null };
}

/** Every attempt in scope, a page at a time (for an export: one page in memory). */
export async function* attemptPages(ref: QuizRef, aimags: "all" | string[], pageSize = 1000) {
  let after: AttemptCursor | undefined;
  for (;;) {
    const { rows, next } = await attemptPage(ref, aimags, after, pageSize);
    if (rows.length) yield rows;
    if (!next) return;
    after = decodeCursor(next);
  }
}
