// The code frame content:check prints under a problem and the lesson page's error panel shows.
import { describe, expect, it } from "vitest";
import { codeFrame, frameLines, frameText } from "./check-report";

const source = ["---", "title: x", "---", "", "Текст", '<Callout type="danger">', "	таб	{a.b}", "", "", "", "арав"].join("\n");

describe("codeFrame", () => {
  it("shows two lines before and after, the problem's line marked and a caret under its column", () => {
    expect(frameLines(codeFrame(source, 6, 15))).toEqual([
      "      4 |",
      "      5 | Текст",
      '    > 6 | <Callout type="danger">',
      "        |               ^",
      "      7 | 	таб	{a.b}",
      "      8 |",
    ]);
  });

  it("keeps tabs in the marker, so the caret stays under the column", () => {
    const rows = codeFrame(source, 7, 6);
    expect(rows.find((r) => r.marker !== undefined)?.marker).toBe("	   	^");
  });

  it("pads the numbers to the widest shown and stops at the ends of the file", () => {
    expect(frameText(codeFrame(source, 10, 1), "").map((l) => l.text)).toEqual(["   8 |", "   9 |", "> 10 |", "     | ^", "  11 | арав"]);
    expect(codeFrame(source, 1, 1).map((r) => r.number)).toEqual(["1", "2", "3"]);
  });

  it("puts the caret after the end of a line a column points past, and shows nothing for a line not in the file", () => {
    expect(codeFrame("ab\ncd", 1, 9).find((r) => r.marker)?.marker).toBe("  ^");
    expect(codeFrame("ab", 5, 1)).toEqual([]);
    expect(codeFrame("ab", 0, 1)).toEqual([]);
  });
});
