// Assigning learners to a course: individually, by filter, or from a CSV file. Every row is
// checked before anything is written, and a coordinator can reach only their own aimag.
import { writeTransaction } from "../../../db/connection";
import { database } from "~/db.server";
import { email as emailSchema } from "~/features/users/schemas";
import { enrol, findActiveEnrolmentUserIds, findUsersByEmails } from "./repository.server";

export interface CsvRow {
  line: number;
  email: string;
  due: string;
}

export type RowProblem = "badEmail" | "unknownEmail" | "wrongAimag" | "duplicate" | "alreadyEnrolled" | "badDate" | "disabledUser";

export interface CheckedRow extends CsvRow {
  problem: RowProblem | null;
  userId: string | null;
  dueAt: string | null;
}

/** Splits CSV text (comma or semicolon, optional quotes, optional header row) into rows. */
export function parseAssignmentCsv(text: string): CsvRow[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const rows: CsvRow[] = [];
  lines.forEach((raw, i) => {
    if (!raw.trim()) return;
    const cells = raw.split(/[;,\t]/).map((c) => c.trim().replace(/^"(.*)"$/, "$1").trim());
    if (i === 0 && /e-?mail|цахим/i.test(cells[0] ?? "")) return; // header
    rows.push({ line: i + 1, email: (cells[0] ?? "").toLowerCase(), due: cells[1] ?? "" });
  });
  return rows;
}

/** "2026-12-31" → the end of that day in Ulaanbaatar (UTC+8), as ISO; null when empty; undefined when invalid. */
export function parseDueDate(value: string): string | null | undefined {
  if (!value.trim()) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim().replace(/\./g, "-"));
  if (!m) return undefined;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], 15, 59, 59));
  if (d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) return undefined;
  return d.toISOString();
}

export async function checkAssignmentRows(rows: CsvRow[], courseSlug: string, scope: "all" | string[]): Promise<CheckedRow[]> {
  const users = await findUsersByEmails([...new Set(rows.map((r) => r.email).filter(Boolean))]);
  const byEmail = new Map(users.map((u) => [u.email, u]));
  const enrolled = new Set((await findActiveEnrolmentUserIds(courseSlug, users.map((u) => u.id))).map((e) => e.user_id));
  const seen = new Set<string>();
  return rows.map((row) => {
    const result = (problem: RowProblem | null, userId: string | null = null, dueAt: string | null = null): CheckedRow => ({ ...row, problem, userId, dueAt });
    if (!emailSchema.safeParse(row.email).success) return result("badEmail");
    if (seen.has(row.email)) return result("duplicate");
    seen.add(row.email);
    const dueAt = parseDueDate(row.due);
    if (dueAt === undefined) return result("badDate");
    const user = byEmail.get(row.email);
    if (!user) return result("unknownEmail");
    if (scope !== "all" && !scope.includes(user.aimag_code)) return result("wrongAimag");
    if (user.disabled_at) return result("disabledUser");
    if (enrolled.has(user.id)) return result("alreadyEnrolled");
    return result(null, user.id, dueAt);
  });
}

/** Enrols all given users in one transaction; returns how many were newly enrolled or re-activated. */
export async function enrolMany(courseSlug: string, entries: { userId: string; dueAt: string | null }[], by: string) {
  return writeTransaction(database, async (trx) => {
    let count = 0;
    for (const e of entries) {
      const r = await enrol(e.userId, courseSlug, { by, dueAt: e.dueAt, executor: trx });
      if (r !== "already") count++;
    }
    return count;
  });
}
