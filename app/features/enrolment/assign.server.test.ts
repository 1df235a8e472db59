// Reading assignment files the way spreadsheets write them.
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { decodeCsv, MAX_CSV_ROWS, parseAssignmentCsv, parseDueDate, readAssignmentFile } from "./assign.server";
import { assignmentTemplate, cellText, readWorkbookRows, serialToIsoDay } from "./spreadsheet.server";

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
  it("takes a first row as a header only when a cell is the e-mail column's name, in either language and any order", () => {
    expect(parseAssignmentCsv("Email,Due\na@x.mn,2026-12-31")).toEqual([{ line: 2, email: "a@x.mn", due: "2026-12-31" }]);
    expect(parseAssignmentCsv("Хугацаа;Цахим шуудан\n2026-12-31;a@x.mn")).toEqual([{ line: 2, email: "a@x.mn", due: "2026-12-31" }]);
    // a column kept for reference (a name) is not read, and the header still places the others
    expect(parseAssignmentCsv("Нэр;Дуусгах хугацаа;И-мэйл хаяг\nБолд;31.03.2027;A@x.mn")).toEqual([{ line: 2, email: "a@x.mn", due: "31.03.2027" }]);
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
  it("may be written day first, as in Mongolia and in Excel's dd.mm.yyyy, never month first", () => {
    for (const written of [
      "31.03.2027",
      "31/03/2027",
      "31-03-2027",
      "2027-03-31",
      "2027.03.31",
      "2027/03/31",
      "31.3.2027",
      "31.03.2027 0:00",
      "2027-03-31 00:00:00",
      "20270331",
    ])
      expect(parseDueDate(written, NOW), written).toEqual({ dueAt: "2027-03-31T15:59:59.000Z" });
    // 03/04/2027 is the 3rd of April; 04/31/2027 (April the 31st, month first) is no day
    expect(parseDueDate("03/04/2027", NOW)).toEqual({ dueAt: "2027-04-03T15:59:59.000Z" });
    expect(parseDueDate("04/31/2027", NOW)).toEqual({ problem: "badDate" });
    // separators must agree, and two-digit years are not guessed
    expect(parseDueDate("31.03/2027", NOW)).toEqual({ problem: "badDate" });
    expect(parseDueDate("31.03.27", NOW)).toEqual({ problem: "badDate" });
    expect(parseDueDate("29.02.2027", NOW)).toEqual({ problem: "badDate" });
    expect(parseDueDate("29.02.2028", NOW)).toEqual({ dueAt: "2028-02-29T15:59:59.000Z" });
    // eight digits are year first; anything else without separators is no date
    expect(parseDueDate("31032027", NOW)).toEqual({ problem: "badDate" });
    expect(parseDueDate("2027331", NOW)).toEqual({ problem: "badDate" });
  });

  it("is the end of that day in Ulaanbaatar, written with dashes, dots or slashes", () => {
    expect(parseDueDate("2026-12-31", NOW)).toEqual({ dueAt: "2026-12-31T15:59:59.000Z" });
    expect(parseDueDate("2026.7.1", NOW)).toEqual({ dueAt: "2026-07-01T15:59:59.000Z" });
    expect(parseDueDate(" ", NOW)).toEqual({ dueAt: null });
    expect(parseDueDate("2026-06-01", NOW)).toEqual({ dueAt: "2026-06-01T15:59:59.000Z" }); // today still counts
  });

  it("must be a real day, not over, and not absurdly far", () => {
    expect(parseDueDate("2027-02-29", NOW)).toEqual({ problem: "badDate" });
    expect(parseDueDate("2026/31/12", NOW)).toEqual({ problem: "badDate" });
    expect(parseDueDate("0002-01-01", NOW)).toEqual({ problem: "pastDate" });
    expect(parseDueDate("2026-05-31", NOW)).toEqual({ problem: "pastDate" });
    expect(parseDueDate("2031-06-01", NOW)).toEqual({ dueAt: "2031-06-01T15:59:59.000Z" });
    expect(parseDueDate("2031-06-03", NOW)).toEqual({ problem: "farDate" });
    expect(parseDueDate("2062-12-31", NOW)).toEqual({ problem: "farDate" });
    expect(parseDueDate("99999-01-01", NOW)).toEqual({ problem: "badDate" });
  });
});

/** A workbook as Excel would save it, built with exceljs: the first sheet gets `rows`. */
async function workbook(rows: ExcelJS.CellValue[][], opts: { date1904?: boolean; hiddenFirst?: boolean; numFmt?: string } = {}) {
  const wb = new ExcelJS.Workbook();
  if (opts.date1904) wb.properties.date1904 = true;
  if (opts.hiddenFirst) wb.addWorksheet("Тайлбар", { state: "hidden" }).addRow(["not read"]);
  const sheet = wb.addWorksheet("Жагсаалт");
  for (const row of rows) sheet.addRow(row);
  if (opts.numFmt) sheet.getColumn(2).numFmt = opts.numFmt;
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe("an Excel file", () => {
  it("is read from its first visible sheet, with Excel's row numbers, dates however they were typed", async () => {
    const bytes = await workbook(
      [
        ["Цахим шуудан", "Дуусгах хугацаа", "Нэр"],
        ["A@x.mn", new Date(Date.UTC(2027, 2, 31)), "Болд"], // a date cell: exceljs reads it as UTC midnight of that day
        ["b@x.mn", 46477], // a number: Excel's serial day (46477 = 2027-03-31)
        [],
        ["c@x.mn", "31.03.2027"],
        ["d@x.mn", "2027-03-31"],
        ["e@x.mn", "31/03/2027"],
        [{ text: "f@x.mn", hyperlink: "mailto:f@x.mn" }, null], // Excel turns a typed address into a link
        [{ richText: [{ text: "g@" }, { text: "x.mn" }] }, { formula: "DATE(2027,3,31)", result: new Date(Date.UTC(2027, 2, 31)) }],
        ["h@x.mn", "next week"],
      ],
      { hiddenFirst: true },
    );
    const read = await readAssignmentFile(bytes);
    expect(read).toMatchObject({ format: "xlsx", sheet: "Жагсаалт" });
    expect("rows" in read && read.rows).toEqual([
      { line: 2, email: "a@x.mn", due: "2027-03-31" },
      { line: 3, email: "b@x.mn", due: "2027-03-31" },
      { line: 5, email: "c@x.mn", due: "31.03.2027" },
      { line: 6, email: "d@x.mn", due: "2027-03-31" },
      { line: 7, email: "e@x.mn", due: "31/03/2027" },
      { line: 8, email: "f@x.mn", due: "" },
      { line: 9, email: "g@x.mn", due: "2027-03-31" },
      { line: 10, email: "h@x.mn", due: "next week" },
    ]);
    for (const r of "rows" in read ? read.rows : []) {
      const due = parseDueDate(r.due, NOW);
      expect(due, r.email).toEqual(r.email === "h@x.mn" ? { problem: "badDate" } : { dueAt: r.email === "f@x.mn" ? null : "2027-03-31T15:59:59.000Z" });
    }
  });

  it("takes a date cell as the calendar day it shows, whatever the time of day or the date system", async () => {
    expect(cellText(new Date(Date.UTC(2027, 2, 31)))).toBe("2027-03-31");
    expect(cellText(new Date(Date.UTC(2027, 2, 31, 23, 59, 59, 999)))).toBe("2027-03-31");
    expect(cellText(46477.75)).toBe("2027-03-31"); // 18:00 of that day
    expect(serialToIsoDay(46477)).toBe("2027-03-31");
    expect(serialToIsoDay(46477 - 1462, true)).toBe("2027-03-31"); // the 1904 system counts from 1904-01-01
    expect(serialToIsoDay(0)).toBeNull();
    expect(cellText(12345678901)).toBe("12345678901"); // too large for a day: left as the number
    expect(cellText({ error: "#N/A" })).toBe("#N/A");
    // a workbook in the 1904 date system: exceljs converts its date cells, the serials are ours to convert
    const bytes = await workbook([["a@x.mn", 46477 - 1462]], { date1904: true });
    const read = await readWorkbookRows(bytes, { maxRows: 10 });
    expect("records" in read && read.records).toEqual([{ line: 1, cells: ["a@x.mn", "2027-03-31"] }]);
  });

  it("is told apart by its content, not its name, and other binary files are refused by name", async () => {
    const xlsx = await workbook([["a@x.mn", "2027-03-31"]]);
    expect(await readAssignmentFile(xlsx)).toMatchObject({ format: "xlsx" });
    expect(await readAssignmentFile(new TextEncoder().encode("a@x.mn;2027-03-31\n"))).toMatchObject({ format: "csv" });
    // Excel 97–2003 (and a password-protected workbook) is an OLE2 compound file
    expect(await readAssignmentFile(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]))).toEqual({ problem: "oldExcel" });
    expect(await readAssignmentFile(new TextEncoder().encode("%PDF-1.7\n%\u00e2\u00e3"))).toEqual({ problem: "notSpreadsheet" });
    expect(await readAssignmentFile(new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]))).toEqual({ problem: "notSpreadsheet" }); // an .exe
    // a ZIP that is not a workbook (a .docx, say), and a broken one
    const zip = new JSZip();
    zip.file("word/document.xml", "<w:document/>");
    expect(await readAssignmentFile(await zip.generateAsync({ type: "uint8array" }))).toEqual({ problem: "notWorkbook" });
    expect(await readAssignmentFile(xlsx.slice(0, 200))).toEqual({ problem: "notWorkbook" });
    // text that is not UTF-8 is still the CSV reader's "bad encoding"
    expect(await readAssignmentFile(new Uint8Array([0xc1, 0xe0, 0xf2, 0x40, 0x78]))).toEqual({ problem: "badEncoding" });
  });

  it("keeps the limits of a CSV file: rows, emptiness, and what it may unpack to", async () => {
    const many = await workbook([["email"], ...Array.from({ length: MAX_CSV_ROWS + 1 }, (_, i) => [`u${i}@x.mn`])]);
    expect(await readAssignmentFile(many)).toEqual({ problem: "tooManyRows" });
    const enough = await workbook([["email"], ...Array.from({ length: MAX_CSV_ROWS }, (_, i) => [`u${i}@x.mn`])]);
    expect(await readAssignmentFile(enough)).toMatchObject({ format: "xlsx" });
    expect(await readAssignmentFile(await workbook([]))).toEqual({ problem: "empty" });
    // a small file that inflates to 45 MB is refused while it inflates, before exceljs unpacks it
    const bomb = new JSZip();
    bomb.file("xl/workbook.xml", "<workbook/>");
    bomb.file("xl/sharedStrings.xml", "a".repeat(45_000_000));
    const bytes = await bomb.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: 9 } });
    expect(bytes.length).toBeLessThan(1_000_000);
    expect(await readAssignmentFile(bytes)).toEqual({ problem: "tooLarge" });
  });

  it("reads its own template back: the headers are known, the due column is a dd.mm.yyyy date column", async () => {
    const template = await assignmentTemplate();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(template) as unknown as ExcelJS.Buffer);
    const sheet = wb.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, "Цахим шуудан", "Дуусгах хугацаа"]);
    expect(sheet.getColumn(1).numFmt).toBe("@");
    expect(sheet.getColumn(2).numFmt).toBe("dd.mm.yyyy");
    // filled in as a coordinator would: a date typed into the due column is a date cell
    sheet.getCell("A2").value = "a@x.mn";
    sheet.getCell("B2").value = new Date(Date.UTC(2027, 2, 31));
    const filled = new Uint8Array(await wb.xlsx.writeBuffer());
    const read = await readAssignmentFile(filled);
    expect("rows" in read && read.rows).toEqual([{ line: 2, email: "a@x.mn", due: "2027-03-31" }]);
  });
});
