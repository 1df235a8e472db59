import type { Kysely } from "kysely";
import type { DB } from "../../../db/schema";
import { db } from "~/db.server";
import { getCatalogue } from "~/features/content/content.server";
import type { AuditCategory } from "./categories";
import type { AuditNames, AuditReferences } from "./describe";

/**
 * Appends to the audit log: who did what to which record. Pass the use case's transaction as
 * `executor` so that the audit row commits (or rolls back) with the change it records.
 */
export async function recordAudit(
  entry: {
    actorId: string | null;
    action: string;
    targetType: string;
    targetId: string;
    detail?: unknown;
  },
  executor: Kysely<DB> = db,
) {
  await executor
    .insertInto("audit_log")
    .values({
      id: crypto.randomUUID(),
      actor_id: entry.actorId,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
      created_at: new Date().toISOString(),
    })
    .execute();
}

export const AUDIT_PAGE_SIZE = 50;

/** The log, newest first: by kind of action and by the actor's name or e-mail. */
export async function listAudit(filter: { category?: AuditCategory; actor?: string; page: number }) {
  let q = db.selectFrom("audit_log").leftJoin("users", "users.id", "audit_log.actor_id");
  if (filter.category) q = q.where("audit_log.action", "like", `${filter.category}.%`);
  const actor = filter.actor
    ?.trim()
    .toLowerCase()
    .replace(/[%_\\]/g, "");
  if (actor) {
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn("lower", ["users.email"]), "like", `%${actor}%`),
        eb(eb.fn("lower", ["users.surname"]), "like", `%${actor}%`),
        eb(eb.fn("lower", ["users.given_name"]), "like", `%${actor}%`),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    q
      .select([
        "audit_log.id",
        "audit_log.action",
        "audit_log.target_type",
        "audit_log.target_id",
        "audit_log.detail",
        "audit_log.created_at",
        "audit_log.actor_id",
        "users.surname",
        "users.given_name",
        "users.email",
      ])
      .orderBy("audit_log.created_at", "desc")
      .orderBy("audit_log.id")
      .limit(AUDIT_PAGE_SIZE)
      .offset((filter.page - 1) * AUDIT_PAGE_SIZE)
      .execute(),
    q.select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/**
 * What a page of entries refers to, one query per kind of record: people's names, event and
 * campaign titles, session times, certificates, places; course titles come from the catalogue.
 */
export async function findAuditNames(refs: AuditReferences): Promise<AuditNames> {
  const list = (set: Set<string>) => [...set];
  const byIds = <R>(set: Set<string>, query: (ids: string[]) => Promise<R[]>) => (set.size ? query(list(set)) : Promise.resolve([] as R[]));
  const [users, events, sessions, campaigns, certificates, aimags, sums, organisations] = await Promise.all([
    byIds(refs.users, (ids) => db.selectFrom("users").select(["id", "surname", "given_name"]).where("id", "in", ids).execute()),
    byIds(refs.events, (ids) => db.selectFrom("training_event").select(["id", "title_mn", "title_en"]).where("id", "in", ids).execute()),
    byIds(refs.sessions, (ids) => db.selectFrom("event_session").select(["id", "event_id", "starts_at"]).where("id", "in", ids).execute()),
    byIds(refs.campaigns, (ids) => db.selectFrom("campaign").select(["id", "title_mn", "title_en"]).where("id", "in", ids).execute()),
    byIds(refs.certificates, (ids) => db.selectFrom("certificate").select(["id", "serial", "user_id", "course_slug"]).where("id", "in", ids).execute()),
    byIds(refs.aimags, (ids) => db.selectFrom("aimag").select(["code as id", "name_mn", "name_en"]).where("code", "in", ids).execute()),
    byIds(refs.sums, (ids) => db.selectFrom("sum").select(["id", "name_mn", "name_en"]).where("id", "in", ids).execute()),
    byIds(refs.organisations, (ids) => db.selectFrom("organisation").select(["id", "name_mn", "name_en"]).where("id", "in", ids).execute()),
  ]);
  const titles = (rows: { id: string; name_mn?: string; name_en?: string; title_mn?: string; title_en?: string }[]) =>
    new Map(rows.map((r) => [r.id, { mn: r.title_mn ?? r.name_mn ?? "", en: r.title_en ?? r.name_en ?? "" }]));
  const courses = new Map(
    getCatalogue()
      .courses.filter((c) => refs.courses.has(c.slug))
      .map((c) => [c.slug, { mn: c.meta.title.mn, en: c.meta.title.en }]),
  );
  return {
    users: new Map(users.map((u) => [u.id, { surname: u.surname, given_name: u.given_name }])),
    courses,
    events: titles(events),
    sessions: new Map(sessions.map((s) => [s.id, { eventId: s.event_id, startsAt: s.starts_at }])),
    campaigns: titles(campaigns),
    certificates: new Map(certificates.map((c) => [c.id, { serial: c.serial, userId: c.user_id, courseSlug: c.course_slug }])),
    aimags: titles(aimags),
    sums: titles(sums),
    organisations: titles(organisations),
  };
}
