// What an administrator changes about a person's access: roles and the disabled state. Each is one
// transaction with what must end alongside it (reset links, sessions) and its audit row.
import { writeTransaction } from "../../../db/connection";
import type { Role } from "../../../db/schema";
import { recordAudit } from "~/features/audit/audit.server";
import { replaceRoles, setDisabled } from "~/features/users/repository.server";
import { database } from "~/db.server";
import { invalidateAllUserSessions } from "./session.server";

export async function changeRoles(adminId: string, userId: string, roles: { role: Role; aimag_code: string | null }[]): Promise<void> {
  await writeTransaction(database, async (trx) => {
    await replaceRoles(trx, userId, roles, adminId);
    await recordAudit({ actorId: adminId, action: "user.roles", targetType: "user", targetId: userId, detail: { roles } }, trx);
  });
}

/** Disabling also signs the person out everywhere; their sessions are refused from then on anyway. */
export async function setAccountDisabled(adminId: string, userId: string, disabled: boolean): Promise<void> {
  await writeTransaction(database, async (trx) => {
    await setDisabled(trx, userId, disabled);
    if (disabled) await invalidateAllUserSessions(userId, undefined, trx);
    await recordAudit({ actorId: adminId, action: disabled ? "user.disable" : "user.enable", targetType: "user", targetId: userId }, trx);
  });
}
