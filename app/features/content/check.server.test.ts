import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkContent } from "./check.server";

const FIXTURES = path.resolve("tests/fixtures/content");

describe("content:check", async () => {
  const { problems } = await checkContent(FIXTURES);
  const found = (file: string, line: number, text: string) => problems.some((p) => p.file.endsWith(file) && p.line === line && p.message.includes(text));

  it.each([
    ["broken-meta/course.yaml", 9, 'Unrecognized key: "colour"'],
    ["broken-meta/course.yaml", 5, "hours: Invalid input: expected number"],
    ["broken/course.yaml", 1, 'quiz "final" not found'],
    ["broken/m1/bad-front.mn.mdx", 4, 'Unrecognized key: "colour"'],
    ["broken/m1/bad-front.mn.mdx", 3, "minutes: Invalid input: expected number"],
    ["broken/m1/bad-parts.mn.mdx", 8, '<Figure> needs a non-empty "alt"'],
    ["broken/m1/bad-parts.mn.mdx", 8, 'file "images/missing.svg" not found'],
    ["broken/m1/bad-parts.mn.mdx", 10, "unknown component <Slideshow>"],
    ["broken/m1/bad-parts.mn.mdx", 12, '<Callout type="danger"> must be one of info, warning, tip'],
    ["broken/m1/bad-parts.mn.mdx", 14, 'link to unknown lesson "no-such-lesson"'],
    ["broken/m1/bad-parts.mn.mdx", 16, "<Practice answer={3}> is outside the 1 options"],
    ["broken/m1/syntax.mn.mdx", 8, "Expected a closing tag for `<Callout>`"],
    ["broken/m1/forbidden.mn.mdx", 5, 'import from "node:fs" is not allowed'],
    ["broken/m1/forbidden.mn.mdx", 7, "<script> is not allowed"],
    ["broken/m1/forbidden.mn.mdx", 9, "a property access (a.b, a[b], a?.b) is not allowed"],
    ["broken/m1/forbidden.mn.mdx", 11, "a function call is not allowed"],
    ["broken/m1/forbidden.mn.mdx", 13, 'attribute "onClick" is not allowed'],
    ["broken/m1/no-translation.mn.mdx", 1, "translation missing: m1/no-translation.en.mdx"],
    ["broken/quizzes/bad-quiz.yaml", 11, "a single-choice question needs exactly one correct option"],
    ["broken/quizzes/bad-quiz.yaml", 19, "answer: Invalid input: expected boolean"],
  ])("reports %s:%i %s", (file, line, text) => {
    expect(
      found(file, line, text),
      JSON.stringify(
        problems.filter((p) => p.file.endsWith(file)),
        null,
        1,
      ),
    ).toBe(true);
  });

  it("finds nothing wrong in correct lessons", () => {
    const sample = problems.filter((p) => p.file.includes("/sample/") || p.file.includes("/draft-course/"));
    expect(sample.map((p) => p.message)).toEqual(["translation missing: basics/only-mongolian.en.mdx"]);
  });

  it("passes every course the project ships", async () => {
    const shipped = await checkContent(path.resolve("content"));
    expect(shipped.problems).toEqual([]);
    expect(shipped.lessons).toBeGreaterThanOrEqual(3 * 9 * 2);
  });
});
