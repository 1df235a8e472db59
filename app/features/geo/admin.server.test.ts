// A change to the geography and its audit row commit together or not at all.
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { addOrganisation, addSum, renameSumAudited } from "./admin.server";

// An audit detail that cannot be written (JSON has no BigInt): the audit insert fails after the change.
const unwritable = { n: 1n };

describe("geography changes", () => {
  it("write the audit row in the change's transaction: when it fails, the change is not kept", async () => {
    const name = `Туршилтын байгууллага ${Date.now()}`;
    await expect(addOrganisation("nobody", { name_mn: name, name_en: "Test", kind: "other", aimag_code: "MN-069" }, unwritable)).rejects.toThrow();
    expect(await db.selectFrom("organisation").select("id").where("name_mn", "=", name).execute()).toHaveLength(0);
    await expect(addSum("nobody", { aimag_code: "MN-069", name_mn: name, name_en: "Test" }, unwritable)).rejects.toThrow();
    expect(await db.selectFrom("sum").select("id").where("name_mn", "=", name).execute()).toHaveLength(0);
  });

  it("audit a sum added and renamed, and refuse a name the aimag already has", async () => {
    const id = await addSum("nobody", { aimag_code: "MN-069", name_mn: "Шинэ сум", name_en: "New sum" }, { nameMn: "Шинэ сум" });
    expect(id).not.toBe("duplicate");
    expect(await addSum("nobody", { aimag_code: "MN-069", name_mn: "Шинэ сум", name_en: "Again" }, {})).toBe("duplicate");
    const sum = { id: id as string, aimag_code: "MN-069", name_mn: "Шинэ сум", name_en: "New sum" };
    expect(await renameSumAudited("nobody", sum, { name_mn: "Дахин нэрлэсэн", name_en: "Renamed" })).toBe(true);
    const actions = await db.selectFrom("audit_log").select("action").where("target_id", "=", sum.id).orderBy("created_at").execute();
    expect(actions.map((a) => a.action).sort()).toEqual(["sum.add", "sum.rename"]);
  });
});
