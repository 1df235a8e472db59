// What an exam's statistics page reads at national volume (decision 035, addendum): three summaries
// of the graded attempts kept by database triggers in the same transaction as every write to
// quiz_attempt and attempt_answer, whichever code writes (grading, an import, a user's deletion that
// cascades), so that they cannot drift.
// - quiz_score_band: graded attempts per quiz and percent score (the upper and lower 27 % groups are
//   read from it: the percents above a group's edge, and the attempts at the edge in proportion);
// - quiz_question_stat: per quiz, question and attempt percent — presented, fully correct, score sum
//   (from each attempt's own grades JSON);
// - quiz_option_stat: per quiz, question and option — times chosen (from the saved answers).
// `rebuildQuizStatistics` recomputes them from scratch (the migration's backfill, a repair).
import { type Kysely, sql } from "kysely";
import type { Engine } from "./report-facts";

/** The rows of an attempt's grades JSON: question_id, correct (0/1), score. */
function gradeRows(engine: Engine, grades: string) {
  return engine === "sqlite"
    ? {
        from: `json_each(${grades}) j`,
        questionId: "(j.value ->> '$.questionId')",
        correct: "(case when j.value ->> '$.correct' then 1 else 0 end)",
        score: "coalesce(j.value ->> '$.score', 0)",
      }
    : {
        from: `jsonb_array_elements((${grades})::jsonb) j(value)`,
        questionId: "(j.value ->> 'questionId')",
        correct: "(case when (j.value ->> 'correct')::boolean then 1 else 0 end)",
        score: "coalesce((j.value ->> 'score')::float8, 0)",
      };
}

/** The option ids a saved response chose (single and multiple choice; nothing for other types), as rows o.value. */
function chosenOptions(engine: Engine, response: string) {
  return engine === "sqlite"
    ? `json_each(case ${response} ->> '$.type' when 'single' then json_array(${response} ->> '$.optionId') when 'multiple' then ${response} -> '$.optionIds' else '[]' end) o`
    : // PostgreSQL refuses to read a JSON text holding \u0000 (any text answer may): such a response
      // chose no option, and is not read at all
      `json_array_elements_text(case when strpos(${response}, E'\\\\u0000') > 0 then '[]'::json else (case (${response})::json ->> 'type' when 'single' then json_build_array((${response})::json -> 'optionId') when 'multiple' then (${response})::json -> 'optionIds' else '[]'::json end) end) o(value)`;
}

const graded = (r: string) => `${r}.status = 'graded'`;

// Every upsert takes its rows in key order (order by the question, then the option): on PostgreSQL two
// gradings that share summary rows then lock them in the same order and wait for each other instead of
// deadlocking. Gradings at the same percent wait on the band row first, which every one of them takes first.

/** Adds (1) or takes away (-1) one graded attempt's percent band and per-question counts. */
function attemptUpserts(engine: Engine, r: "NEW" | "OLD", sign: 1 | -1): string[] {
  const g = gradeRows(engine, `${r}.grades`);
  const s = (v: string) => (sign === 1 ? v : `-(${v})`);
  return [
    `insert into quiz_score_band (course_slug, quiz_slug, percent, attempts)
    select ${r}.course_slug, ${r}.quiz_slug, coalesce(${r}.percent, 0), ${sign} where ${graded(r)}
    on conflict (course_slug, quiz_slug, percent) do update set attempts = quiz_score_band.attempts + excluded.attempts;`,
    `insert into quiz_question_stat (course_slug, quiz_slug, question_id, percent, presented, correct, score_sum)
    select ${r}.course_slug, ${r}.quiz_slug, ${g.questionId}, coalesce(${r}.percent, 0), ${s("count(*)")}, ${s(`sum(${g.correct})`)}, ${s(`sum(${g.score})`)}
    from ${g.from} where ${graded(r)} and ${r}.grades is not null and ${g.questionId} is not null group by ${g.questionId} order by 3
    on conflict (course_slug, quiz_slug, question_id, percent) do update set presented = quiz_question_stat.presented + excluded.presented,
      correct = quiz_question_stat.correct + excluded.correct, score_sum = quiz_question_stat.score_sum + excluded.score_sum;`,
  ];
}

const optionConflict = `on conflict (course_slug, quiz_slug, question_id, option_id) do update set chosen = quiz_option_stat.chosen + excluded.chosen;`;

/** Adds or takes away the options every saved answer of one graded attempt chose. */
function attemptOptionsUpsert(engine: Engine, r: "NEW" | "OLD", sign: 1 | -1) {
  return `insert into quiz_option_stat (course_slug, quiz_slug, question_id, option_id, chosen)
    select ${r}.course_slug, ${r}.quiz_slug, aa.question_id, o.value, ${sign} * count(*)
    from attempt_answer aa cross join ${chosenOptions(engine, "aa.response")}
    where aa.attempt_id = ${r}.id and ${graded(r)} and o.value is not null group by aa.question_id, o.value order by 3, 4
    ${optionConflict}`;
}

/** Adds or takes away the options one saved answer chose, when its attempt is graded (and still there). */
function answerOptionsUpsert(engine: Engine, r: "NEW" | "OLD", sign: 1 | -1) {
  return `insert into quiz_option_stat (course_slug, quiz_slug, question_id, option_id, chosen)
    select a.course_slug, a.quiz_slug, ${r}.question_id, o.value, ${sign} * count(*)
    from quiz_attempt a cross join ${chosenOptions(engine, `${r}.response`)}
    where a.id = ${r}.attempt_id and a.status = 'graded' and o.value is not null group by a.course_slug, a.quiz_slug, o.value order by 4
    ${optionConflict}`;
}

/** An attempt's change that the summaries count on. */
const ATTEMPT_CHANGED = ["status", "grades", "percent", "course_slug", "quiz_slug", "id"].map((c) => `NEW.${c} is distinct from OLD.${c}`).join(" or ");

interface TriggerSpec {
  name: string;
  table: "quiz_attempt" | "attempt_answer";
  timing: "before" | "after";
  event: "insert" | "update" | "delete";
  when?: string;
  body: (engine: Engine) => string[];
}

const TRIGGERS: TriggerSpec[] = [
  {
    name: "quiz_attempt_stats_ins",
    table: "quiz_attempt",
    timing: "after",
    event: "insert",
    when: graded("NEW"),
    body: (e) => [...attemptUpserts(e, "NEW", 1), attemptOptionsUpsert(e, "NEW", 1)],
  },
  {
    name: "quiz_attempt_stats_upd",
    table: "quiz_attempt",
    timing: "after",
    event: "update",
    when: `(${graded("OLD")} or ${graded("NEW")}) and (${ATTEMPT_CHANGED})`,
    body: (e) => [...attemptUpserts(e, "OLD", -1), attemptOptionsUpsert(e, "OLD", -1), ...attemptUpserts(e, "NEW", 1), attemptOptionsUpsert(e, "NEW", 1)],
  },
  {
    // before: the saved answers are still there (a cascade removes them after the attempt, and their
    // own trigger then finds no graded attempt, so nothing is taken away twice)
    name: "quiz_attempt_stats_del",
    table: "quiz_attempt",
    timing: "before",
    event: "delete",
    when: graded("OLD"),
    body: (e) => [...attemptUpserts(e, "OLD", -1), attemptOptionsUpsert(e, "OLD", -1)],
  },
  { name: "attempt_answer_stats_ins", table: "attempt_answer", timing: "after", event: "insert", body: (e) => [answerOptionsUpsert(e, "NEW", 1)] },
  {
    name: "attempt_answer_stats_upd",
    table: "attempt_answer",
    timing: "after",
    event: "update",
    when: "NEW.response is distinct from OLD.response or NEW.question_id is distinct from OLD.question_id or NEW.attempt_id is distinct from OLD.attempt_id",
    body: (e) => [answerOptionsUpsert(e, "OLD", -1), answerOptionsUpsert(e, "NEW", 1)],
  },
  { name: "attempt_answer_stats_del", table: "attempt_answer", timing: "after", event: "delete", body: (e) => [answerOptionsUpsert(e, "OLD", -1)] },
];

/** The statements that create the triggers on this engine (a PL/pgSQL function each on PostgreSQL). */
export function createQuizStatisticsTriggers(engine: Engine): string[] {
  return TRIGGERS.flatMap((t) => {
    const body = t.body(engine).join("\n    ");
    const when = t.when ? (engine === "sqlite" ? ` when ${t.when}` : ` when (${t.when})`) : "";
    if (engine === "sqlite") return [`create trigger ${t.name} ${t.timing} ${t.event} on ${t.table} for each row${when}\n  begin\n    ${body}\n  end`];
    // a before-delete trigger that returned null would cancel the delete
    const result = t.timing === "before" ? "OLD" : "null";
    return [
      `create or replace function ${t.name}_fn() returns trigger language plpgsql as $$\n  begin\n    ${body}\n    return ${result};\n  end $$`,
      `create trigger ${t.name} ${t.timing} ${t.event} on ${t.table} for each row${when} execute function ${t.name}_fn()`,
    ];
  });
}

export function dropQuizStatisticsTriggers(engine: Engine): string[] {
  return TRIGGERS.flatMap((t) =>
    engine === "sqlite" ? [`drop trigger if exists ${t.name}`] : [`drop trigger if exists ${t.name} on ${t.table}`, `drop function if exists ${t.name}_fn()`],
  );
}

/** Recomputes the three summaries from the graded attempts and their saved answers (what the triggers keep them equal to). */
export async function rebuildQuizStatistics(db: Kysely<any>, engine: Engine) {
  const g = gradeRows(engine, "a.grades");
  await sql`delete from quiz_score_band`.execute(db);
  await sql`insert into quiz_score_band (course_slug, quiz_slug, percent, attempts)
    select course_slug, quiz_slug, coalesce(percent, 0), count(*) from quiz_attempt where status = 'graded'
    group by course_slug, quiz_slug, coalesce(percent, 0)`.execute(db);
  await sql`delete from quiz_question_stat`.execute(db);
  await sql
    .raw(`insert into quiz_question_stat (course_slug, quiz_slug, question_id, percent, presented, correct, score_sum)
    select a.course_slug, a.quiz_slug, ${g.questionId}, coalesce(a.percent, 0), count(*), sum(${g.correct}), sum(${g.score})
    from quiz_attempt a cross join ${g.from}
    where a.status = 'graded' and a.grades is not null and ${g.questionId} is not null
    group by a.course_slug, a.quiz_slug, ${g.questionId}, coalesce(a.percent, 0)`)
    .execute(db);
  await sql`delete from quiz_option_stat`.execute(db);
  await sql
    .raw(`insert into quiz_option_stat (course_slug, quiz_slug, question_id, option_id, chosen)
    select a.course_slug, a.quiz_slug, aa.question_id, o.value, count(*)
    from quiz_attempt a join attempt_answer aa on aa.attempt_id = a.id cross join ${chosenOptions(engine, "aa.response")}
    where a.status = 'graded' and o.value is not null
    group by a.course_slug, a.quiz_slug, aa.question_id, o.value`)
    .execute(db);
}
