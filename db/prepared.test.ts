// The prepared query runs with the values given, on the test database (SQLite, or PostgreSQL with TEST_DATABASE=postgres).
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { createUser } from "./factories";
import { preparedQuery } from "./prepared";

describe("preparedQuery", () => {
  const byEmail = preparedQuery((k) => k.selectFrom("users").select(["id", "given_name"]).where("email", "=", "").where("disabled_at", "is", null));

  it("is built once and answers each run with its own values", async () => {
    const a = await createUser(db, { givenName: "Анхаа" });
    const b = await createUser(db, { givenName: "Болор" });
    const emailOf = async (id: string) => (await db.selectFrom("users").select("email").where("id", "=", id).executeTakeFirstOrThrow()).email;
    expect(await byEmail(db, await emailOf(a.id))).toEqual([{ id: a.id, given_name: "Анхаа" }]);
    expect(await byEmail(db, await emailOf(b.id))).toEqual([{ id: b.id, given_name: "Болор" }]);
    expect(await byEmail(db, "nobody@example.mn")).toEqual([]);
  });

  it("refuses a wrong number of values, and drops NUL as every bound value does", async () => {
    await expect(byEmail(db)).rejects.toThrow(/takes 1 values, given 0/);
    const c = await createUser(db, { givenName: "Цэцэг" });
    const email = (await db.selectFrom("users").select("email").where("id", "=", c.id).executeTakeFirstOrThrow()).email;
    expect(await byEmail(db, `${email.slice(0, 3)}\u0000${email.slice(3)}`)).toEqual([{ id: c.id, given_name: "Цэцэг" }]);
  });
});
