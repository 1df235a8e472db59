// Reading answers from a submitted form (works without JavaScript). Field names: `q.<questionId>`,
// and `q.<questionId>.<itemId>` = position for ordering questions. Only questions whose fields are
// present are returned, so saving one page never erases answers given on another.
import type { Question } from "~/features/content/schemas";
import { parseNumber, type Response } from "./grading";

export function readResponses(form: FormData, questions: Question[]): Map<string, Response> {
  const out = new Map<string, Response>();
  for (const q of questions) {
    const name = `q.${q.id}`;
    switch (q.type) {
      case "single": {
        const v = form.get(name);
        if (typeof v === "string") out.set(q.id, { type: "single", optionId: q.options.some((o) => o.id === v) ? v : null });
        break;
      }
      case "multiple": {
        if (!form.has(name) && !form.has(`${name}.present`)) break;
        const ids = form.getAll(name).filter((v): v is string => typeof v === "string" && q.options.some((o) => o.id === v));
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
        if (typeof v === "string") out.set(q.id, { type: "short_text", text: v.slice(0, 500) });
        break;
      }
      case "numeric": {
        const v = form.get(name);
        if (typeof v === "string") out.set(q.id, { type: "numeric", value: parseNumber(v.slice(0, 50)), raw: v.slice(0, 50) } as Response);
        break;
      }
      case "ordering": {
        const positions = q.items.map((item, i) => {
          const raw = form.get(`${name}.${item.id}`);
          const n = typeof raw === "string" ? Number.parseInt(raw, 10) : Number.NaN;
          return { id: item.id, pos: Number.isFinite(n) ? n : Number.POSITIVE_INFINITY, i };
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
