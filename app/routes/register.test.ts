import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { createUser } from "../../db/factories";
import { args, post, settle } from "../../tests/helpers";
import { action } from "./register";

const valid = {
  surname: "Батболд",
  givenName: "Өлзий",
  email: "ulzii.test@example.mn",
  password: "Говийн салхи 2026",
  position: "Сумын оператор",
  aimagCode: "MN-069",
  sumId: "MN-069-01",
  organisationId: "org-MN-069-01",
};

async function submit(fields: Record<string, string>) {
  const res = await settle(() => action(args(post("/register", fields))));
  return { res, body: res.status === 400 ? await res.json() : null };
}

describe("registration", () => {
  it.each([
    ["surname", "", "errors.required"],
    ["givenName", "   ", "errors.required"],
    ["email", "not-an-email", "errors.email"],
    ["password", "short", "errors.passwordLength"],
    ["password", "x".repeat(129), "errors.passwordLength"],
    ["position", "", "errors.required"],
    ["aimagCode", "MN-999", "errors.unknownAimag"],
    ["sumId", "MN-037-01", "errors.sumNotInAimag"],
    ["organisationId", "org-MN-037", "errors.unknownOrganisation"],
  ])("rejects a bad %s with its message and gives the rest back", async (field, value, message) => {
    const { res, body } = await submit({ ...valid, email: `${field}-${Math.random()}@example.mn`, [field]: value });
    expect(res.status).toBe(400);
    expect(body.result.error[field]).toEqual([message]);
    // every other field is returned filled in, and the password never is
    for (const [k, v] of Object.entries(valid)) {
      if (k === field || k === "password" || k === "email") continue;
      expect(body.result.initialValue[k]).toBe(v);
    }
    expect(body.result.initialValue.password).toBeUndefined();
    expect(await db.selectFrom("users").select("id").where("surname", "=", valid.surname).execute()).toHaveLength(0);
  });

  it("reports several bad fields at once", async () => {
    const { body } = await submit({ ...valid, surname: "", email: "bad", sumId: "" });
    expect(Object.keys(body.result.error).sort()).toEqual(["email", "sumId", "surname"]);
  });

  it("creates a learner, signs them in and redirects", async () => {
    const res = await settle(() => action(args(post("/register", { ...valid, email: "Ulzii.New@Example.MN" }))));
    expect(res.status).toBe(302);
    expect(res.headers.get("Set-Cookie")).toMatch(/erdem_session=/);
    const user = await db.selectFrom("users").selectAll().where("email", "=", "ulzii.new@example.mn").executeTakeFirstOrThrow();
    expect(user.surname).toBe("Батболд");
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    const roles = await db.selectFrom("user_role").select("role").where("user_id", "=", user.id).execute();
    expect(roles.map((r) => r.role)).toEqual(["learner"]);
  });

  it("refuses an email that is already registered, whatever its case", async () => {
    await createUser(db, { email: "taken@example.mn" });
    const { res, body } = await submit({ ...valid, email: "TAKEN@example.mn" });
    expect(res.status).toBe(400);
    expect(body.result.error.email).toEqual(["errors.emailTaken"]);
    expect(body.result.initialValue.surname).toBe(valid.surname);
  });
});
