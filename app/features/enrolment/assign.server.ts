// Assigning learners to a course: individually, picked from a search, by filter, or from a CSV or
// Excel file. Rows are checked and enrolled in one transaction, with the audit row, and a
// coordinator can reach only their own aimag.
import { CsvError, parse } from "csv-parse/sync";
import type { Kysely } from "kysely";
import { writeTransaction } from "../../../db/connection";
import type { DB } from "../../../db/schema";
import { database } from "~/db.server";
import { recordAudit } from "~/features/audit/audit.server";
import { getCatalogue } from "~/features/content/content.server";
import { notice, notify } from "~/features/notifications/notify.server";
import { email as emailSchema } from "~/features/users/schemas";
import { joinInTransaction } from "./enrolment.server";
import { findActiveEnrolmentUserIds, findUserEmailsByIds, findUsersByEmails } from "./repository.server";
import { readWorkbookRows, type SheetRecord } from "./spreadsheet.server";

/** A file of more rows is refused: one transaction enrols them all, and it must stay short. */
export const MAX_CSV_ROWS = 5000;
/** Due dates further ahead than this are taken for typing mistakes (2062 for 2026). */
export const MAX_DUE_YEARS = 5;
/** An assignment's audit row names this many learners at most; its count says how many there were. */
export const MAX_AUDITED_IDS = 1000;

export interface CsvRow {
  line: number;
  email: string;
  due: string;
}

export type RowProblem = "badEmail" | "unknownEmail" | "wrongAimag" | "duplicate" | "alreadyEnrolled" | "badDate" | "pastDate" | "farDate" | "disabledUser";
export type DueProblem = Extract<RowProblem, "badDate" | "pastDate" | "farDate">;
/** Why a whole file is refused; `line` says where when it is known. */
export type FileProblem = {
  problem: "badEncoding" | "malformed" | "tooManyRows" | "empty" | "notSpreadsheet" | "oldExcel" | "notWorkbook" | "tooLarge";
  line?: number;
};

export interface CheckedRow extends CsvRow {
  problem: RowProblem | null;
  userId: string | null;
  dueAt: string | null;
}

/**
 * Text from an uploaded file: UTF-8 with or without a byte-order mark, or UTF-16 (little or big
 * endian) with one — what Excel and Notepad save. Bytes that are not valid in that encoding refuse
 * the file rather than turn into replacement characters in an e-mail address.
 */
export function decodeCsv(bytes: Uint8Array): string | FileProblem {
  const [a, b] = bytes;
  const encoding = a === 0xff && b === 0xfe ? "utf-16le" : a === 0xfe && b === 0xff ? "utf-16be" : "utf-8";
  try {
    // TextDecoder drops the byte-order mark of the encoding it decodes
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return { problem: "badEncoding" };
  }
}

// A header row is recognised by a cell that is exactly a column name, never by a cell merely
// containing "email"; other cells of it (a name kept for reference) are columns that are not read.
const EMAIL_HEADERS = new Set([
  "email",
  "e-mail",
  "e-mail address",
  "email address",
  "mail",
  "цахим шуудан",
  "цахим шуудангийн хаяг",
  "цахим хаяг",
  "и-мэйл",
  "и-мэйл хаяг",
  "имэйл",
  "имэйл хаяг",
  "мэйл",
]);
const DUE_HEADERS = new Set(["due", "due date", "deadline", "дуусах хугацаа", "дуусгах хугацаа", "хугацаа", "дуусах огноо", "дуусгах огноо", "эцсийн хугацаа"]);
const headerName = (cell: string) => cell.trim().toLowerCase().replace(/\s+/g, " ");

/**
 * Rows of an assignment list, from a CSV file or a sheet: e-mail and optional due date. A first row
 * with a cell named like the e-mail column is a header and may put the columns in any order.
 */
export function rowsFromRecords(records: SheetRecord[]): CsvRow[] | FileProblem {
  if (!records.length) return { problem: "empty" };
  let columns = { email: 0, due: 1 };
  const first = records[0].cells.map(headerName);
  if (first.some((c) => EMAIL_HEADERS.has(c))) {
    columns = { email: first.findIndex((c) => EMAIL_HEADERS.has(c)), due: first.findIndex((c) => DUE_HEADERS.has(c)) };
    records = records.slice(1);
  }
  if (records.length > MAX_CSV_ROWS) return { problem: "tooManyRows" };
  return records.map(({ cells, line }) => ({
    line,
    email: (cells[columns.email] ?? "").trim().toLowerCase(),
    due: columns.due >= 0 ? (cells[columns.due] ?? "").trim() : "",
  }));
}

/**
 * Rows of an assignment file: e-mail and optional due date, separated by commas, semicolons or
 * tabs, fields optionally quoted (quotes may hold separators and line breaks).
 */
export function parseAssignmentCsv(text: string): CsvRow[] | FileProblem {
  // one kind of line break: csv-parse miscounts lines when a quoted field holds a CRLF
  text = text.replace(/\r\n?/g, "\n");
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      delimiter: [",", ";", "\t"],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
      info: true,
    }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    // the record that failed starts where the last good one ended (csv-parse counts bytes)
    const done = Buffer.from(text)
      .subarray(0, Number((error as CsvError & { bytes_records?: number }).bytes_records ?? 0))
      .toString();
    const lines = text.split("\n");
    let line = done.split("\n").length;
    while (line < lines.length && !lines[line - 1].trim()) line++;
    return { problem: "malformed", line };
  }
  return rowsFromRecords(
    records.map(({ record, info }) => ({
      // csv-parse counts lines to the end of the record; a quoted field may have spanned several
      line: info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0),
      cells: record,
    })),
  );
}

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);
const ZIP = [0x50, 0x4b, 0x03, 0x04]; // "PK\x03\x04": .xlsx (and .docx, .ods, any ZIP)
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // .xls of Excel 97–2003, and password-protected .xlsx
const BINARY = [
  [0x25, 0x50, 0x44, 0x46], // %PDF
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x52, 0x61, 0x72, 0x21], // RAR
  [0x1f, 0x8b], // gzip
  [0x37, 0x7a, 0xbc, 0xaf], // 7z
];

/**
 * An uploaded assignment list, told apart by its content rather than its name: an .xlsx workbook
 * (a ZIP) is read from its first visible sheet, an old .xls or another binary file is refused with a
 * message saying so, anything else is CSV text. `format` says which it was; `text` is the CSV text.
 */
export async function readAssignmentFile(
  bytes: Uint8Array,
): Promise<{ format: "csv"; rows: CsvRow[]; text: string } | { format: "xlsx"; rows: CsvRow[]; sheet: string } | FileProblem> {
  if (startsWith(bytes, ZIP)) {
    const read = await readWorkbookRows(bytes, { maxRows: MAX_CSV_ROWS });
    if ("problem" in read) return { problem: read.problem };
    const rows = rowsFromRecords(read.records);
    return Array.isArray(rows) ? { format: "xlsx", rows, sheet: read.sheet } : rows;
  }
  if (startsWith(bytes, OLE2)) return { problem: "oldExcel" };
  const utf16 = startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]);
  // text has no NUL bytes, except as half of a UTF-16 character
  if (BINARY.some((s) => startsWith(bytes, s)) || (!utf16 && bytes.subarray(0, 8192).includes(0))) return { problem: "notSpreadsheet" };
  const text = decodeCsv(bytes);
  if (typeof text !== "string") return text;
  const rows = parseAssignmentCsv(text);
  return Array.isArray(rows) ? { format: "csv", rows, text } : rows;
}

/**
 * A day written year first — 2026-12-31, 2026.12.31, 2026/12/31 — or day first as in Mongolia and
 * in Excel's dd.mm.yyyy — 31.12.2026, 31/12/2026, 31-12-2026 (never month first: 03/04/2027 is the
 * 3rd of April) — or as eight digits, 20261231. A time of day after it (Excel writes one for a date with a time) is ignored.
 */
const YEAR_FIRST = /^(\d{4})([-./])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const DAY_FIRST = /^(\d{1,2})([-./])(\d{1,2})\2(\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;

/**
 * A written due date → the end of that day in Ulaanbaatar (UTC+8), as ISO; null when empty. A due
 * date must be a real calendar day, not already over, and at most MAX_DUE_YEARS ahead.
 */
export function parseDueDate(value: string, now = new Date()): { dueAt: string | null } | { problem: DueProblem } {
  const text = value.trim();
  if (!text) return { dueAt: null };
  // eight digits (20261231): what a phone's numeric keypad, which has no dash, lets one type
  const ymd = YEAR_FIRST.exec(text) ?? /^(\d{4})()(\d{2})(\d{2})$/.exec(text);
  const dmy = ymd ? null : DAY_FIRST.exec(text);
  if (!ymd && !dmy) return { problem: "badDate" };
  const m = ymd ? [ymd[1], ymd[3], ymd[4]] : [dmy![4], dmy![3], dmy![1]];
  const d = new Date(0);
  d.setUTCFullYear(+m[0], +m[1] - 1, +m[2]); // not Date.UTC, which reads years 0–99 as 1900–1999
  d.setUTCHours(15, 59, 59, 0);
  if (d.getUTCFullYear() !== +m[0] || d.getUTCMonth() !== +m[1] - 1 || d.getUTCDate() !== +m[2]) return { problem: "badDate" };
  if (d.getTime() < now.getTime()) return { problem: "pastDate" };
  const limit = new Date(now);
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_DUE_YEARS, limit.getUTCMonth(), limit.getUTCDate() + 1);
  if (d.getTime() > limit.getTime()) return { problem: "farDate" };
  return { dueAt: d.toISOString() };
}

export async function checkAssignmentRows(
  rows: CsvRow[],
  courseSlug: string,
  scope: "all" | string[],
  opts: { now?: Date; executor?: Kysely<DB> } = {},
): Promise<CheckedRow[]> {
  const users = await findUsersByEmails([...new Set(rows.map((r) => r.email).filter(Boolean))], opts.executor);
  const byEmail = new Map(users.map((u) => [u.email, u]));
  const enrolled = new Set(
    (
      await findActiveEnrolmentUserIds(
        courseSlug,
        users.map((u) => u.id),
        opts.executor,
      )
    ).map((e) => e.user_id),
  );
  const seen = new Set<string>();
  return rows.map((row) => {
    const result = (problem: RowProblem | null, userId: string | null = null, dueAt: string | null = null): CheckedRow => ({ ...row, problem, userId, dueAt });
    if (!emailSchema.safeParse(row.email).success) return result("badEmail");
    if (seen.has(row.email)) return result("duplicate");
    seen.add(row.email);
    const due = parseDueDate(row.due, opts.now);
    if ("problem" in due) return result(due.problem);
    const user = byEmail.get(row.email);
    if (!user) return result("unknownEmail");
    if (scope !== "all" && !scope.includes(user.aimag_code)) return result("wrongAimag");
    if (user.disabled_at) return result("disabledUser");
    if (enrolled.has(user.id)) return result("alreadyEnrolled");
    return result(null, user.id, due.dueAt);
  });
}

/**
 * Checks the rows again and enrols those without a problem, in one transaction with its audit row:
 * what the preview showed is re-checked at the moment of writing. Returns the checked rows and how
 * many learners were newly enrolled or came back.
 */
export async function assignRows(rows: CsvRow[], courseSlug: string, scope: "all" | string[], by: string, how: string) {
  return writeTransaction(database, async (trx) => {
    const checked = await checkAssignmentRows(rows, courseSlug, scope, { executor: trx });
    const count = await enrolInTransaction(
      trx,
      courseSlug,
      checked.filter((r) => r.problem === null).map((r) => ({ userId: r.userId!, dueAt: r.dueAt })),
      by,
      how,
    );
    return { checked, count };
  });
}

/**
 * People picked by id from a search, with one due date: checked and enrolled as the rows of a file
 * would be (the same scope, problems and transaction). Ids of no one are left out.
 */
export async function assignPicked(userIds: string[], courseSlug: string, scope: "all" | string[], by: string, due: string) {
  return writeTransaction(database, async (trx) => {
    const users = await findUserEmailsByIds(userIds, trx);
    const rows = users.map((u, i) => ({ line: i + 1, email: u.email, due }));
    const checked = await checkAssignmentRows(rows, courseSlug, scope, { executor: trx });
    const count = await enrolInTransaction(
      trx,
      courseSlug,
      checked.filter((r) => r.problem === null).map((r) => ({ userId: r.userId!, dueAt: r.dueAt })),
      by,
      "search",
    );
    return { checked, count };
  });
}

/** Enrols all given users in one transaction, audited; returns how many were newly enrolled or re-activated. */
export async function enrolMany(courseSlug: string, entries: { userId: string; dueAt: string | null }[], by: string, how: string) {
  return writeTransaction(database, (trx) => enrolInTransaction(trx, courseSlug, entries, by, how));
}

/**
 * The audit row names the learners enrolled (the first MAX_AUDITED_IDS; `count` says how many) and
 * their due date, or that the rows had different ones.
 */
async function enrolInTransaction(trx: Kysely<DB>, courseSlug: string, entries: { userId: string; dueAt: string | null }[], by: string, how: string) {
  const enrolled: string[] = [];
  const dues = new Set<string | null>();
  for (const e of entries) {
    const r = await joinInTransaction(trx, e.userId, courseSlug, { actorId: by, by, dueAt: e.dueAt });
    if (r === "already") continue;
    enrolled.push(e.userId);
    dues.add(e.dueAt);
  }
  // each learner enrolled by someone else is told, in the same transaction
  const course = getCatalogue().courses.find((c) => c.slug === courseSlug);
  const now = new Date();
  const told = new Set(enrolled);
  if (course)
    await notify(
      trx,
      entries
        .filter((e) => e.userId !== by && told.delete(e.userId))
        .map((e) =>
          notice({
            userId: e.userId,
            kind: "assigned",
            params: { course: course.meta.title, due: e.dueAt },
            link: `/courses/${courseSlug}`,
            dedupeKey: `assigned:${e.userId}:${courseSlug}:${now.toISOString()}`,
          }),
        ),
      now,
    );
  const due = dues.size > 1 ? { dueVaries: true } : { dueAt: [...dues][0] ?? null };
  if (entries.length)
    await recordAudit(
      {
        actorId: by,
        action: `enrolment.assign.${how}`,
        targetType: "course",
        targetId: courseSlug,
        detail: { count: enrolled.length, userIds: enrolled.slice(0, MAX_AUDITED_IDS), ...due },
      },
      trx,
    );
  return enrolled.length;
}
