// Every report table as a file, CSV or Excel (.xlsx), written while the reader downloads it: the next
// page of rows is asked for only when the bytes before it have been taken, so a national export
// holds about one page in memory, and a reader who goes away stops the query. See decision 024.
import { once as nextEvent } from "node:events";
import { PassThrough } from "node:stream";
import { encodeExtended } from "content-disposition";
import { stringify } from "csv-stringify/sync";
import type ExcelJS from "exceljs";

export type ColumnType = "text" | "integer" | "decimal" | "percent" | "date" | "datetime";

/** `header` is already in the reader's language; `width` in Excel's characters (a default per type otherwise). */
export interface Column {
  header: string;
  type: ColumnType;
  width?: number;
}

/**
 * One value of a row, read by its column's type: a percent is a share (0.453 is 45.3 %); a date or
 * datetime is an instant (a Date or an ISO string), shown as the Ulaanbaatar wall clock, or a
 * "YYYY-MM-DD" calendar day taken as it is; null or undefined is an empty cell. A value a numeric or
 * date column cannot read (a "—") is written as text rather than lost.
 */
export type Cell = string | number | bigint | Date | null | undefined;
export type Page = readonly (readonly Cell[])[];
export type TableFormat = "csv" | "xlsx";

export const CONTENT_TYPE: Record<TableFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** Mongolian short dates (2026.11.24, as formatDateShort and the glossary write them), unambiguous in English too. */
const NUMBER_FORMAT: Record<ColumnType, string | undefined> = {
  text: undefined,
  integer: "#,##0",
  decimal: "0.0",
  percent: "0.0%",
  date: "yyyy.mm.dd",
  datetime: "yyyy.mm.dd hh:mm",
};
const DEFAULT_WIDTH: Record<ColumnType, number> = { text: 20, integer: 12, decimal: 10, percent: 10, date: 12, datetime: 17 };
const MAX_WIDTH = 40;

// Ulaanbaatar keeps UTC+8 all year (no daylight saving since 2017).
const UB_OFFSET_MS = 8 * 3600_000;
const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The single page of a table that is already in memory (a summary). */
export async function* once<T extends Page>(rows: T): AsyncGenerator<T> {
  yield rows;
}

/**
 * A Date whose UTC fields are what a reader in Ulaanbaatar sees (exceljs and our CSV both write a
 * Date's UTC fields), midnight of that day for a date column; null for no value; the value as text
 * when it is no date.
 */
function wallClock(value: Cell, type: "date" | "datetime"): Date | string | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "string" && CALENDAR_DAY.test(value)) {
    const day = new Date(`${value}T00:00:00Z`);
    return Number.isNaN(day.getTime()) ? value : day;
  }
  const instant = value instanceof Date ? value : typeof value === "string" ? new Date(value) : null;
  if (!instant || Number.isNaN(instant.getTime())) return String(value);
  const local = new Date(instant.getTime() + UB_OFFSET_MS);
  return type === "date" ? new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate())) : local;
}

/** PostgreSQL hands counts over as strings and bigints; a number column takes them as numbers. */
function numeric(value: Cell): number | string | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return value instanceof Date ? value.toISOString() : value;
}

function typed(value: Cell, type: ColumnType): string | number | Date | null {
  switch (type) {
    case "text":
      if (value === null || value === undefined) return null;
      if (value instanceof Date) return isoWallClock(wallClock(value, "datetime"), "datetime");
      return String(value);
    case "integer":
    case "decimal":
    case "percent":
      return numeric(value);
    case "date":
    case "datetime":
      return wallClock(value, type);
  }
}

function isoWallClock(value: Date | string | null, type: "date" | "datetime"): string | null {
  if (!(value instanceof Date)) return value;
  const iso = value.toISOString();
  return type === "date" ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

function cells(columns: readonly Column[], row: readonly Cell[]): (string | number | Date | null)[] {
  // a row longer than its header means the caller's columns and rows have drifted apart
  if (row.length > columns.length) throw new Error(`a row of ${row.length} cells for ${columns.length} columns`);
  return columns.map((column, i) => typed(row[i], column.type));
}

/** CSV: UTF-8 with a byte-order mark (Excel then shows Cyrillic), CRLF, formulas made inert, dates as YYYY-MM-DD in Ulaanbaatar, numbers plain. */
export function csvStream(columns: readonly Column[], pages: AsyncIterable<Page>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const options = { escape_formulas: true, record_delimiter: "windows" as const };
  const iterator = pages[Symbol.asyncIterator]();
  let started = false;
  let headerSent = false;
  const line = (row: readonly Cell[]) =>
    cells(columns, row).map((value, i) => {
      const type = columns[i].type;
      return type === "date" || type === "datetime" ? isoWallClock(value as Date | string | null, type) : value;
    });
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${stringify([columns.map((c) => c.header)], options)}`));
        return;
      }
      if (!headerSent) {
        // let the header leave before the first page is read: Node sends a response's first write
        // on the next tick, and SQLite's synchronous queries would hold the event loop until the
        // whole page is done (the first byte came after 0.4–1.1 s)
        headerSent = true;
        await new Promise((resolve) => setImmediate(resolve));
      }
      // a pull that enqueues nothing is not called again, so an empty page must not end this one
      for (;;) {
        const next = await iterator.next();
        if (next.done) return controller.close();
        if (next.value.length) return controller.enqueue(encoder.encode(stringify(next.value.map(line), options)));
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/**
 * exceljs' worksheet writes committed rows into the zip's input stream without heeding its
 * backpressure, so rows the reader has not taken would pile up there. That input is an ordinary
 * (readable-stream) Writable: waiting for it to drain is waiting for the reader. It is reached
 * through exceljs internals (4.4: `worksheet.stream.pipes`), hence the bounded-memory test.
 */
async function taken(sheet: ExcelJS.Worksheet, signal: AbortSignal) {
  type Sink = NodeJS.EventEmitter & { _writableState?: { needDrain?: boolean } };
  const pipes = (sheet as unknown as { stream?: { pipes?: Sink[] } }).stream?.pipes ?? [];
  for (const sink of pipes) if (sink._writableState?.needDrain) await nextEvent(sink, "drain", { signal });
}

/** Excel refuses []:*?/\ in a sheet name, more than 31 characters, an apostrophe at either end, and "History". */
export function sheetTitle(name: string): string {
  const cleaned = name
    .replace(/[[\]:*?/\\\u0000-\u001f]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^'+|'+$/g, "");
  const title = Array.from(cleaned).slice(0, 31).join("").trim();
  if (!title) return "Sheet1";
  return title.toLowerCase() === "history" ? "History 1" : title;
}

/**
 * .xlsx written row by row into the response (exceljs' streaming writer, no shared-strings table):
 * numbers and dates are real cells with a number format, the header bold, frozen and filterable.
 * Text is written as a plain string cell (`t="str"` with a value and no `<f>`), so "=1+1" from a
 * learner's name is shown, never evaluated.
 */
export function xlsxStream(sheetName: string, columns: readonly Column[], pages: AsyncIterable<Page>): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const iterator = pages[Symbol.asyncIterator]();
  const stop = new AbortController();

  const write = async () => {
    // exceljs is loaded when the first Excel file is asked for, not by every worker at start-up (decision 027)
    const { default: ExcelJS } = await import("exceljs");
    // archiver (exceljs' zip) buffers 1 MiB of compressed output per stage by default, tens of
    // thousands of rows read ahead of a reader who has not asked for them; 64 KiB keeps it to a few pages
    const zip = { highWaterMark: 64 * 1024 } as Partial<ExcelJS.stream.xlsx.ArchiverZipOptions>;
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false, zip });
    workbook.creator = "Erdem";
    const sheet = workbook.addWorksheet(sheetTitle(sheetName), { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = columns.map((c) => ({
      width: c.width ?? Math.max(DEFAULT_WIDTH[c.type], Math.min(MAX_WIDTH, Math.ceil(Array.from(c.header).length * 1.15) + 2)),
      style: NUMBER_FORMAT[c.type] ? { numFmt: NUMBER_FORMAT[c.type] } : {},
    }));
    const header = sheet.addRow(columns.map((c) => c.header));
    header.font = { bold: true };
    // a header longer than its column wraps instead of being cut
    header.alignment = { vertical: "top", wrapText: true };
    header.commit();
    // the zip's first bytes go out before the first page is asked for and written, as the CSV's
    // header does, so the download starts at once
    await nextEvent(out, "readable", { signal: stop.signal });
    let rows = 1;
    for (;;) {
      const next = await iterator.next();
      if (stop.signal.aborted || next.done) break;
      for (const row of next.value) sheet.addRow(cells(columns, row)).commit();
      rows += next.value.length;
      await taken(sheet, stop.signal);
    }
    if (stop.signal.aborted) return;
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: rows, column: columns.length } };
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error) => {
    out.destroy(error);
    Promise.resolve(iterator.return?.()).catch(() => {});
  });

  // pulled chunk by chunk; a reader who goes away stops the writer (Readable.toWeb would keep
  // pushing into a closed stream and throw outside any handler)
  const chunks = out[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(new Uint8Array(next.value as Buffer));
    },
    async cancel() {
      stop.abort();
      out.destroy();
      await iterator.return?.();
    },
  });
}

/** What a browser may fall back to where it ignores `filename*`: the ASCII of the name (no quote or backslash), or "export". */
function asciiFilename(filename: string): string {
  const ascii = (part: string) =>
    part
      .normalize("NFKD")
      .replace(/[^\x20-\x7e]|["\\]/g, "")
      .replace(/([-_ ])[-_ ]+/g, "$1")
      .replace(/^[-_ .]+|[-_ ]+$/g, "");
  const dot = filename.lastIndexOf(".");
  const [stem, extension] = dot > 0 ? [filename.slice(0, dot), ascii(filename.slice(dot + 1))] : [filename, ""];
  return `${ascii(stem) || "export"}${extension ? `.${extension}` : ""}`;
}

export interface TableFile {
  format: TableFormat;
  /** May be Cyrillic: sent as UTF-8 (`filename*`, RFC 5987) with an ASCII fallback. */
  filename: string;
  /** For .xlsx; made acceptable to Excel. */
  sheetName: string;
  columns: readonly Column[];
  pages: AsyncIterable<Page>;
}

/**
 * `attachment; filename="<ASCII>"`, and `filename*=UTF-8''…` (RFC 8187, encoded by the
 * content-disposition package) when the name is more than ASCII. The fallback is always quoted,
 * as this header always was.
 */
function attachment(filename: string): string {
  const fallback = asciiFilename(filename);
  return fallback === filename ? `attachment; filename="${fallback}"` : `attachment; filename="${fallback}"; filename*=${encodeExtended(filename)}`;
}

/** The download: streamed, never cached (it holds personal data). */
export function tableResponse(file: TableFile): Response {
  const body = file.format === "xlsx" ? xlsxStream(file.sheetName, file.columns, file.pages) : csvStream(file.columns, file.pages);
  return new Response(body, {
    headers: {
      "Content-Type": CONTENT_TYPE[file.format],
      "Content-Disposition": attachment(file.filename),
      "Cache-Control": "private, no-store",
    },
  });
}
