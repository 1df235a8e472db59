import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { createUser } from "../../db/factories";
import { args, get, post, settle } from "../../tests/helpers";
import { action, loader } from "./register";

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

// Without JavaScript the form comes in two steps: choose the aimag, "show the sums", then the rest.
describe("registration in steps", () => {
  const step = JSON.stringify({ type: "validate", payload: { name: "aimagCode" } });

  it("sends no sums before an aimag is chosen, and one aimag's with ?aimag=", async () => {
    const first = await (await settle(() => loader(args(get("/register"))))).json();
    expect(first.options.aimagCode).toBe("");
    expect(first.options.aimags.length).toBeGreaterThan(20);
    expect(first.options.sums).toEqual([]);
    expect(first.options.organisations.every((o: { aimag: string | null }) => o.aimag === null)).toBe(true);
    const one = await (await settle(() => loader(args(get("/register?aimag=MN-037"))))).json();
    expect(one.options.aimagCode).toBe("MN-037");
    expect(one.options.sums.length).toBeGreaterThan(1);
    expect(new Set(one.options.sums.map((s: { aimag: string }) => s.aimag))).toEqual(new Set(["MN-037"]));
    const unknown = await (await settle(() => loader(args(get("/register?aimag=MN-999"))))).json();
    expect(unknown.options).toMatchObject({ aimagCode: "", sums: [] });
  });

  it("the step answers with the chosen aimag's sums only and keeps what was typed, the password aside", async () => {
    const typed = {
      surname: "Гомбо",
      givenName: "Үүрцайх",
      email: "half.done@example.mn",
      password: "Тал нутгийн салхи",
      position: "Багш",
      aimagCode: "MN-069",
    };
    const { res, body } = await submit({ ...typed, __intent__: step });
    expect(res.status).toBe(200);
    const json = body ?? (await res.json());
    const sums = await db.selectFrom("sum").select("id").where("aimag_code", "=", "MN-069").execute();
    expect(json.options.sums.map((s: { id: string }) => s.id).sort()).toEqual(sums.map((s) => s.id).sort());
    expect(json.options.organisations.every((o: { aimag: string | null }) => o.aimag === "MN-069" || o.aimag === null)).toBe(true);
    expect(json.options.organisations.some((o: { aimag: string | null }) => o.aimag === "MN-069")).toBe(true);
    for (const [k, v] of Object.entries(typed)) expect(json.result.initialValue[k]).toBe(k === "password" ? undefined : v);
    // the password is never sent back, and the form says so
    expect(json.passwordCleared).toBe(true);
    // a step is not a failed registration: no messages for the fields not filled in yet
    expect(json.result.error).toBeUndefined();
    expect(await db.selectFrom("users").select("id").where("email", "=", typed.email).execute()).toHaveLength(0);
  });

  it("the step without an aimag asks for one", async () => {
    const { res } = await submit({ surname: "Гомбо", aimagCode: "", __intent__: step });
    const json = await res.json();
    expect(json.result.error).toEqual({ aimagCode: ["errors.required"] });
    expect(json.result.initialValue.surname).toBe("Гомбо");
    expect(json.options.sums).toEqual([]);
  });

  it("after any error every field comes back but the password, with the chosen aimag's lists", async () => {
    await createUser(db, { email: "already@example.mn" });
    for (const fields of [
      { ...valid, email: "already@example.mn" }, // refused by the database's rule
      { ...valid, email: "fresh.one@example.mn", password: "short" }, // by the schema
      { ...valid, email: "fresh.two@example.mn", sumId: "MN-037-01" }, // by the placement check
    ]) {
      const { res, body } = await submit(fields);
      expect(res.status).toBe(400);
      for (const [k, v] of Object.entries(fields)) expect(body.result.initialValue[k], k).toBe(k === "password" ? undefined : v);
      expect(body.options.aimagCode).toBe(valid.aimagCode);
      expect(body.options.sums.some((s: { id: string }) => s.id === valid.sumId)).toBe(true);
    }
  });
});
