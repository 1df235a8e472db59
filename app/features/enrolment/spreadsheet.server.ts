// Assignment lists as Excel workbooks: reading an uploaded .xlsx into rows the way a CSV file is
// read, and the template coordinators fill in. Dates come in as Excel writes them.
import type ExcelJS from "exceljs";

/** exceljs, loaded when a workbook is first read or written rather than by every worker at start-up (decision 027). */
const excel = async () => (await import("exceljs")).default;
import JSZip from "jszip";

/**
 * Everything a workbook may unpack to. An upload is at most 1 MB, and a list of 5,000 people is
 * about 1 MB unpacked; a ZIP that inflates further is refused while it inflates, so that a small
 * file cannot make the server hold hundreds of megabytes (exceljs unpacks every part into memory).
 */
export const MAX_XLSX_UNPACKED_BYTES = 40_000_000;
const MAX_XLSX_PARTS = 1000;
/** Columns read from each row: the list has two; a few more are tolerated (a name kept for reference). */
const MAX_COLUMNS = 30;

export type WorkbookProblem = "notWorkbook" | "tooLarge";

/** One row of a sheet as text, with its row number. */
export interface SheetRecord {
  line: number;
  cells: string[];
}

const DAY_MS = 86_400_000;
// Day 0 of Excel's 1900 date system is 1899-12-30 (the system counts a 29 February 1900 that never
// was, so every serial from 1 March 1900 on is right from this epoch); of the 1904 system, 1904-01-01.
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);
/** 9999-12-31, the last day Excel has. */
const MAX_SERIAL = 2_958_465;

const pad = (n: number) => String(n).padStart(2, "0");
/** The calendar day of a date whose UTC fields are the day's (exceljs reads date cells as UTC midnight of the day shown). */
const isoDay = (d: Date) => `${String(d.getUTCFullYear()).padStart(4, "0")}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** An Excel serial day number as "YYYY-MM-DD"; the time of day (the fraction) is dropped. */
export function serialToIsoDay(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > MAX_SERIAL) return null;
  return isoDay(new Date((date1904 ? EPOCH_1904 : EPOCH_1900) + Math.floor(serial) * DAY_MS));
}

/**
 * A cell as the text the CSV reader would have seen: dates as "YYYY-MM-DD", a number as the day it
 * is when it can be an Excel date (a list's only numeric column is its due date; e-mail addresses are
 * never numbers), links by their text, formulas by their result.
 */
export function cellText(value: ExcelJS.CellValue, date1904 = false): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : isoDay(value);
  if (typeof value === "number") return serialToIsoDay(value, date1904) ?? String(value);
  if (typeof value === "string") return value.replace(/\s+/g, " ").trim();
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if ("richText" in value) return cellText(value.richText.map((r) => r.text).join(""), date1904);
  if ("hyperlink" in value) {
    // a link's text may itself be rich text; Excel turns a typed address into a mailto: link
    const text = cellText(value.text as ExcelJS.CellValue, date1904);
    return text || cellText(String(value.hyperlink ?? "").replace(/^mailto:/i, ""), date1904);
  }
  if ("formula" in value || "sharedFormula" in value) return cellText((value as ExcelJS.CellFormulaValue).result ?? null, date1904);
  if ("error" in value) return String(value.error);
  return "";
}

/** Reads each part of the ZIP to its end, counting; refuses a file that unpacks to more than the limit. */
async function checkUnpackedSize(zip: JSZip, limit: number): Promise<boolean> {
  const parts = Object.values(zip.files).filter((f) => !f.dir);
  if (parts.length > MAX_XLSX_PARTS) return false;
  let total = 0;
  for (const part of parts) {
    const within = await new Promise<boolean>((resolve, reject) => {
      const stream = part.nodeStream("nodebuffer");
      stream.on("data", (chunk: Buffer) => {
        total += chunk.length;
        if (total > limit) {
          // stop inflating: the stream is left paused and dropped
          stream.pause();
          stream.removeAllListeners("data");
          resolve(false);
        }
      });
      stream.on("end", () => resolve(true));
      stream.on("error", reject);
    });
    if (!within) return false;
  }
  return true;
}

/**
 * The rows of the first visible sheet of an .xlsx file, with their row numbers; empty rows are left
 * out (their numbers are not). A file that is not a workbook, or unpacks to too much, is a problem.
 */
export async function readWorkbookRows(
  bytes: Uint8Array,
  { maxRows, unpackedLimit = MAX_XLSX_UNPACKED_BYTES }: { maxRows: number; unpackedLimit?: number },
): Promise<{ records: SheetRecord[]; sheet: string } | { problem: WorkbookProblem | "tooManyRows" }> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    return { problem: "notWorkbook" };
  }
  if (!zip.file("xl/workbook.xml")) return { problem: "notWorkbook" };
  try {
    if (!(await checkUnpackedSize(zip, unpackedLimit))) return { problem: "tooLarge" };
  } catch {
    return { problem: "notWorkbook" };
  }
  const workbook = new (await excel()).Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch {
    return { problem: "notWorkbook" };
  }
  const sheet = workbook.worksheets.find((s) => s.state === "visible") ?? workbook.worksheets[0];
  if (!sheet) return { problem: "notWorkbook" };
  const date1904 = Boolean(workbook.properties?.date1904);
  const records: SheetRecord[] = [];
  // one more than the rows allowed: the first may be a header
  let tooMany = false;
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    if (tooMany) return;
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      if (column <= MAX_COLUMNS) cells[column - 1] = cellText(cell.value, date1904);
    });
    const filled = Array.from(cells, (c) => c ?? "");
    if (!filled.some((c) => c !== "")) return;
    if (records.length > maxRows)
      tooMany = true; // maxRows and a header row are already there
    else records.push({ line, cells: filled });
  });
  if (tooMany) return { problem: "tooManyRows" };
  return { records, sheet: sheet.name };
}

/** The header names of the template; the reader knows them (and others) as column names. */
export const TEMPLATE_HEADERS = { email: "Цахим шуудан", due: "Дуусгах хугацаа" };

/**
 * The template: an e-mail column formatted as text (so Excel does not turn addresses into links
 * or numbers) and a due-date column of date cells shown as 31.03.2027, the header row frozen.
 */
export async function assignmentTemplate(): Promise<Uint8Array> {
  const workbook = new (await excel()).Workbook();
  workbook.creator = "Erdem";
  const sheet = workbook.addWorksheet("Суралцагчид", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = [
    { header: TEMPLATE_HEADERS.email, key: "email", width: 40, style: { numFmt: "@" } },
    { header: TEMPLATE_HEADERS.due, key: "due", width: 20, style: { numFmt: "dd.mm.yyyy", alignment: { horizontal: "left" } } },
  ];
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.getCell(1).note = "Жишээ нь: bold@erdem.mn";
  header.getCell(2).note = "Жишээ нь: 31.03.2027. Заавал биш.";
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
