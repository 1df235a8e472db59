// Reminders found by scanning, not by events (decision 032): due dates coming and passed,
// certificates expiring and expired, trainings starting, and the coordinators' weekly digest.
// Each scan asks for what is in its window and has no notification yet (by dedupe key), so a run
// that was missed is caught up by the next one and a run repeated writes nothing. The windows are
// bounded behind (a learner is told of an overdue course for two weeks, of an expired certificate
// for a month), so that a first run or a long outage does not send a year of old news.
import { type Kysely, sql } from "kysely";
import type { DB } from "../../../db/schema";
import { getCatalogue } from "~/features/content/content.server";
import { type Notice, notice, notify } from "./notify.server";

const DAY = 24 * 3600_000;
const UB = 8 * 3600_000;
const PAGE = 500;

/** The last moment of the day `days` after `now`'s day, in Ulaanbaatar, as ISO. */
export function endOfUbDay(now: Date, days: number): string {
  const ub = new Date(now.getTime() + UB);
  return new Date(Date.UTC(ub.getUTCFullYear(), ub.getUTCMonth(), ub.getUTCDate() + days + 1) - UB - 1).toISOString();
}

/** Monday 08:00 in Ulaanbaatar of `now`'s week (the digest's week starts then), as ISO. */
export function digestWeekStart(now: Date): string {
  const ub = new Date(now.getTime() + UB);
  const sinceMonday = (ub.getUTCDay() + 6) % 7;
  let start = Date.UTC(ub.getUTCFullYear(), ub.getUTCMonth(), ub.getUTCDate() - sinceMonday, 8) - UB;
  if (start > now.getTime()) start -= 7 * DAY;
  return new Date(start).toISOString();
}

const iso = (ms: number) => new Date(ms).toISOString();

/** No notification with this key yet: `prefix` followed by the SQL parts, joined by ':'. */
function notYet(prefix: string, ...parts: string[]) {
  const key = parts.reduce((acc, part) => sql`${acc} || ':' || ${sql.ref(part)}`, sql`${prefix}`);
  return sql<boolean>`not exists (select 1 from notification n where n.dedupe_key = ${key})`;
}

export interface ReminderCounts {
  due_week: number;
  due_tomorrow: number;
  overdue: number;
  certificate_expiring: number;
  certificate_expired: number;
  event_reminder: number;
  overdue_digest: number;
}

/**
 * Runs every scan once at `now`, a page at a time, each page one transaction. `keepLease` is
 * asked between pages; when it answers false (another server took the job over), the run stops.
 */
export async function runReminders(
  executor: Kysely<DB>,
  {
    now = new Date(),
    keepLease = async () => true,
    transaction,
  }: { now?: Date; keepLease?: () => Promise<boolean>; transaction: <T>(fn: (trx: Kysely<DB>) => Promise<T>) => Promise<T> },
): Promise<ReminderCounts> {
  const counts: ReminderCounts = {
    due_week: 0,
    due_tomorrow: 0,
    overdue: 0,
    certificate_expiring: 0,
    certificate_expired: 0,
    event_reminder: 0,
    overdue_digest: 0,
  };
  const t = now.getTime();
  const courses = new Map(getCatalogue().courses.map((c) => [c.slug, c.meta.title]));

  // Pages by keyset (the scan's own order), so that rows skipped on purpose are not read again.
  const paged = async <R>(
    kind: keyof ReminderCounts,
    page: (after: [string, string] | null) => Promise<R[]>,
    cursor: (r: R) => [string, string],
    toNotice: (r: R) => Notice | null,
  ) => {
    let after: [string, string] | null = null;
    for (;;) {
      const rows = await page(after);
      if (!rows.length) return;
      const notices = rows.flatMap((r) => toNotice(r) ?? []);
      counts[kind] += await transaction((trx) => notify(trx, notices, now));
      if (rows.length < PAGE || !(await keepLease())) return;
      after = cursor(rows[rows.length - 1]);
    }
  };

  // ---- due dates: a week before (the UB day), the day before, and passed (for two weeks)
  const dueScan = (kind: "due_week" | "due_tomorrow" | "overdue", from: string, to: string) =>
    paged(
      kind,
      (after) => {
        let q = executor
          .selectFrom("enrolment as e")
          .innerJoin("users as u", "u.id", "e.user_id")
          .select(["e.id", "e.user_id", "e.course_slug", "e.due_at"])
          .where("e.status", "=", "active")
          .where("e.completed_at", "is", null)
          .where("e.due_at", "is not", null)
          .where("e.due_at", ">", from)
          .where("e.due_at", "<=", to)
          .where("u.disabled_at", "is", null)
          .where(notYet(`${kind}:`, "e.id", "e.due_at"));
        if (after) q = q.where((eb) => eb(eb.refTuple("e.due_at", "e.id"), ">", eb.tuple(after[0], after[1])));
        return q.orderBy("e.due_at").orderBy("e.id").limit(PAGE).execute();
      },
      (r) => [r.due_at!, r.id],
      (r) => {
        const course = courses.get(r.course_slug);
        if (!course) return null;
        return notice({
          userId: r.user_id,
          kind,
          params: { course, due: r.due_at! },
          link: `/courses/${r.course_slug}`,
          dedupeKey: `${kind}:${r.id}:${r.due_at}`,
        });
      },
    );
  await dueScan("due_tomorrow", now.toISOString(), endOfUbDay(now, 1));
  await dueScan("due_week", endOfUbDay(now, 1), endOfUbDay(now, 7));
  await dueScan("overdue", iso(t - 14 * DAY), now.toISOString());

  // ---- certificates: 90 and 30 days before expiry, and expired (for a month); not those renewed since
  const certScan = (kind: "certificate_expiring" | "certificate_expired", prefix: string, from: string, to: string) =>
    paged(
      kind,
      (after) => {
        let q = executor
          .selectFrom("certificate as c")
          .innerJoin("users as u", "u.id", "c.user_id")
          .select(["c.id", "c.user_id", "c.course_slug", "c.course_title_mn", "c.course_title_en", "c.expires_at"])
          .where("c.revoked_at", "is", null)
          .where("c.expires_at", "is not", null)
          .where("c.expires_at", ">", from)
          .where("c.expires_at", "<=", to)
          .where("u.disabled_at", "is", null)
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom("certificate as newer")
                  .select("newer.id")
                  .whereRef("newer.user_id", "=", "c.user_id")
                  .whereRef("newer.course_slug", "=", "c.course_slug")
                  .whereRef("newer.issued_at", ">", "c.issued_at")
                  .where("newer.revoked_at", "is", null),
              ),
            ),
          )
          .where(notYet(prefix, "c.id"));
        if (after) q = q.where((eb) => eb(eb.refTuple("c.expires_at", "c.id"), ">", eb.tuple(after[0], after[1])));
        return q.orderBy("c.expires_at").orderBy("c.id").limit(PAGE).execute();
      },
      (r) => [r.expires_at!, r.id],
      (r) =>
        notice({
          userId: r.user_id,
          kind,
          params: { course: { mn: r.course_title_mn, en: r.course_title_en }, expires: r.expires_at! },
          link: `/courses/${r.course_slug}`,
          dedupeKey: `${prefix}${r.id}`,
        }),
    );
  await certScan("certificate_expiring", "certificate_expiring:30:", now.toISOString(), iso(t + 30 * DAY));
  await certScan("certificate_expiring", "certificate_expiring:90:", iso(t + 30 * DAY), iso(t + 90 * DAY));
  await certScan("certificate_expired", "certificate_expired:", iso(t - 30 * DAY), now.toISOString());

  // ---- trainings starting by the end of tomorrow, to the people with a place
  await paged(
    "event_reminder",
    (after) => {
      let q = executor
        .selectFrom("event_registration as r")
        .innerJoin("training_event as ev", "ev.id", "r.event_id")
        .innerJoin("users as u", "u.id", "r.user_id")
        .select(["r.id", "r.user_id", "ev.id as event_id", "ev.title_mn", "ev.title_en", "ev.starts_at", "ev.venue"])
        .where("r.status", "=", "registered")
        .where("r.walk_in", "=", 0)
        .where("ev.status", "=", "scheduled")
        .where("ev.starts_at", ">", now.toISOString())
        .where("ev.starts_at", "<=", endOfUbDay(now, 1))
        .where("u.disabled_at", "is", null)
        .where(notYet("event_reminder:", "r.id", "ev.starts_at"));
      if (after) q = q.where((eb) => eb(eb.refTuple("ev.starts_at", "r.id"), ">", eb.tuple(after[0], after[1])));
      return q.orderBy("ev.starts_at").orderBy("r.id").limit(PAGE).execute();
    },
    (r) => [r.starts_at, r.id],
    (r) =>
      notice({
        userId: r.user_id,
        kind: "event_reminder",
        params: { event: { mn: r.title_mn, en: r.title_en }, starts: r.starts_at, venue: r.venue },
        link: `/events/${r.event_id}`,
        dedupeKey: `event_reminder:${r.id}:${r.starts_at}`,
      }),
  );

  // ---- each aimag coordinator's weekly digest of overdue enrolments in their aimag (when there are any)
  const week = digestWeekStart(now);
  const coordinators = await executor
    .selectFrom("user_role as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .innerJoin("aimag as a", "a.code", "r.aimag_code")
    .select(["r.user_id", "r.aimag_code", "a.name_mn", "a.name_en"])
    .where("r.role", "=", "coordinator")
    .where("u.disabled_at", "is", null)
    .where(notYet(`overdue_digest:${week}:`, "r.user_id"))
    .execute();
  const overdueIn = new Map<string, { count: number; newCount: number }>();
  for (const aimag of new Set(coordinators.flatMap((c) => c.aimag_code ?? []))) {
    const row = await executor
      .selectFrom("enrolment")
      .select((eb) => [
        eb.fn.countAll<number>().as("count"),
        eb.fn
          .sum<number>(
            eb
              .case()
              .when("due_at", ">=", iso(t - 7 * DAY))
              .then(1)
              .else(0)
              .end(),
          )
          .as("newCount"),
      ])
      .where("aimag_code", "=", aimag)
      .where("status", "=", "active")
      .where("completed_at", "is", null)
      .where("due_at", "is not", null)
      .where("due_at", "<", now.toISOString())
      .executeTakeFirstOrThrow();
    overdueIn.set(aimag, { count: Number(row.count), newCount: Number(row.newCount ?? 0) });
  }
  const digests = coordinators.flatMap((c) => {
    const o = c.aimag_code ? overdueIn.get(c.aimag_code) : undefined;
    if (!o?.count) return [];
    return [
      notice({
        userId: c.user_id,
        kind: "overdue_digest",
        params: { aimag: { mn: c.name_mn, en: c.name_en }, ...o },
        link: `/admin/reports/learners?aimag=${c.aimag_code}&status=overdue`,
        dedupeKey: `overdue_digest:${week}:${c.user_id}`,
      }),
    ];
  });
  counts.overdue_digest += await transaction((trx) => notify(trx, digests, now));
  return counts;
}
