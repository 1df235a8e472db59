// The language switch redirects back to where the reader was, and only ever to this site.
import { describe, expect, it } from "vitest";
import { getLanguage } from "~/i18n/i18next.server";
import { args, get, settle } from "../../tests/helpers";
import { loader } from "./language";
import { loader as loginPage } from "./login";

const switchTo = (rawQuery: string) => settle(() => loader(args(get(`/language?lng=en&${rawQuery}`))));

describe("/language", () => {
  it.each([
    "redirectTo=/%09/evil.example",
    "redirectTo=/%0A/evil.example",
    "redirectTo=/%0D/evil.example",
    "redirectTo=//evil.example",
    "redirectTo=/%5Cevil.example",
    "redirectTo=/%252F/evil.example",
    "redirectTo=%2F%2Fevil.example",
    "redirectTo=https://evil.example",
    "redirectTo=javascript:alert(1)",
    "redirectTo=/%C2%85/evil.example",
  ])("keeps %s on this site", async (query) => {
    const res = await switchTo(query);
    expect(res.status).toBe(302);
    const location = res.headers.get("Location")!;
    const target = new URL(location, "http://localhost");
    expect(target.origin).toBe("http://localhost");
    expect(location).toMatch(/^\/(?![/\\])/);
    expect(res.headers.get("Set-Cookie")).toMatch(/^lng=/);
  });

  it("takes the reader back to a Cyrillic address, encoded, instead of failing", async () => {
    const res = await switchTo(`redirectTo=${encodeURIComponent("/admin/users?q=Бат")}`);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/admin/users?q=%D0%91%D0%B0%D1%82");
  });
});

describe("the reader's language", () => {
  const titleOf = async (cookie?: string, headers: Record<string, string> = {}) => {
    const res = await settle(() => loginPage(args(get("/login", { cookie, headers }))));
    return ((await res.json()) as { title: string }).title;
  };

  it("is Mongolian whatever the browser asks for, until the reader chooses English", async () => {
    for (const accept of ["en-US,en;q=0.9", "en", "en-GB, mn;q=0.1", "ru-RU,ru;q=0.9,en;q=0.8", "*"]) {
      expect(await getLanguage(get("/", { headers: { "Accept-Language": accept } })), accept).toBe("mn");
      expect(await titleOf(undefined, { "Accept-Language": accept })).toBe("Нэвтрэх — Эрдэм");
    }
    // the reader chooses English with the language switch: the cookie it sets decides from then on
    const chose = await switchTo("redirectTo=/login");
    const cookie = chose.headers.get("Set-Cookie")!.split(";")[0];
    expect(await titleOf(cookie, { "Accept-Language": "en-US,en;q=0.9" })).toBe("Log in — Erdem");
    expect(await titleOf(cookie, { "Accept-Language": "mn-MN" })).toBe("Log in — Erdem");
    // and back to Mongolian the same way
    const back = await settle(() => loader(args(get("/language?lng=mn&redirectTo=/login"))));
    expect(await titleOf(back.headers.get("Set-Cookie")!.split(";")[0], { "Accept-Language": "en-US" })).toBe("Нэвтрэх — Эрдэм");
    // `?lng=en` on an address is a choice too
    expect(await getLanguage(get("/login?lng=en", { headers: { "Accept-Language": "mn" } }))).toBe("en");
  });
});
