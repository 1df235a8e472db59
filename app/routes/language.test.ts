// The language switch redirects back to where the reader was, and only ever to this site.
import { describe, expect, it } from "vitest";
import { args, get, settle } from "../../tests/helpers";
import { loader } from "./language";

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
