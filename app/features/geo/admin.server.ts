// Administrators' changes to sums and organisations: each change and its audit row in one
// transaction (decision 014); a sum's name is checked for duplicates inside it.
import { writeTransaction } from "../../../db/connection";
import type { OrganisationKind } from "../../../db/schema";
import { database } from "~/db.server";
import { recordAudit } from "~/features/audit/audit.server";
import { insertOrganisation, insertSum, renameSum, sumNameTaken, updateOrganisation } from "./repository.server";

export function addOrganisation(
  adminId: string,
  values: { name_mn: string; name_en: string; kind: OrganisationKind; aimag_code: string | null },
  detail: unknown,
) {
  return writeTransaction(database, async (trx) => {
    const id = await insertOrganisation(values, trx);
    await recordAudit({ actorId: adminId, action: "organisation.add", targetType: "organisation", targetId: id, detail }, trx);
    return id;
  });
}

export function changeOrganisation(
  adminId: string,
  id: string,
  action: "update" | "archive" | "unarchive",
  values: { name_mn?: string; name_en?: string; kind?: OrganisationKind; archived?: number },
  detail?: unknown,
) {
  return writeTransaction(database, async (trx) => {
    await updateOrganisation(id, values, trx);
    await recordAudit({ actorId: adminId, action: `organisation.${action}`, targetType: "organisation", targetId: id, detail }, trx);
  });
}

/** The new sum's id, or "duplicate" when the aimag already has a sum of that name. */
export function addSum(adminId: string, values: { aimag_code: string; name_mn: string; name_en: string }, detail: unknown) {
  return writeTransaction(database, async (trx) => {
    if (await sumNameTaken(values.aimag_code, values.name_mn, undefined, trx)) return "duplicate" as const;
    const id = await insertSum(values, trx);
    await recordAudit({ actorId: adminId, action: "sum.add", targetType: "sum", targetId: id, detail }, trx);
    return id;
  });
}

/** False when another sum of the aimag already has the new name. */
export function renameSumAudited(
  adminId: string,
  sum: { id: string; aimag_code: string; name_mn: string; name_en: string },
  to: { name_mn: string; name_en: string },
) {
  return writeTransaction(database, async (trx) => {
    if (await sumNameTaken(sum.aimag_code, to.name_mn, sum.id, trx)) return false;
    await renameSum(sum.id, to, trx);
    await recordAudit(
      {
        actorId: adminId,
        action: "sum.rename",
        targetType: "sum",
        targetId: sum.id,
        detail: { from: { mn: sum.name_mn, en: sum.name_en }, to: { mn: to.name_mn, en: to.name_en } },
      },
      trx,
    );
    return true;
  });
}
