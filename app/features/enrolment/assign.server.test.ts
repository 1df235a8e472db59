// Reading assignment files the way spreadsheets write them.
import { describe, expect, it } from "vitest";
import { decodeCsv, MAX_CSV_ROWS, parseAssignmentCsv, parseDueDate } from "./assign.server";

const NOW = new Date("2026-06-01T04:00:00.000Z");

function utf16(text: string, endian: "le" | "be") {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes.set(endian === "le" ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes.set(endian === "le" ? [c & 0xff, c >> 8] : [c >> 8, c & 0xff], 2 + i * 2);
  }
  return bytes;
}

describe("decoding an uploaded file", () => {
  const text = "Цахим шуудан;Хугацаа\r\nбат@erdem.mn;2026-12-31\r\n";

  it("reads UTF-8 with and without a byte-order mark, and UTF-16 in either byte order", () => {
    const utf8 = new TextEncoder().encode(text);
    expect(decodeCsv(utf8)).toBe(text);
    expect(decodeCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toBe(text);
    expect(decodeCsv(utf16(text, "le"))).toBe(text);
    expect(decodeCsv(utf16(text, "be"))).toBe(text);
  });

  it("refuses bytes that are not text in the encoding, instead of guessing", () => {
    // "Бат" in Windows-1251, as an old Excel might save it
    expect(decodeCsv(new Uint8Array([0xc1, 0xe0, 0xf2, 0x40, 0x78]))).toEqual({ problem: "badEncoding" });
  });
});

describe("parsing an assignment file", () => {
  it("takes a first row as a header only when its cells are column names, in either language and any order", () => {
    expect(parseAssignmentCsv("Email,Due\na@x.mn,2026-12-31")).toEqual([{ line: 2, email: "a@x.mn", due: "2026-12-31" }]);
    expect(parseAssignmentCsv("Хугацаа;Цахим шуудан\n2026-12-31;a@x.mn")).toEqual([{ line: 2, email: "a@x.mn", due: "2026-12-31" }]);
    // an address with "email" in it is a learner, not a header
    expect(parseAssignmentCsv("email.officer@x.mn,2026-12-31\nb@x.mn")).toEqual([
      { line: 1, email: "email.officer@x.mn", due: "2026-12-31" },
      { line: 2, email: "b@x.mn", due: "" },
    ]);
  });

  it("reads quoted fields holding separators and line breaks, and counts lines as the file has them", () => {
    const rows = parseAssignmentCsv('"email","due"\r\n"a@x.mn","2026-12-31"\r\n\r\n"b,c@x.mn",""\r\n"two\r\nlines@x.mn",2026-12-31\r\nd@x.mn\t2026-12-31\r\n');
    expect(rows).toEqual([
      { line: 2, email: "a@x.mn", due: "2026-12-31" },
      { line: 4, email: "b,c@x.mn", due: "" },
      { line: 5, email: "two\nlines@x.mn", due: "2026-12-31" },
      { line: 7, email: "d@x.mn", due: "2026-12-31" },
    ]);
  });

  it("refuses a file with an unclosed quote, saying where, and files too long or empty", () => {
    expect(parseAssignmentCsv('a@x.mn,2026-12-31\n"b@x.mn,2026-12-31\nc@x.mn\n')).toEqual({ problem: "malformed", line: 2 });
    expect(parseAssignmentCsv(Array.from({ length: MAX_CSV_ROWS + 1 }, (_, i) => `u${i}@x.mn`).join("\n"))).toEqual({ problem: "tooManyRows" });
    expect(parseAssignmentCsv("\n \n")).toEqual({ problem: "empty" });
  });
});

describe("a due date", () => {
  it("is the end of that day in Ulaanbaatar, written with dashes, dots or slashes", () => {
    expect(parseDueDate("2026-12-31", NOW)).toEqual({ dueAt: "2026-12-31T15:59:59.000Z" });
    expect(parseDueDate("2026.7.1", NOW)).toEqual({ dueAt: "2026-07-01T15:59:59.000Z" });
    expect(parseDueDate(" ", NOW)).toEqual({ dueAt: null });
    expect(parseDueDate("2026-06-01", NOW)).toEqual({ dueAt: "2026-06-01T15:59:59.000Z" }); // today still counts
  });

  it("must be a real day, not over, and not absurdly far", () => {
    expect(parseDueDate("2027-02-29", NOW)).toEqual({ problem: "badDate" });
    expect(parseDueDate("31/12/2026", NOW)).toEqual({ problem: "badDate" });
    expect(parseDueDate("0002-01-01", NOW)).toEqual({ problem: "pastDate" });
    expect(parseDueDate("2026-05-31", NOW)).toEqual({ problem: "pastDate" });
    expect(parseDueDate("2031-06-01", NOW)).toEqual({ dueAt: "2031-06-01T15:59:59.000Z" });
    expect(parseDueDate("2031-06-03", NOW)).toEqual({ problem: "farDate" });
    expect(parseDueDate("2062-12-31", NOW)).toEqual({ problem: "farDate" });
    expect(parseDueDate("99999-01-01", NOW)).toEqual({ problem: "badDate" });
  });
});
