import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { createUser } from "./factories";

describe("text values", () => {
  it("drops NUL characters from bound values instead of failing the query", async () => {
    const user = await createUser(db, { surname: "Дорж\u0000" });
    const row = await db.selectFrom("users").select("surname").where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(row.surname).toBe("Дорж");
    const found = await db.selectFrom("users").select("id").where("surname", "in", ["Дор\u0000ж", "x"]).execute();
    expect(found.map((r) => r.id)).toEqual([user.id]);
  });
});
