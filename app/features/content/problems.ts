// What `npm run content:check` (and the compiler) says about content: each problem has a stable code,
// its parameters, and a message in Mongolian and English (app/i18n/locales/content-check.*.ts). The
// English text is also kept as `message`, for logs and exceptions.
import type { Language } from "~/i18n/config";
import en from "~/i18n/locales/content-check.en";
import mn from "~/i18n/locales/content-check.mn";

export type ProblemCode = keyof typeof mn.problems;
export type Severity = "error" | "warning";
export type ProblemParams = Record<string, string | number>;

/** A problem's code, parameters and English message; where it is comes with it (file:line:column). */
export interface Said {
  code: ProblemCode;
  params: ProblemParams;
  message: string;
  /** Errors fail the check; warnings are printed and do not. Absent means error. */
  severity?: Severity;
}

const strings = { mn, en } as const;
export const checkStrings = strings;

function interpolate(template: string, values: Record<string, string | number | undefined>): string {
  return template.replace(/{{(\w+)}}/g, (whole, name: string) => (values[name] === undefined ? whole : String(values[name])));
}

/** Parameters that name a term are translated too: `what` (in an expression), `shape`, the YAML types. */
function localParams(params: ProblemParams, lng: Language): ProblemParams {
  const s = strings[lng];
  const out: ProblemParams = { ...params };
  if (typeof params.what === "string") out.what = (s.what as Record<string, string>)[params.what] ?? `"${params.what}"`;
  if (typeof params.shape === "string") out.shape = (s.shape as Record<string, string>)[params.shape] ?? params.shape;
  for (const k of ["expected", "received"]) {
    if (typeof params[k] === "string") out[k] = (s.type as Record<string, string>)[params[k] as string] ?? params[k];
  }
  return out;
}

export function problemMessage(code: ProblemCode, params: ProblemParams, lng: Language): string {
  return interpolate(strings[lng].problems[code], localParams(params, lng));
}

/** Builds a problem's code, parameters and English message. */
export function say(code: ProblemCode, params: ProblemParams = {}, severity?: Severity): Said {
  return { code, params, message: problemMessage(code, params, "en"), ...(severity ? { severity } : {}) };
}

/** The text of a problem in a language; a problem without a code (from elsewhere) keeps its message. */
export function problemText(p: { code?: ProblemCode; params?: ProblemParams; message: string }, lng: Language): string {
  return p.code ? problemMessage(p.code, p.params ?? {}, lng) : p.message;
}

// ---- did you mean ----

/** Edit distance (insert, delete, replace one character; swapping two neighbours counts once). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The known name closest to a misspelt one, when it is close enough to be a slip: at most 2 edits and
 * at most a third of the name's length (case is ignored, so "callout" finds "Callout"). Ties go to the
 * first name in `known`.
 */
export function closest(word: string, known: Iterable<string>): string | undefined {
  const limit = Math.min(2, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    if (candidate === word) continue;
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `code` with its "-suggest" twin when a close known name exists. */
export function sayWithSuggestion(code: ProblemCode, word: string, known: Iterable<string>, params: ProblemParams): Said {
  const suggestion = closest(word, known);
  const twin = `${code}-suggest` as ProblemCode;
  return suggestion !== undefined && twin in strings.en.problems ? say(twin, { ...params, suggestion }) : say(code, params);
}
