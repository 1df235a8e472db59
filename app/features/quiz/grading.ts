// Grading: pure functions from a question definition and a learner's response to points.
// No I/O, no clock — every rule here is covered by grading.test.ts.
import type { Question, QuizDefinition } from "~/features/content/schemas";

export type Response =
  | { type: "single"; optionId: string | null }
  | { type: "multiple"; optionIds: string[] }
  | { type: "true_false"; value: boolean | null }
  | { type: "short_text"; text: string }
  | { type: "numeric"; value: number | null; raw?: string }
  | { type: "ordering"; itemIds: string[] };

/** Whether a saved response holds an answer (an empty selection or blank text does not). */
export function isAnswered(r: Response): boolean {
  switch (r.type) {
    case "single":
      return r.optionId !== null;
    case "multiple":
      return r.optionIds.length > 0;
    case "true_false":
      return r.value !== null;
    case "short_text":
      return r.text.trim() !== "";
    case "numeric":
      return r.value !== null || Boolean(r.raw?.trim());
    case "ordering":
      return r.itemIds.length > 0;
  }
}

export interface QuestionGrade {
  questionId: string;
  score: number;
  max: number;
  correct: boolean;
}

/** Trims, folds case and width, and collapses inner spaces: "  Хурдан   Цэг. " → "хурдан цэг". */
export function normaliseText(s: string): string {
  return s
    .normalize("NFKC")
    .toLocaleLowerCase("mn")
    .replace(/[\u2018\u2019\u201c\u201d«»"'`]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[.,;:!?]+$/u, "")
    .trim();
}

/** Accepts "3,5", "3.5", "1 106" and "1,106.5"; null when it is not a number. */
export function parseNumber(input: string): number | null {
  const s = input.trim().replace(/[\s\u00a0\u202f]/g, "");
  if (!s) return null;
  let normalised = s;
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) normalised = s.replace(/,/g, "");
  else if (/^-?\d+,\d+$/.test(s)) normalised = s.replace(",", ".");
  if (!/^-?\d+(\.\d+)?$/.test(normalised)) return null;
  const n = Number(normalised);
  return Number.isFinite(n) ? n : null;
}

// Six decimals: partial credit in thirds adds up without drifting (4 × ⅔ of 6 is 44.44 %, not 44.45 %).
const round = (n: number) => Math.round(n * 1_000_000) / 1_000_000;

export function gradeQuestion(q: Question, response: Response | undefined): QuestionGrade {
  const max = q.points;
  const result = (score: number): QuestionGrade => ({ questionId: q.id, score: round(score), max, correct: round(score) === max });
  if (!response || response.type !== q.type) return result(0);
  switch (q.type) {
    case "single": {
      const r = response as Extract<Response, { type: "single" }>;
      return result(q.options.find((o) => o.id === r.optionId)?.correct ? max : 0);
    }
    case "multiple": {
      const r = response as Extract<Response, { type: "multiple" }>;
      const picked = new Set(r.optionIds.filter((id) => q.options.some((o) => o.id === id)));
      const correctIds = new Set(q.options.filter((o) => o.correct).map((o) => o.id));
      const right = [...picked].filter((id) => correctIds.has(id)).length;
      const wrong = picked.size - right;
      if (q.partialCredit) return result(Math.max(0, (right - wrong) / correctIds.size) * max);
      return result(right === correctIds.size && wrong === 0 ? max : 0);
    }
    case "true_false": {
      const r = response as Extract<Response, { type: "true_false" }>;
      return result(r.value === q.answer ? max : 0);
    }
    case "short_text": {
      const r = response as Extract<Response, { type: "short_text" }>;
      const given = normaliseText(r.text);
      if (!given) return result(0);
      const accepted = [...q.accept.mn, ...q.accept.en].map(normaliseText);
      return result(accepted.includes(given) ? max : 0);
    }
    case "numeric": {
      const r = response as Extract<Response, { type: "numeric" }>;
      if (r.value === null || !Number.isFinite(r.value)) return result(0);
      // A small epsilon so that 0.1 + 0.2 style representations do not fail an exact answer.
      return result(Math.abs(r.value - q.answer) <= q.tolerance + 1e-9 ? max : 0);
    }
    case "ordering": {
      const r = response as Extract<Response, { type: "ordering" }>;
      const expected = q.items.map((i) => i.id);
      const same = r.itemIds.length === expected.length && r.itemIds.every((id, i) => id === expected[i]);
      return result(same ? max : 0);
    }
  }
}

export interface AttemptGrade {
  score: number;
  max: number;
  percent: number;
  passed: boolean;
  questions: QuestionGrade[];
}

export function gradeAttempt(questions: Question[], responses: Map<string, Response>, passingScore: QuizDefinition["passingScore"]): AttemptGrade {
  const graded = questions.map((q) => gradeQuestion(q, responses.get(q.id)));
  const score = round(graded.reduce((a, g) => a + g.score, 0));
  const max = round(graded.reduce((a, g) => a + g.max, 0));
  const percent = max === 0 ? 0 : Math.round((score / max) * 10000) / 100;
  return { score, max, percent, passed: percent >= passingScore, questions: graded };
}

// ---- drawing questions for an attempt ----

export interface DrawnQuestion {
  id: string;
  /** Display order of options (single/multiple) or items (ordering), as the author's ids; absent for other types. */
  order?: string[];
  /**
   * The keys the browser sees instead of the author's ids, one per entry of `order`: random per
   * attempt, so neither an id ("a" is often the right answer) nor its sort order tells the answer.
   * Absent on attempts started before keys existed; those show the author's ids.
   */
  keys?: string[];
  /**
   * The question as drawn, by the hash of its definition (kept in quiz_question_version): the attempt
   * is shown and graded on it after the course changes (decision 038). Absent on older attempts.
   */
  h?: string;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** 12 characters of base64url from the platform's cryptographic generator. */
export function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_");
}

function keysFor(n: number, newKey: () => string): string[] {
  const keys = new Set<string>();
  while (keys.size < n) keys.add(newKey());
  return [...keys];
}

const sameOrder = (a: string[], b: string[]) => a.every((id, i) => id === b[i]);

/**
 * Draws `draw` questions from each pool, shuffling questions and options as the quiz (or the
 * question, for options) asks, and gives every option and ordering item a fresh key.
 */
export function drawQuestions(quiz: QuizDefinition, random: () => number = Math.random, newKey: () => string = randomKey): DrawnQuestion[] {
  let drawn = quiz.pools.flatMap((pool) => shuffle(pool.questions, random).slice(0, pool.draw));
  if (quiz.shuffleQuestions) drawn = shuffle(drawn, random);
  return drawn.map((q) => {
    if (q.type === "single" || q.type === "multiple") {
      const ids = q.options.map((o) => o.id);
      const order = (q.shuffleOptions ?? quiz.shuffleOptions) ? shuffle(ids, random) : ids;
      return { id: q.id, order, keys: keysFor(order.length, newKey) };
    }
    if (q.type === "ordering") {
      const ids = q.items.map((i) => i.id);
      // Ordering items are always shown shuffled and never in the correct order: the order shown
      // would otherwise be an answer to submit unchanged.
      let order = shuffle(ids, random);
      for (let tries = 0; tries < 20 && sameOrder(order, ids); tries++) order = shuffle(ids, random);
      if (sameOrder(order, ids)) order = [...ids.slice(1), ids[0]];
      return { id: q.id, order, keys: keysFor(order.length, newKey) };
    }
    return { id: q.id };
  });
}

export function questionIndex(quiz: QuizDefinition): Map<string, Question> {
  return new Map(quiz.pools.flatMap((p) => p.questions).map((q) => [q.id, q]));
}

/** An option or ordering item as this attempt shows it: the author's id stays on the server. */
export interface Choice {
  id: string;
  key: string;
}

export interface AttemptQuestion {
  question: Question;
  /** Options (single/multiple) or items (ordering) in the order shown; empty for other types. */
  choices: Choice[];
}

/** The questions of an attempt as drawn, with their choices in display order and keyed for the browser. */
export function attemptQuestions(quiz: QuizDefinition, drawn: DrawnQuestion[], kept: ReadonlyMap<string, Question> = new Map()): AttemptQuestion[] {
  const index = questionIndex(quiz);
  return drawn.flatMap((d) => {
    // the question as it was drawn; the course's current one only for attempts from before that was kept
    const question = (d.h ? kept.get(d.h) : undefined) ?? index.get(d.id);
    if (!question) return [];
    const authored =
      question.type === "single" || question.type === "multiple"
        ? question.options.map((o) => o.id)
        : question.type === "ordering"
          ? question.items.map((i) => i.id)
          : [];
    const known = new Set(authored);
    const order = d.order ?? authored;
    const choices = order.flatMap((id, i) => (known.has(id) ? [{ id, key: d.keys?.[i] ?? id }] : []));
    return [{ question, choices }];
  });
}

/** A saved response (author's ids) as the browser may see it (this attempt's keys). */
export function responseForBrowser(r: Response, choices: Choice[]): Response {
  const key = new Map(choices.map((c) => [c.id, c.key]));
  const toKey = (id: string) => key.get(id) ?? "";
  switch (r.type) {
    case "single":
      return { type: "single", optionId: r.optionId === null ? null : toKey(r.optionId) };
    case "multiple":
      return { type: "multiple", optionIds: r.optionIds.map(toKey) };
    case "ordering":
      return { type: "ordering", itemIds: r.itemIds.map(toKey) };
    default:
      return r;
  }
}
