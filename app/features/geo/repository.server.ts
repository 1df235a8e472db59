// Aimags, sums and organisations: the only SQL for geography.
import type { Kysely } from "kysely";
import type { DB, OrganisationKind } from "../../../db/schema";
import { db } from "~/db.server";

export function listAimags() {
  return db.selectFrom("aimag").select(["code", "name_mn", "name_en"]).orderBy("sort_order").execute();
}

export function listSums(aimagCode?: string) {
  let q = db.selectFrom("sum").select(["id", "aimag_code", "kind", "name_mn", "name_en", "is_center"]);
  if (aimagCode) q = q.where("aimag_code", "=", aimagCode);
  return q.orderBy("aimag_code").orderBy("sort_order").execute();
}

export function findSum(id: string) {
  return db.selectFrom("sum").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findAimag(code: string) {
  return db.selectFrom("aimag").selectAll().where("code", "=", code).executeTakeFirst();
}

/** Organisations; with `aimagCode`, that aimag's and the national ones; with `nationalOnly`, the national ones. */
export function listOrganisations({
  includeArchived = false,
  aimagCode,
  nationalOnly = false,
}: {
  includeArchived?: boolean;
  aimagCode?: string;
  nationalOnly?: boolean;
} = {}) {
  let q = db.selectFrom("organisation").select(["id", "name_mn", "name_en", "kind", "aimag_code", "sum_id", "archived"]);
  if (!includeArchived) q = q.where("archived", "=", 0);
  if (nationalOnly) q = q.where("aimag_code", "is", null);
  else if (aimagCode) q = q.where((eb) => eb.or([eb("aimag_code", "=", aimagCode), eb("aimag_code", "is", null)]));
  return q.orderBy("aimag_code").orderBy("name_mn").execute();
}

export function findOrganisation(id: string) {
  return db.selectFrom("organisation").selectAll().where("id", "=", id).executeTakeFirst();
}

/**
 * Checks that a sum lies in the aimag and that the organisation is active and either national or in
 * that aimag. Returns the i18n keys of the problems, by field.
 */
export async function checkPlacement(input: { aimagCode: string; sumId: string; organisationId: string }) {
  const [aimag, sum, org] = await Promise.all([findAimag(input.aimagCode), findSum(input.sumId), findOrganisation(input.organisationId)]);
  const errors: Record<string, string[]> = {};
  if (!aimag) errors.aimagCode = ["errors.unknownAimag"];
  if (!sum) errors.sumId = ["errors.unknownSum"];
  else if (aimag && sum.aimag_code !== aimag.code) errors.sumId = ["errors.sumNotInAimag"];
  if (!org || org.archived) errors.organisationId = ["errors.unknownOrganisation"];
  else if (aimag && org.aimag_code && org.aimag_code !== aimag.code) errors.organisationId = ["errors.unknownOrganisation"];
  return errors;
}

export async function insertOrganisation(
  values: {
    name_mn: string;
    name_en: string;
    kind: OrganisationKind;
    aimag_code: string | null;
  },
  executor: Kysely<DB> = db,
) {
  const id = crypto.randomUUID();
  await executor
    .insertInto("organisation")
    .values({ id, ...values, sum_id: null, created_at: new Date().toISOString() })
    .execute();
  return id;
}

export async function updateOrganisation(
  id: string,
  values: { name_mn?: string; name_en?: string; kind?: OrganisationKind; archived?: number },
  executor: Kysely<DB> = db,
) {
  await executor.updateTable("organisation").set(values).where("id", "=", id).execute();
}

export async function insertSum(values: { aimag_code: string; name_mn: string; name_en: string }, executor: Kysely<DB> = db) {
  const last = await executor
    .selectFrom("sum")
    .select((eb) => eb.fn.max("sort_order").as("max"))
    .where("aimag_code", "=", values.aimag_code)
    .executeTakeFirst();
  const order = Number(last?.max ?? 0) + 1;
  const id = `${values.aimag_code}-${crypto.randomUUID().slice(0, 8)}`;
  await executor
    .insertInto("sum")
    .values({ id, ...values, kind: values.aimag_code === "MN-1" ? "district" : "sum", is_center: 0, sort_order: order })
    .execute();
  return id;
}

export async function renameSum(id: string, values: { name_mn: string; name_en: string }, executor: Kysely<DB> = db) {
  const res = await executor.updateTable("sum").set(values).where("id", "=", id).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function sumNameTaken(aimagCode: string, nameMn: string, exceptId?: string, executor: Kysely<DB> = db) {
  let q = executor.selectFrom("sum").select("id").where("aimag_code", "=", aimagCode).where("name_mn", "=", nameMn);
  if (exceptId) q = q.where("id", "!=", exceptId);
  return Boolean(await q.executeTakeFirst());
}
