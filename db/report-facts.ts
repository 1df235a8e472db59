// What the reports read at national volume without walking every attempt: facts about each
// enrolment kept on its row (lessons done, exam attempts, best score, when passed, the valid
// certificate) and on the learner (last learning activity), and two summary tables over those rows (counts per place, course and
// enrolment month; enrolments and completions per aimag, course and day). Database triggers keep
// them in the same transaction as every write to the tables they come from, whichever code writes,
// so they cannot drift; `refreshEnrolmentFacts` and `rebuildReportSummaries` recompute them from
// scratch (the migration that adds them, the load generator, a repair). See decision 023.
import { type Kysely, SqliteAdapter, sql } from "kysely";
import type { DB } from "./schema";

export type Engine = "sqlite" | "postgres";

export function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter instanceof SqliteAdapter ? "sqlite" : "postgres";
}

/** The month (YYYY-MM) or day (YYYY-MM-DD) of an ISO UTC time in Ulaanbaatar (UTC+8, no DST). */
export function ulaanbaatarPeriod(engine: Engine, column: string, unit: "month" | "day") {
  return engine === "sqlite"
    ? `strftime('${unit === "month" ? "%Y-%m" : "%Y-%m-%d"}', ${column}, '+8 hours')`
    : `to_char((${column})::timestamptz at time zone 'Asia/Ulaanbaatar', '${unit === "month" ? "YYYY-MM" : "YYYY-MM-DD"}')`;
}

/**
 * Begun: a lesson done or the exam passed (a completed enrolment counts as begun too). The same
 * condition as `learnerStatusSql`'s "in progress"; a test holds the two to each other.
 */
const began = (r: string) => `(${r}.completed_at is not null or ${r}.lessons_done > 0 or ${r}.exam_passed_at is not null)`;
const flag = (condition: string) => `(case when ${condition} then 1 else 0 end)`;

/**
 * What one enrolment row counts for in its summary row, by the status rule's order: completed, else
 * withdrawn, else open (active); "started" counts everyone who began, whatever became of them.
 */
function summaryCounters(r: string): [string, string][] {
  const open = `${r}.completed_at is null and ${r}.status = 'active'`;
  return [
    ["enrolled", "1"],
    ["completed", flag(`${r}.completed_at is not null`)],
    ["withdrawn", flag(`${r}.completed_at is null and ${r}.status = 'withdrawn'`)],
    ["ongoing", flag(open)],
    ["ongoing_started", flag(`${open} and (${r}.lessons_done > 0 or ${r}.exam_passed_at is not null)`)],
    ["started", flag(began(r))],
    ["exam_takers", flag(`${r}.exam_attempts > 0`)],
    ["exam_passed", flag(`${r}.exam_passed_at is not null`)],
    ["exam_best_sum", `coalesce(${r}.exam_best, 0)`],
    ["certified", flag(`${r}.certificate_issued_at is not null`)],
  ];
}

/** Adds (sign 1) or takes away (sign -1) one enrolment row's counters in its summary row. */
function summaryUpsert(engine: Engine, r: "NEW" | "OLD", sign: 1 | -1) {
  const counters = summaryCounters(r);
  return `insert into enrolment_summary (aimag_code, sum_id, organisation_id, course_slug, cohort, ${counters.map(([c]) => c).join(", ")})
    values (${r}.aimag_code, ${r}.sum_id, ${r}.organisation_id, ${r}.course_slug, ${ulaanbaatarPeriod(engine, `${r}.enrolled_at`, "month")}, ${counters.map(([, v]) => (sign === 1 ? v : `-${v}`)).join(", ")})
    on conflict (aimag_code, sum_id, organisation_id, course_slug, cohort) do update set
    ${counters.map(([c]) => `${c} = enrolment_summary.${c} + excluded.${c}`).join(", ")};`;
}

/** Enrolments by the day they were made and completions by the day they happened. */
function dailyUpserts(engine: Engine, r: "NEW" | "OLD", sign: 1 | -1) {
  const upsert = (column: "enrolled" | "completed") =>
    `insert into activity_daily (aimag_code, course_slug, day, enrolled, completed)
    select ${r}.aimag_code, ${r}.course_slug, ${ulaanbaatarPeriod(engine, `${r}.${column === "enrolled" ? "enrolled_at" : "completed_at"}`, "day")}, ${column === "enrolled" ? sign : 0}, ${column === "completed" ? sign : 0}
    where ${r}.${column === "enrolled" ? "enrolled_at" : "completed_at"} is not null
    on conflict (aimag_code, course_slug, day) do update set ${column} = activity_daily.${column} + excluded.${column};`;
  return [upsert("enrolled"), upsert("completed")];
}

/** The exam facts of one learner and course, recomputed from their graded exam attempts. */
const examFacts = (r: string) => {
  const graded = `from quiz_attempt q where q.user_id = ${r}.user_id and q.course_slug = ${r}.course_slug and q.kind = 'exam' and q.status = 'graded'`;
  return `exam_attempts = (select count(*) ${graded}),
    exam_best = (select max(q.percent) ${graded}),
    exam_passed_at = (select min(coalesce(q.graded_at, q.submitted_at, q.started_at)) ${graded} and q.passed = 1)`;
};

/** The newest certificate that is not revoked: when it was issued and when it expires. */
const certificateFacts = (r: string) => {
  const newest = `from certificate c where c.user_id = ${r}.user_id and c.course_slug = ${r}.course_slug and c.revoked_at is null order by c.issued_at desc limit 1`;
  return `certificate_issued_at = (select c.issued_at ${newest}), certificate_expires_at = (select c.expires_at ${newest})`;
};

const later = (engine: Engine, a: string, b: string) => `${engine === "sqlite" ? "max" : "greatest"}(coalesce(${a}, ''), coalesce(${b}, ''))`;

/** A learner's last learning activity (a lesson done, an attempt started or handed in), for "active in the last 30 days". */
const activeAt = (engine: Engine, at: string) =>
  `update users set last_active_at = ${later(engine, "last_active_at", at)} where id = NEW.user_id and (last_active_at is null or last_active_at < ${at});`;

/** The enrolment columns the summary counts on; an update that changes none of them (only the last activity, say) leaves the summaries alone. */
const SUMMARY_CHANGED = [
  "aimag_code",
  "sum_id",
  "organisation_id",
  "course_slug",
  "enrolled_at",
  "status",
  "completed_at",
  "exam_attempts",
  "exam_best",
  "exam_passed_at",
  "certificate_issued_at",
]
  .map((c) => `NEW.${c} is distinct from OLD.${c}`)
  .concat("(NEW.lessons_done > 0) <> (OLD.lessons_done > 0)")
  .join(" or ");

/**
 * Open enrolments with a due date, per place, course, enrolment month and the UTC month they fall
 * due: "overdue" is every month before the current one from here, and the current month's part
 * before now from enrolment_open_due_idx — a few thousand index entries instead of every overdue row.
 */
const dueOpen = (r: string) => `${r}.status = 'active' and ${r}.completed_at is null and ${r}.due_at is not null`;
function dueCounters(r: string): [string, string][] {
  return [
    ["open", "1"],
    ["open_started", flag(`${r}.lessons_done > 0 or ${r}.exam_passed_at is not null`)],
  ];
}
function dueUpsert(engine: Engine, r: "NEW" | "OLD", sign: 1 | -1) {
  const counters = dueCounters(r);
  return `insert into enrolment_due_summary (aimag_code, sum_id, organisation_id, course_slug, cohort, due_month, ${counters.map(([c]) => c).join(", ")})
    select ${r}.aimag_code, ${r}.sum_id, ${r}.organisation_id, ${r}.course_slug, ${ulaanbaatarPeriod(engine, `${r}.enrolled_at`, "month")}, substr(${r}.due_at, 1, 7), ${counters.map(([, v]) => (sign === 1 ? v : `-${v}`)).join(", ")}
    where ${dueOpen(r)}
    on conflict (aimag_code, sum_id, organisation_id, course_slug, cohort, due_month) do update set
    ${counters.map(([c]) => `${c} = enrolment_due_summary.${c} + excluded.${c}`).join(", ")};`;
}
const DUE_CHANGED = ["aimag_code", "sum_id", "organisation_id", "course_slug", "enrolled_at", "status", "completed_at", "due_at", "exam_passed_at"]
  .map((c) => `NEW.${c} is distinct from OLD.${c}`)
  .concat("(NEW.lessons_done > 0) <> (OLD.lessons_done > 0)")
  .join(" or ");

/**
 * People per place where they are registered today, and per UTC day of their last learning
 * activity: "learners" is a place's sum, "active in the last 30 days" the days after the cut-off
 * day plus that day's part from users_activity_idx.
 */
function peopleUpserts(r: "NEW" | "OLD", sign: 1 | -1) {
  return [
    `insert into people_summary (aimag_code, sum_id, organisation_id, people) values (${r}.aimag_code, ${r}.sum_id, ${r}.organisation_id, ${sign})
    on conflict (aimag_code, sum_id, organisation_id) do update set people = people_summary.people + excluded.people;`,
    `insert into people_active_day (day, aimag_code, sum_id, organisation_id, people)
    select substr(${r}.last_active_at, 1, 10), ${r}.aimag_code, ${r}.sum_id, ${r}.organisation_id, ${sign} where ${r}.last_active_at is not null
    on conflict (day, aimag_code, sum_id, organisation_id) do update set people = people_active_day.people + excluded.people;`,
  ];
}
const PEOPLE_CHANGED = ["aimag_code", "sum_id", "organisation_id"]
  .map((c) => `NEW.${c} is distinct from OLD.${c}`)
  .concat("substr(NEW.last_active_at, 1, 10) is distinct from substr(OLD.last_active_at, 1, 10)")
  .join(" or ");

interface TriggerSpec {
  name: string;
  /** The migration that creates it (0008 or 0010): a migration creates only the triggers of its tables. */
  since?: 8 | 10;
  table: string;
  event: "insert" | "update" | "delete";
  /** A condition on NEW and OLD for an update trigger to run. */
  when?: string;
  body: (engine: Engine) => string[];
}

/** The words a person is found by: surname, given name and e-mail address, lower-cased (Cyrillic too: see decision 023). */
const nameTerms = (r: string) =>
  `insert into user_name_term (term, user_id)
    select distinct term, ${r}.id from (select lower(${r}.surname) as term union all select lower(${r}.given_name) union all select lower(${r}.email)) t
    where term <> '' on conflict do nothing;`;

const TRIGGERS: TriggerSpec[] = [
  { name: "users_name_terms_ins", table: "users", event: "insert", body: () => [nameTerms("NEW")] },
  {
    name: "users_name_terms_upd",
    table: "users",
    event: "update",
    when: "NEW.surname is distinct from OLD.surname or NEW.given_name is distinct from OLD.given_name or NEW.email is distinct from OLD.email",
    body: () => ["delete from user_name_term where user_id = OLD.id;", nameTerms("NEW")],
  },
  {
    name: "lesson_progress_facts_ins",
    table: "lesson_progress",
    event: "insert",
    body: (e) => [
      "update enrolment set lessons_done = lessons_done + 1 where user_id = NEW.user_id and course_slug = NEW.course_slug;",
      activeAt(e, "NEW.completed_at"),
    ],
  },
  {
    name: "lesson_progress_facts_del",
    table: "lesson_progress",
    event: "delete",
    body: () => ["update enrolment set lessons_done = lessons_done - 1 where user_id = OLD.user_id and course_slug = OLD.course_slug;"],
  },
  {
    name: "quiz_attempt_facts_ins",
    table: "quiz_attempt",
    event: "insert",
    body: (e) => [
      `update enrolment set ${examFacts("NEW")} where user_id = NEW.user_id and course_slug = NEW.course_slug;`,
      activeAt(e, "coalesce(NEW.submitted_at, NEW.started_at)"),
    ],
  },
  {
    name: "quiz_attempt_facts_upd",
    table: "quiz_attempt",
    event: "update",
    when: "NEW.status is distinct from OLD.status or NEW.percent is distinct from OLD.percent or NEW.passed is distinct from OLD.passed",
    body: (e) => [
      `update enrolment set ${examFacts("NEW")} where user_id = NEW.user_id and course_slug = NEW.course_slug;`,
      activeAt(e, "coalesce(NEW.submitted_at, NEW.started_at)"),
    ],
  },
  ...(["insert", "update", "delete"] as const).map(
    (event): TriggerSpec => ({
      name: `certificate_facts_${event.slice(0, 3)}`,
      table: "certificate",
      event,
      body: () => {
        const r = event === "delete" ? "OLD" : "NEW";
        return [`update enrolment set ${certificateFacts(r)} where user_id = ${r}.user_id and course_slug = ${r}.course_slug;`];
      },
    }),
  ),
  {
    // lessons, attempts or a certificate from before the enrolment (an earlier enrolment removed, an import)
    name: "enrolment_facts_ins",
    table: "enrolment",
    event: "insert",
    body: () => [
      `update enrolment set lessons_done = (select count(*) from lesson_progress lp where lp.user_id = NEW.user_id and lp.course_slug = NEW.course_slug), ${examFacts("NEW")}, ${certificateFacts("NEW")}
    where id = NEW.id and (exists (select 1 from lesson_progress lp where lp.user_id = NEW.user_id and lp.course_slug = NEW.course_slug)
      or exists (select 1 from quiz_attempt q where q.user_id = NEW.user_id and q.course_slug = NEW.course_slug)
      or exists (select 1 from certificate c where c.user_id = NEW.user_id and c.course_slug = NEW.course_slug));`,
    ],
  },
  { name: "enrolment_summary_ins", table: "enrolment", event: "insert", body: (e) => [summaryUpsert(e, "NEW", 1), ...dailyUpserts(e, "NEW", 1)] },
  {
    name: "enrolment_summary_upd",
    table: "enrolment",
    event: "update",
    when: SUMMARY_CHANGED,
    body: (e) => [summaryUpsert(e, "OLD", -1), summaryUpsert(e, "NEW", 1), ...dailyUpserts(e, "OLD", -1), ...dailyUpserts(e, "NEW", 1)],
  },
  { name: "enrolment_summary_del", table: "enrolment", event: "delete", body: (e) => [summaryUpsert(e, "OLD", -1), ...dailyUpserts(e, "OLD", -1)] },
  { name: "enrolment_due_ins", since: 10, table: "enrolment", event: "insert", body: (e) => [dueUpsert(e, "NEW", 1)] },
  {
    name: "enrolment_due_upd",
    since: 10,
    table: "enrolment",
    event: "update",
    when: DUE_CHANGED,
    body: (e) => [dueUpsert(e, "OLD", -1), dueUpsert(e, "NEW", 1)],
  },
  { name: "enrolment_due_del", since: 10, table: "enrolment", event: "delete", body: (e) => [dueUpsert(e, "OLD", -1)] },
  { name: "users_people_ins", since: 10, table: "users", event: "insert", body: () => peopleUpserts("NEW", 1) },
  {
    name: "users_people_upd",
    since: 10,
    table: "users",
    event: "update",
    when: PEOPLE_CHANGED,
    body: () => [...peopleUpserts("OLD", -1), ...peopleUpserts("NEW", 1)],
  },
  { name: "users_people_del", since: 10, table: "users", event: "delete", body: () => peopleUpserts("OLD", -1) },
];

/** The triggers a migration creates: 0008's, or 0010's (the latest migration that adds any). */
const triggersOf = (migration: 8 | 10) => TRIGGERS.filter((t) => (t.since ?? 8) === migration);

/** The statements that create a migration's triggers on this engine (a PL/pgSQL function each on PostgreSQL). */
export function createTriggerStatements(engine: Engine, migration: 8 | 10): string[] {
  return triggersOf(migration).flatMap((t) => {
    const body = t.body(engine).join("\n    ");
    if (engine === "sqlite")
      return [`create trigger ${t.name} after ${t.event} on ${t.table} for each row${t.when ? ` when ${t.when}` : ""}\n  begin\n    ${body}\n  end`];
    return [
      `create or replace function ${t.name}_fn() returns trigger language plpgsql as $$\n  begin\n    ${body}\n    return null;\n  end $$`,
      `create trigger ${t.name} after ${t.event} on ${t.table} for each row${t.when ? ` when (${t.when})` : ""} execute function ${t.name}_fn()`,
    ];
  });
}

export function dropTriggerStatements(engine: Engine, migration: 8 | 10): string[] {
  return triggersOf(migration).flatMap((t) =>
    engine === "sqlite" ? [`drop trigger if exists ${t.name}`] : [`drop trigger if exists ${t.name} on ${t.table}`, `drop function if exists ${t.name}_fn()`],
  );
}

export async function runStatements(db: Kysely<DB>, statements: string[]) {
  for (const s of statements) await sql.raw(s).execute(db);
}

/**
 * Recomputes the facts on enrolment rows (all, or those of the given learners) from lessons,
 * attempts and certificates; the summary triggers carry the change on to the summaries.
 */
export async function refreshEnrolmentFacts(db: Kysely<DB>, engine: Engine, userIds?: string[]) {
  if (userIds && !userIds.length) return;
  const e = "enrolment";
  const scope = userIds ? sql` where user_id in (${sql.join(userIds)})` : sql``;
  await sql`update enrolment set
    lessons_done = (select count(*) from lesson_progress lp where lp.user_id = enrolment.user_id and lp.course_slug = enrolment.course_slug),
    ${sql.raw(examFacts("enrolment"))},
    ${sql.raw(certificateFacts("enrolment"))}${scope}`.execute(db);
  await refreshLastActive(db, engine, userIds);
}

/** Recomputes the name terms of the given people (all when none are given). */
export async function refreshNameTerms(db: Kysely<DB>, userIds?: string[]) {
  if (userIds && !userIds.length) return;
  const scope = userIds ? sql` where user_id in (${sql.join(userIds)})` : sql``;
  await sql`delete from user_name_term${scope}`.execute(db);
  const users = userIds ? sql` where u.id in (${sql.join(userIds)})` : sql``;
  await sql`insert into user_name_term (term, user_id)
    select distinct term, id from (
      select lower(u.surname) as term, u.id from users u${users}
      union all select lower(u.given_name), u.id from users u${users}
      union all select lower(u.email), u.id from users u${users}
    ) t where term <> '' on conflict do nothing`.execute(db);
}

/** Recomputes learners' last activity (all, or the given ones) from their lessons and attempts. */
export async function refreshLastActive(db: Kysely<DB>, engine: Engine, userIds?: string[]) {
  const lastLesson = "(select max(lp.completed_at) from lesson_progress lp where lp.user_id = users.id)";
  const lastAttempt = "(select max(coalesce(q.submitted_at, q.started_at)) from quiz_attempt q where q.user_id = users.id)";
  const userScope = userIds ? sql` where id in (${sql.join(userIds)})` : sql``;
  // activity that happened stays: a lesson marked undone later does not make the learner inactive then
  await sql`update users set last_active_at = ${sql.raw(`nullif(${later(engine, "last_active_at", later(engine, lastLesson, lastAttempt))}, '')`)}${userScope}`.execute(
    db,
  );
}

/**
 * Rebuilds the summaries from the enrolment and user rows (what the triggers keep them equal to):
 * all of them, or those a migration made (0008's migration runs before 0010's tables exist).
 */
export async function rebuildReportSummaries(db: Kysely<DB>, engine: Engine, upTo: 8 | 10 = 10) {
  const month = ulaanbaatarPeriod(engine, "enrolled_at", "month");
  const counters = summaryCounters("enrolment");
  await sql`delete from enrolment_summary`.execute(db);
  await sql
    .raw(`insert into enrolment_summary (aimag_code, sum_id, organisation_id, course_slug, cohort, ${counters.map(([c]) => c).join(", ")})
    select aimag_code, sum_id, organisation_id, course_slug, ${month}, ${counters.map(([, v]) => `sum(${v})`).join(", ")}
    from enrolment group by aimag_code, sum_id, organisation_id, course_slug, ${month}`)
    .execute(db);
  await sql`delete from activity_daily`.execute(db);
  const day = (c: string) => ulaanbaatarPeriod(engine, c, "day");
  await sql
    .raw(`insert into activity_daily (aimag_code, course_slug, day, enrolled, completed)
    select aimag_code, course_slug, day, sum(enrolled), sum(completed) from (
      select aimag_code, course_slug, ${day("enrolled_at")} as day, 1 as enrolled, 0 as completed from enrolment
      union all
      select aimag_code, course_slug, ${day("completed_at")}, 0, 1 from enrolment where completed_at is not null
    ) t group by aimag_code, course_slug, day`)
    .execute(db);
  if (upTo < 10) return;
  const due = dueCounters("enrolment");
  await sql`delete from enrolment_due_summary`.execute(db);
  await sql
    .raw(`insert into enrolment_due_summary (aimag_code, sum_id, organisation_id, course_slug, cohort, due_month, ${due.map(([c]) => c).join(", ")})
    select aimag_code, sum_id, organisation_id, course_slug, ${month}, substr(due_at, 1, 7), ${due.map(([, v]) => `sum(${v})`).join(", ")}
    from enrolment where ${dueOpen("enrolment")} group by aimag_code, sum_id, organisation_id, course_slug, ${month}, substr(due_at, 1, 7)`)
    .execute(db);
  await rebuildPeopleSummaries(db);
}

/** Rebuilds the people per place and per day of last activity from the users table. */
export async function rebuildPeopleSummaries(db: Kysely<DB>) {
  await sql`delete from people_summary`.execute(db);
  await sql`insert into people_summary (aimag_code, sum_id, organisation_id, people)
    select aimag_code, sum_id, organisation_id, count(*) from users group by aimag_code, sum_id, organisation_id`.execute(db);
  await sql`delete from people_active_day`.execute(db);
  await sql`insert into people_active_day (day, aimag_code, sum_id, organisation_id, people)
    select substr(last_active_at, 1, 10), aimag_code, sum_id, organisation_id, count(*) from users where last_active_at is not null
    group by substr(last_active_at, 1, 10), aimag_code, sum_id, organisation_id`.execute(db);
}
