import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./safe-redirect";

describe("safeRedirectPath", () => {
  const refused: [string, unknown][] = [
    ["protocol-relative", "//evil.example"],
    ["protocol-relative with path", "//evil.example/login"],
    ["backslash after slash", "/\\evil.example"],
    ["backslash later", "/a\\b"],
    ["tab after slash", "/\t/evil.example"],
    ["newline after slash", "/\n/evil.example"],
    ["carriage return", "/\r/evil.example"],
    ["CRLF header injection", "/x\r\nSet-Cookie: a=b"],
    ["NUL", "/\u0000/evil.example"],
    ["DEL", "/\u007f/evil.example"],
    ["C1 control (NEL)", "/\u0085/evil.example"],
    ["percent-encoded tab", "/%09/evil.example"],
    ["percent-encoded newline", "/%0a/evil.example"],
    ["percent-encoded slash", "/%2F/evil.example"],
    ["percent-encoded slash, lower case", "/%2f/evil.example"],
    ["percent-encoded backslash", "/%5Cevil.example"],
    ["percent-encoded CRLF", "/x%0d%0aSet-Cookie:%20a=b"],
    ["malformed percent-encoding", "/%E0%A4%A"],
    ["absolute https", "https://evil.example"],
    ["absolute http to our own name", "http://erdem.invalid/x"],
    ["javascript scheme", "javascript:alert(1)"],
    ["data scheme", "data:text/html,<script>alert(1)</script>"],
    ["relative path", "evil.example"],
    ["empty", ""],
    ["space before slash", " /x"],
    ["tab before slashes", "\t//evil.example"],
    ["not a string", null],
    ["undefined", undefined],
    ["overlong", `/${"a".repeat(3000)}`],
  ];
  it.each(refused)("refuses %s", (_name, input) => {
    expect(safeRedirectPath(input as string, "/fallback")).toBe("/fallback");
  });

  const allowed: [string, string, string][] = [
    ["root", "/", "/"],
    ["a page", "/courses", "/courses"],
    ["query and hash", "/courses?q=a&page=2#top", "/courses?q=a&page=2#top"],
    ["dot segments resolved on this site", "/a/../b", "/b"],
    ["dot segments cannot climb out", "/../../x", "/x"],
    ["encoded characters kept", "/search?q=a%20b", "/search?q=a%20b"],
    ["Cyrillic path, encoded", "/courses/хичээл", "/courses/%D1%85%D0%B8%D1%87%D1%8D%D1%8D%D0%BB"],
    ["Cyrillic query, encoded", "/admin/users?q=Бат", "/admin/users?q=%D0%91%D0%B0%D1%82"],
    ["space encoded", "/a b", "/a%20b"],
    ["a colon inside a path", "/verify/a:b", "/verify/a:b"],
  ];
  it.each(allowed)("allows %s", (_name, input, expected) => {
    expect(safeRedirectPath(input, "/fallback")).toBe(expected);
  });

  it("always returns a value a Location header accepts", () => {
    for (const input of [...refused.map((r) => r[1]), ...allowed.map((a) => a[1]), "/ӨөҮү", "/😀", "/\u2028"]) {
      const out = safeRedirectPath(input as string);
      expect(() => new Headers({ Location: out })).not.toThrow();
      expect(out).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
    }
  });
});
