// How `npm run content:check` prints its findings: one line per problem, `file:line:column`, its
// level and message in the chosen language (or Mongolian with the English below it), and its code.
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

export function problemLines(p: ContentProblem, lang: ReportLanguage, cwd = process.cwd()): string[] {
  const where = `${path.relative(cwd, p.file)}:${p.line}:${p.column}`;
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
