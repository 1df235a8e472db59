// Runs against a brand-new database of the engine under test (SQLite by default, PostgreSQL with TEST_DATABASE=postgres).
import { describe, expect, it } from "vitest";
import { database, db } from "~/db.server";
import { migrateToLatest } from "./connection";
import { readAdminUnits } from "./migrations/0002_geography";

describe("migrations", () => {
  it("run on the engine under test", () => {
    expect(database.engine).toBe(process.env.TEST_DATABASE === "postgres" ? "postgres" : "sqlite");
  });

  it("load all 21 aimags and the capital with ISO codes and both names", async () => {
    const aimags = await db.selectFrom("aimag").selectAll().execute();
    expect(aimags).toHaveLength(22);
    const byCode = new Map(aimags.map((a) => [a.code, a]));
    expect(byCode.get("MN-069")).toMatchObject({ name_mn: "Баянхонгор", name_en: "Bayankhongor" });
    expect(byCode.get("MN-037")).toMatchObject({ name_mn: "Дархан-Уул", name_en: "Darkhan-Uul" });
    expect(byCode.get("MN-1")).toMatchObject({ name_mn: "Улаанбаатар", name_en: "Ulaanbaatar" });
  });

  it("load 330 sums and Ulaanbaatar's 9 districts, matching the checked list", async () => {
    const kinds = await db
      .selectFrom("sum")
      .select(["kind", (eb) => eb.fn.countAll().as("n")])
      .groupBy("kind")
      .execute();
    expect(Object.fromEntries(kinds.map((k) => [k.kind, Number(k.n)]))).toEqual({ sum: 330, district: 9 });
    const bayankhongor = await db.selectFrom("sum").select(["name_mn", "is_center"]).where("aimag_code", "=", "MN-069").orderBy("sort_order").execute();
    expect(bayankhongor).toHaveLength(20);
    expect(bayankhongor[0]).toEqual({ name_mn: "Баянхонгор", is_center: 1 });
    expect(readAdminUnits().filter((r) => r.kind !== "aimag")).toHaveLength(339);
  });

  it("create a governor's office for every aimag, sum and district", async () => {
    const n = await db
      .selectFrom("organisation")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(22 + 339);
  });

  it("are idempotent", async () => {
    expect(await migrateToLatest(db)).toEqual([]);
  });
});
