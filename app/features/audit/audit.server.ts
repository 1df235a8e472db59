import type { Kysely } from "kysely";
import type { DB } from "../../../db/schema";
import { db } from "~/db.server";
import type { AuditCategory } from "./categories";

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
