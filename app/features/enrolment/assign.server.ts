// Assigning learners to a course: individually, by filter, or from a CSV file. Rows are checked
// and enrolled in one transaction, with the audit row, and a coordinator can reach only their own
// aimag.
import { CsvError, parse } from "csv-parse/sync";
import type { Kysely } from "kysely";
import { writeTransaction } from "../../../db/connection";
import type { DB } from "../../../db/schema";
import { database } from "~/db.server";
import { recordAudit } from "~/features/audit/audit.server";
import { email as emailSchema } from "~/features/users/schemas";
import { joinInTransaction } from "./enrolment.server";
import { findActiveEnrolmentUserIds, findUsersByEmails } from "./repository.server";

/** A file of more rows is refused: one transaction enrols them all, and it must stay short. */
export const MAX_CSV_ROWS = 5000;
/** Due dates further ahead than this are taken for typing mistakes (2062 for 2026). */
export const MAX_DUE_YEARS = 5;

export interface CsvRow {
  line: number;
  email: string;
  due: string;
}

export type RowProblem = "badEmail" | "unknownEmail" | "wrongAimag" | "duplicate" | "alreadyEnrolled" | "badDate" | "pastDate" | "farDate" | "disabledUser";
export type DueProblem = Extract<RowProblem, "badDate" | "pastDate" | "farDate">;
/** Why a whole file is refused; `line` says where when it is known. */
export type FileProblem = { problem: "badEncoding" | "malformed" | "tooManyRows" | "empty"; line?: number };

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

// A header row is recognised by its cells' exact names, never by a cell merely containing "email".
const EMAIL_HEADERS = new Set(["email", "e-mail", "e-mail address", "email address", "цахим шуудан", "и-мэйл", "имэйл", "мэйл"]);
const DUE_HEADERS = new Set(["due", "due date", "deadline", "дуусах хугацаа", "хугацаа", "дуусах огноо", "эцсийн хугацаа"]);
const headerName = (cell: string) => cell.trim().toLowerCase().replace(/\s+/g, " ");

/**
 * Rows of an assignment file: e-mail and optional due date, separated by commas, semicolons or
 * tabs, fields optionally quoted (quotes may hold separators and line breaks). A first row whose
 * cells are known column names is a header and may put the columns in any order.
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
  if (!records.length) return { problem: "empty" };
  let columns = { email: 0, due: 1 };
  const first = records[0].record.map(headerName);
  if (first.some((c) => EMAIL_HEADERS.has(c)) && first.every((c) => c === "" || EMAIL_HEADERS.has(c) || DUE_HEADERS.has(c))) {
    columns = { email: first.findIndex((c) => EMAIL_HEADERS.has(c)), due: first.findIndex((c) => DUE_HEADERS.has(c)) };
    records = records.slice(1);
  }
  if (records.length > MAX_CSV_ROWS) return { problem: "tooManyRows" };
  return records.map(({ record, info }) => ({
    // csv-parse counts lines to the end of the record; a quoted field may have spanned several
    line: info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0),
    email: (record[columns.email] ?? "").toLowerCase(),
    due: columns.due >= 0 ? (record[columns.due] ?? "") : "",
  }));
}

/**
 * "2026-12-31" (or 2026.12.31, 2026/12/31) → the end of that day in Ulaanbaatar (UTC+8), as ISO;
 * null when empty. A due date must be a real calendar day, not already over, and at most
 * MAX_DUE_YEARS ahead.
 */
export function parseDueDate(value: string, now = new Date()): { dueAt: string | null } | { problem: DueProblem } {
  if (!value.trim()) return { dueAt: null };
  const m = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$/.exec(value.trim());
  if (!m) return { problem: "badDate" };
  const d = new Date(0);
  d.setUTCFullYear(+m[1], +m[2] - 1, +m[3]); // not Date.UTC, which reads years 0–99 as 1900–1999
  d.setUTCHours(15, 59, 59, 0);
  if (d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) return { problem: "badDate" };
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

/** Enrols all given users in one transaction, audited; returns how many were newly enrolled or re-activated. */
export async function enrolMany(courseSlug: string, entries: { userId: string; dueAt: string | null }[], by: string, how: string) {
  return writeTransaction(database, (trx) => enrolInTransaction(trx, courseSlug, entries, by, how));
}

async function enrolInTransaction(trx: Kysely<DB>, courseSlug: string, entries: { userId: string; dueAt: string | null }[], by: string, how: string) {
  let count = 0;
  for (const e of entries) {
    const r = await joinInTransaction(trx, e.userId, courseSlug, { actorId: by, by, dueAt: e.dueAt });
    if (r !== "already") count++;
  }
  if (entries.length) await recordAudit({ actorId: by, action: `enrolment.assign.${how}`, targetType: "course", targetId: courseSlug, detail: { count } }, trx);
  return count;
}
