import { describe, expect, it } from "vitest";
import en from "~/i18n/locales/content-check.en";
import mn from "~/i18n/locales/content-check.mn";
import { closest, editDistance, problemMessage, problemText, say, sayWithSuggestion, type ProblemCode } from "./problems";

const placeholders = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
const codes = Object.keys(mn.problems) as ProblemCode[];

describe("content check messages", () => {
  it("say every problem in Mongolian and in English, with the same placeholders", () => {
    expect(Object.keys(en.problems).sort()).toEqual([...codes].sort());
    for (const code of codes) {
      expect(mn.problems[code].trim(), code).not.toBe("");
      expect(en.problems[code].trim(), code).not.toBe("");
      expect(placeholders(en.problems[code]), code).toEqual(placeholders(mn.problems[code]));
    }
    for (const table of ["what", "shape", "type", "cli"] as const) expect(Object.keys(en[table]).sort(), table).toEqual(Object.keys(mn[table]).sort());
  });

  it("fill in every placeholder, and the Mongolian is written in Mongolian", () => {
    for (const code of codes) {
      const params = Object.fromEntries(placeholders(en.problems[code]).map((p) => [p, p === "what" ? "CallExpression" : p === "expected" ? "number" : "x"]));
      const [m, e] = [problemMessage(code, params, "mn"), problemMessage(code, params, "en")];
      expect(m, code).not.toMatch(/{{\w+}}/);
      expect(e, code).not.toMatch(/{{\w+}}/);
      // the two pass-through messages (the MDX compiler's own words, an internal error) still differ by a lead
      if (!["mdx-syntax", "internal", "schema-other"].includes(code)) expect(m, code).not.toBe(e);
      if (!["schema-other", "mdx-syntax"].includes(code)) expect(m, code).toMatch(/[а-яөүё]/i);
    }
  });

  it("keeps the English as the message, and translates the terms inside a message", () => {
    const said = say("expression-value", { what: "CallExpression" });
    expect(said.code).toBe("expression-value");
    expect(said.message).toMatch(/^a function call is not allowed in a lesson; only text/);
    expect(problemText(said, "mn")).toMatch(/^Хичээлд функц дуудах бичиж болохгүй; { } дотор зөвхөн текст/);
    expect(problemText({ message: "from elsewhere" }, "mn")).toBe("from elsewhere");
    const wrong = say("wrong-type", { where: "hours: ", expected: "number", received: "string" });
    expect(wrong.message).toBe("hours: Invalid input: expected number, received string");
    expect(problemText(wrong, "mn")).toBe("hours: тоо байх ёстой, харин текст бичигдсэн байна");
    expect(say("practice-answer-range", { answer: 3, count: 1 }).message).toBe("<Practice answer={3}> is outside the 1 options");
  });

  it("the HTML comment message says what to write instead, in both languages", () => {
    expect(problemMessage("html-comment", {}, "en")).toContain("{/* … */}");
    expect(problemMessage("html-comment", {}, "mn")).toContain("{/* … */}");
  });
});

describe("did you mean", () => {
  it("measures edits, a swap of neighbours counting once", () => {
    expect(editDistance("Callout", "Callout")).toBe(0);
    expect(editDistance("Calout", "Callout")).toBe(1);
    expect(editDistance("tpye", "type")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("suggests the closest known name only when it is close enough to be a slip", () => {
    expect(closest("Calout", ["Callout", "Checklist"])).toBe("Callout");
    expect(closest("callout", ["Callout"])).toBe("Callout");
    expect(closest("minuts", ["title", "summary", "minutes", "required", "draft"])).toBe("minutes");
    expect(closest("passingscore", ["passingScore", "kind"])).toBe("passingScore");
    expect(closest("Slideshow", ["Callout", "Steps", "Figure", "Video"])).toBeUndefined();
    expect(closest("colour", ["title", "summary", "audience", "hours"])).toBeUndefined();
    // short words: one slip at most
    expect(closest("tip", ["tab"])).toBeUndefined();
    expect(closest("tpi", ["tip"])).toBe("tip");
  });

  it("turns a problem into its suggesting twin when there is a suggestion", () => {
    const said = sayWithSuggestion("unknown-component", "Calout", ["Callout"], { name: "Calout", library: "Callout" });
    expect(said.code).toBe("unknown-component-suggest");
    expect(said.message).toBe("unknown component <Calout>. Did you mean <Callout>? The library has Callout");
    expect(problemText(said, "mn")).toBe("<Calout> гэсэн бүрэлдэхүүн хэсэг байхгүй. <Callout> гэж бичих гэсэн үү? Санд Callout байна");
    expect(sayWithSuggestion("unknown-component", "Slideshow", ["Callout"], { name: "Slideshow", library: "Callout" }).code).toBe("unknown-component");
  });
});
