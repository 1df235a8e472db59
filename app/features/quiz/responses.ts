// Reading answers from a submitted form (works without JavaScript). Field names: `q.<questionId>`,
// and `q.<questionId>.<itemKey>` = position for ordering questions. Options and items travel as this
// attempt's keys and are turned back into the author's ids here. Only questions whose fields are
// present are returned, so saving one page never erases answers given on another.
import { parseNumber, type AttemptQuestion, type Response } from "./grading";

/**
 * Flags for review: a checkbox `flag.<questionId>` beside `flag.<questionId>.present`, so that an
 * unticked box on the page clears the flag while questions on other pages keep theirs.
 */
/**
 * What a learner can type: control characters (NUL and the like, which no keyboard gives and which
 * PostgreSQL's JSON functions and spreadsheet files refuse) are dropped; tabs and line breaks stay.
 */
export function typedText(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what is matched
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "");
}

export function readFlags(form: FormData, questions: AttemptQuestion[]): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const { question: q } of questions) if (form.has(`flag.${q.id}.present`)) out.set(q.id, form.get(`flag.${q.id}`) === "1");
  return out;
}

export function readResponses(form: FormData, questions: AttemptQuestion[]): Map<string, Response> {
  const out = new Map<string, Response>();
  for (const { question: q, choices } of questions) {
    const name = `q.${q.id}`;
    const idOf = new Map(choices.map((c) => [c.key, c.id]));
    switch (q.type) {
      case "single": {
        const v = form.get(name);
        if (typeof v === "string") out.set(q.id, { type: "single", optionId: idOf.get(v) ?? null });
        break;
      }
      case "multiple": {
        if (!form.has(name) && !form.has(`${name}.present`)) break;
        const ids = form.getAll(name).flatMap((v) => (typeof v === "string" && idOf.has(v) ? [idOf.get(v)!] : []));
        out.set(q.id, { type: "multiple", optionIds: [...new Set(ids)] });
        break;
      }
      case "true_false": {
        const v = form.get(name);
        if (v === "true" || v === "false") out.set(q.id, { type: "true_false", value: v === "true" });
        break;
      }
      case "short_text": {
        const v = form.get(name);
        if (typeof v === "string") out.set(q.id, { type: "short_text", text: typedText(v).slice(0, 500) });
        break;
      }
      case "numeric": {
        const v = form.get(name);
        if (typeof v === "string") {
          const raw = typedText(v).slice(0, 50);
          out.set(q.id, { type: "numeric", value: parseNumber(raw), raw } as Response);
        }
        break;
      }
      case "ordering": {
        // Ties (a blank or a repeated number) are settled by the order shown, never the authored one.
        const positions = choices.map((c, i) => {
          const raw = form.get(`${name}.${c.key}`);
          const n = typeof raw === "string" ? Number.parseInt(raw, 10) : Number.NaN;
          return { id: c.id, pos: Number.isFinite(n) ? n : Number.POSITIVE_INFINITY, i };
        });
        if (positions.every((p) => p.pos === Number.POSITIVE_INFINITY)) break;
        positions.sort((a, b) => a.pos - b.pos || a.i - b.i);
        out.set(q.id, { type: "ordering", itemIds: positions.map((p) => p.id) });
        break;
      }
    }
  }
  return out;
}
