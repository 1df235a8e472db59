import { db } from "~/db.server";

/** Appends to the audit log: who did what to which record. */
export async function recordAudit(entry: {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  detail?: unknown;
}) {
  await db
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
