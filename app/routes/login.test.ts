import { describe, expect, it } from "vitest";
import { createUser } from "../../db/factories";
import { db } from "~/db.server";
import { args, context, post, settle } from "../../tests/helpers";
import { action } from "./login";

const attempt = (email: string, password: string, ip = "10.0.0.1") =>
  settle(() => action(args(post("/login", { email, password }), {}, context(ip))));

describe("login", () => {
  it("signs in with the right password and redirects to a local page only", async () => {
    const u = await createUser(db, { password: "right password" });
    const ok = await settle(() => action(args(post("/login", { email: u.email, password: "right password", redirectTo: "//evil.example" }))));
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe("/");
    expect(ok.headers.get("Set-Cookie")).toMatch(/erdem_session=.+HttpOnly/i);
  });

  it("gives one message for a wrong password and for an unknown account", async () => {
    const u = await createUser(db, { password: "right password" });
    const wrong = await (await attempt(u.email, "wrong password", "10.0.0.2")).json();
    const unknown = await (await attempt("nobody@example.mn", "wrong password", "10.0.0.2")).json();
    expect(wrong.result.error[""]).toEqual(["Цахим шуудан эсвэл нууц үг буруу байна."]);
    expect(unknown.result.error[""]).toEqual(wrong.result.error[""]);
  });

  it("locks an account after 5 failures, even for the right password, and says when to retry", async () => {
    const u = await createUser(db, { password: "right password" });
    for (let i = 0; i < 5; i++) expect((await attempt(u.email, `wrong ${i}`, `10.1.0.${i}`)).status).toBe(400);
    const locked = await attempt(u.email, "right password", "10.1.0.99");
    expect(locked.status).toBe(429);
    const body = await locked.json();
    expect(body.result.error[""][0]).toMatch(/Олон удаа буруу оролдсон.*15 минутын дараа/);
    // another account is unaffected
    const other = await createUser(db, { password: "right password" });
    expect((await attempt(other.email, "right password", "10.1.0.98")).status).toBe(302);
  });

  it("limits one IP address trying many accounts", async () => {
    for (let i = 0; i < 30; i++) await attempt(`spray-${i}@example.mn`, "guess guess", "10.9.9.9");
    const u = await createUser(db, { password: "right password" });
    expect((await attempt(u.email, "right password", "10.9.9.9")).status).toBe(429);
    expect((await attempt(u.email, "right password", "10.9.9.10")).status).toBe(302);
  });

  it("validates input instead of failing", async () => {
    const res = await attempt("", "");
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.result.error.email).toEqual(["errors.required"]);
  });
});
