import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { setDeviceCookie } from "~/features/auth/cookie.server";
import { verificationCount } from "~/features/auth/password.server";
import { generateSessionToken } from "~/features/auth/session.server";
import { createUser } from "../../db/factories";
import { args, context, post, settle } from "../../tests/helpers";
import { languageCookie } from "~/i18n/i18next.server";
import { action } from "./login";

const englishCookie = async () => (await languageCookie.serialize("en")).split(";")[0];

const attempt = (email: string, password: string, ip = "10.0.0.1", cookie?: string, fields: Record<string, string> = {}) =>
  settle(() => action(args(post("/login", { email, password, ...fields }, { cookie }), {}, context(ip))));

/** The cookies a response sets, as a Cookie header for the next request. */
const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
const deviceCookieOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith("erdem_session_device="))!
    .split(";")[0];

/** Runs `fn` and tells how many argon2 verifications it caused in this process. */
async function verificationsDuring<T>(fn: () => Promise<T>): Promise<{ value: T; verifications: number }> {
  const before = verificationCount.value;
  const value = await fn();
  return { value, verifications: verificationCount.value - before };
}

describe("login", () => {
  it("signs in with the right password and redirects to a local page only", async () => {
    const u = await createUser(db, { password: "right password" });
    const ok = await attempt(u.email, "right password", "10.0.0.1", undefined, { redirectTo: "//evil.example" });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe("/");
    expect(ok.headers.get("Set-Cookie")).toMatch(/erdem_session=.+HttpOnly/i);
  });

  it.each(["/%09/evil.example", "/\t/evil.example", "/\\evil.example", "https://evil.example", "/%2F/evil.example"])(
    "never redirects off the site for redirectTo=%s",
    async (redirectTo) => {
      const u = await createUser(db, { password: "right password" });
      const res = await attempt(u.email, "right password", "10.0.3.1", undefined, { redirectTo });
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toBe("/");
    },
  );

  it("goes back to a Cyrillic address, encoded, instead of failing", async () => {
    const u = await createUser(db, { password: "right password" });
    const res = await attempt(u.email, "right password", "10.0.3.2", undefined, { redirectTo: "/admin/users?q=Бат" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/admin/users?q=%D0%91%D0%B0%D1%82");
  });

  it("gives one message for a wrong password and for an unknown account, with the e-mail back and never the password", async () => {
    const u = await createUser(db, { password: "right password" });
    const wrong = await (await attempt(u.email, "wrong password", "10.0.0.2")).json();
    const unknown = await (await attempt("nobody@example.mn", "wrong password", "10.0.0.2")).json();
    expect(wrong.result.error[""]).toEqual(["Цахим шуудан эсвэл нууц үг буруу байна."]);
    expect(unknown.result.error[""]).toEqual(wrong.result.error[""]);
    expect(wrong.result.initialValue.email).toBe(u.email);
    expect(JSON.stringify(wrong)).not.toContain("wrong password");
  });

  it("after 5 failures slows the account down, even for the right password, and says when to retry in the reader's language", async () => {
    const u = await createUser(db, { password: "right password" });
    for (let i = 0; i < 5; i++) expect((await attempt(u.email, `wrong ${i}`, `10.1.0.${i}`)).status).toBe(400);
    const locked = await attempt(u.email, "right password", "10.1.0.99");
    expect(locked.status).toBe(429);
    expect(locked.headers.get("Retry-After")).toBe("60");
    const body = await locked.json();
    expect(body.result.error[""][0]).toBe("Олон удаа буруу оролдсон тул түр хүлээнэ үү. 1 минутын дараа дахин оролдоно уу.");
    const cookie = await englishCookie();
    const english = await settle(() => action(args(post("/login", { email: u.email, password: "x" }, { cookie }), {}, context("10.1.0.97"))));
    expect((await english.json()).result.error[""][0]).toBe("Too many failed attempts. Wait 1 minute, then try again.");
    // another account is unaffected
    const other = await createUser(db, { password: "right password" });
    expect((await attempt(other.email, "right password", "10.1.0.98")).status).toBe(302);
  });

  it("a success starts the account's count over", async () => {
    const u = await createUser(db, { password: "right password" });
    for (let i = 0; i < 4; i++) await attempt(u.email, `wrong ${i}`, "10.1.1.1");
    expect((await attempt(u.email, "right password", "10.1.1.1")).status).toBe(302);
    for (let i = 0; i < 5; i++) expect((await attempt(u.email, `wrong again ${i}`, "10.1.1.1")).status).toBe(400);
  });

  it("40 parallel wrong passwords: no more than 5 are verified", async () => {
    const u = await createUser(db, { password: "right password" });
    const { value: responses, verifications } = await verificationsDuring(() =>
      Promise.all(Array.from({ length: 40 }, (_, i) => attempt(u.email, `wrong ${i}`, `10.2.${i}.1`))),
    );
    expect(verifications).toBeLessThanOrEqual(5);
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 400)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
  });

  it("100 parallel guesses with the right one late among them: once the budget is spent it does not sign in", async () => {
    const u = await createUser(db, { password: "right password" });
    const guesses = Array.from({ length: 100 }, (_, i) => (i === 90 ? "right password" : `guess ${i}`));
    const { value: responses, verifications } = await verificationsDuring(() => Promise.all(guesses.map((g, i) => attempt(u.email, g, `10.3.${i}.1`))));
    expect(verifications).toBeLessThanOrEqual(5);
    expect(responses[90].status).toBe(429);
    expect(responses.filter((r) => r.status === 302)).toHaveLength(0);
    expect(await db.selectFrom("session").select("id").where("user_id", "=", u.id).execute()).toEqual([]);
  });

  it("limits one IP address trying many accounts, also in parallel", async () => {
    const { value: responses, verifications } = await verificationsDuring(() =>
      Promise.all(Array.from({ length: 40 }, (_, i) => attempt(`spray-${i}@example.mn`, "guess guess", "10.9.9.9"))),
    );
    expect(verifications).toBeLessThanOrEqual(30);
    expect(responses.filter((r) => r.status === 429)).toHaveLength(10);
    const u = await createUser(db, { password: "right password" });
    expect((await attempt(u.email, "right password", "10.9.9.9")).status).toBe(429);
    expect((await attempt(u.email, "right password", "10.9.9.10")).status).toBe(302);
  });

  it("signing in to one's own account gives back only that attempt to the IP address", async () => {
    const mine = await createUser(db, { password: "right password" });
    for (let i = 0; i < 29; i++) await attempt(`other-${i}@example.mn`, "guess guess", "10.9.8.8");
    for (let i = 0; i < 5; i++) expect((await attempt(mine.email, "right password", "10.9.8.8")).status).toBe(302);
    expect((await attempt("other-x@example.mn", "guess guess", "10.9.8.8")).status).toBe(400);
    expect((await attempt("other-y@example.mn", "guess guess", "10.9.8.8")).status).toBe(429);
  });

  it("a stranger guessing cannot keep the owner out of a browser the owner has signed in from before", async () => {
    const u = await createUser(db, { password: "right password" });
    const first = await attempt(u.email, "right password", "10.4.0.1");
    expect(first.status).toBe(302);
    const device = deviceCookieOf(first);
    // the stranger spends the account's budget, from the same office network
    for (let i = 0; i < 8; i++) await attempt(u.email, `guess ${i}`, "10.4.0.1");
    expect((await attempt(u.email, "right password", "10.4.0.1")).status).toBe(429);
    // the owner, on their own browser, is not held up
    const owner = await attempt(u.email, "right password", "10.4.0.1", device);
    expect(owner.status).toBe(302);
    // a made-up device mark is worth nothing
    const forged = await attempt(u.email, "right password", "10.4.0.1", (await setDeviceCookie(generateSessionToken())).split(";")[0]);
    expect(forged.status).toBe(429);
    // nor is another person's mark
    const other = await createUser(db, { password: "other password" });
    const otherDevice = deviceCookieOf(await attempt(other.email, "other password", "10.4.0.2"));
    expect((await attempt(u.email, "right password", "10.4.0.2", otherDevice)).status).toBe(429);
    expect(cookiesOf(owner)).toContain("erdem_session=");
  });

  it("validates input instead of failing", async () => {
    const res = await attempt("", "");
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.result.error.email).toEqual(["errors.required"]);
  });
});

describe("the language at log-in", () => {
  it("takes the profile's language on a device where none was chosen, and never overrides a choice made on the device", async () => {
    const english = await createUser(db, { password: "right password", locale: "en" });
    const fresh = await attempt(english.email, "right password", "10.3.0.1");
    expect(fresh.status).toBe(302);
    expect(
      fresh.headers
        .getSetCookie()
        .find((c) => c.startsWith("lng="))
        ?.split(";")[0],
    ).toBe(await englishCookie());
    const mongolianChoice = (await languageCookie.serialize("mn")).split(";")[0];
    const chosen = await attempt(english.email, "right password", "10.3.0.2", mongolianChoice);
    expect(chosen.headers.getSetCookie().some((c) => c.startsWith("lng="))).toBe(false);
    const mongolian = await createUser(db, { password: "right password" });
    const res = await attempt(mongolian.email, "right password", "10.3.0.3");
    expect(
      res.headers
        .getSetCookie()
        .find((c) => c.startsWith("lng="))
        ?.split(";")[0],
    ).toBe((await languageCookie.serialize("mn")).split(";")[0]);
  });
});
