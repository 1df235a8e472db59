// How a content problem is told, wherever it is told: `npm run content:check`, the server's start-up
// log and the lesson page's error panel (development). One line per problem, `file:line:column`, its
// level and message in the chosen language (or Mongolian with the English below it), and its code;
// under it, the lines of the file around the place, the place marked (a code frame).
import path from "node:path";
import { formatNumber } from "~/i18n/format";
import { isLanguage, type Language } from "~/i18n/config";
import type { ContentProblem } from "./catalogue.server";
import { checkStrings, problemText } from "./problems";

export type ReportLanguage = Language | "both";

export interface CheckArguments {
  lang: ReportLanguage;
  dir?: string;
  error?: string;
}

/** `--lang mn|en|both` (or `--lang=…`; Mongolian when not given) and an optional content folder. */
export function parseCheckArguments(argv: string[]): CheckArguments {
  const out: CheckArguments = { lang: "mn" };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const lang = arg === "--lang" ? argv[++i] : arg.startsWith("--lang=") ? arg.slice("--lang=".length) : undefined;
    if (lang !== undefined) {
      if (lang === "both" || isLanguage(lang)) out.lang = lang;
      else out.error = checkStrings.mn.cli.usage;
    } else if (arg.startsWith("-")) out.error = checkStrings.mn.cli.usage;
    else out.dir = arg;
  }
  return out;
}

export const isWarning = (p: ContentProblem) => p.severity === "warning";

/** `file:line:column`, the file relative to the working folder (the repository's root when run by npm). */
export function problemWhere(p: Pick<ContentProblem, "file" | "line" | "column">, cwd = process.cwd()): string {
  return `${path.relative(cwd, p.file)}:${p.line}:${p.column}`;
}

export function problemLines(p: ContentProblem, lang: ReportLanguage, cwd = process.cwd()): string[] {
  const where = problemWhere(p, cwd);
  const first: Language = lang === "both" ? "mn" : lang;
  const level = checkStrings[first].cli[isWarning(p) ? "warning" : "error"];
  const code = p.code ? ` [${p.code}]` : "";
  const lines = [`${where} ${level}: ${problemText(p, first)}${code}`];
  if (lang === "both") lines.push(`    en: ${problemText(p, "en")}`);
  return lines;
}

export function summaryLine(problems: ContentProblem[], lessons: number, ms: number, lang: ReportLanguage): string {
  const lng: Language = lang === "both" ? "mn" : lang;
  const s = checkStrings[lng].cli;
  const warnings = problems.filter(isWarning).length;
  const head = s.summary.replace("{{lessons}}", formatNumber(lessons, lng)).replace("{{seconds}}", formatNumber(ms / 1000, lng, 1));
  const tail =
    problems.length === 0 ? s.noProblems : s.counts.replace("{{errors}}", String(problems.length - warnings)).replace("{{warnings}}", String(warnings));
  return `${head}: ${tail}`;
}

// ---- code frame ----

/** One line of a code frame: its number (padded to the widest shown), its text, and on the problem's line the marker under the column. */
export interface FrameRow {
  number: string;
  text: string;
  /** Set on the problem's line only: spaces (tabs kept, so it lines up) up to the column, then `^`. */
  marker?: string;
}

/** How many lines before and after the problem's line a frame shows. */
export const FRAME_CONTEXT = 2;

/** The lines of `source` around line:column (1-based); empty when the line is not in the text. */
export function codeFrame(source: string, line: number, column: number, context = FRAME_CONTEXT): FrameRow[] {
  const lines = source.split(/\r?\n/);
  if (!Number.isInteger(line) || line < 1 || line > lines.length) return [];
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const width = String(last).length;
  const rows: FrameRow[] = [];
  for (let n = first; n <= last; n++) {
    const text = lines[n - 1];
    const row: FrameRow = { number: String(n).padStart(width), text };
    if (n === line) {
      const before = text.slice(0, Math.max(0, Math.min(column - 1, text.length)));
      row.marker = `${before.replace(/[^\t]/g, " ")}^`;
    }
    rows.push(row);
  }
  return rows;
}

/** A frame's printed line: a line of the file, the problem's line, or the marker under it. */
export interface FrameLine {
  text: string;
  kind: "line" | "problem" | "marker";
}

/** A frame as text: `> 8 | <Callout type="info">` on the problem's line, `^` under its column. */
export function frameText(rows: FrameRow[], indent = "    "): FrameLine[] {
  return rows.flatMap((r): FrameLine[] =>
    r.marker === undefined
      ? [{ text: `${indent}  ${r.number} | ${r.text}`.trimEnd(), kind: "line" }]
      : [
          { text: `${indent}> ${r.number} | ${r.text}`.trimEnd(), kind: "problem" },
          { text: `${indent}  ${" ".repeat(r.number.length)} | ${r.marker}`, kind: "marker" },
        ],
  );
}

export const frameLines = (rows: FrameRow[], indent = "    "): string[] => frameText(rows, indent).map((l) => l.text);
