import { describe, expect, it } from "vitest";
import { QuestionSchema, QuizSchema, type Question } from "~/features/content/schemas";
import { attemptQuestions, drawQuestions, gradeAttempt, responseForBrowser, gradeQuestion, normaliseText, parseNumber, type Response } from "./grading";

const L = (s: string) => ({ mn: s, en: s });
const q = (def: object) => QuestionSchema.parse({ id: "q", text: L("?"), ...def }) as Question;

const single = q({
  type: "single",
  options: [
    { id: "a", text: L("A"), correct: true },
    { id: "b", text: L("B") },
  ],
});
const multiple = (partialCredit: boolean) =>
  q({
    type: "multiple",
    partialCredit,
    points: 2,
    options: [
      { id: "a", text: L("A"), correct: true },
      { id: "b", text: L("B"), correct: true },
      { id: "c", text: L("C") },
      { id: "d", text: L("D") },
    ],
  });
const tf = q({ type: "true_false", answer: false });
const short = q({ type: "short_text", accept: { mn: ["Хурдан цэг"], en: ["Khurdan Tseg", "Khurdan Tseg point"] } });
const numeric = q({ type: "numeric", answer: 72, tolerance: 0.5 });
const exact = q({ type: "numeric", answer: 1106 });
const ordering = q({
  type: "ordering",
  items: [
    { id: "x", text: L("X") },
    { id: "y", text: L("Y") },
    { id: "z", text: L("Z") },
  ],
});

describe("single choice", () => {
  it("scores the correct option only", () => {
    expect(gradeQuestion(single, { type: "single", optionId: "a" }).score).toBe(1);
    expect(gradeQuestion(single, { type: "single", optionId: "b" }).score).toBe(0);
    expect(gradeQuestion(single, { type: "single", optionId: "zzz" }).score).toBe(0);
    expect(gradeQuestion(single, { type: "single", optionId: null }).score).toBe(0);
    expect(gradeQuestion(single, undefined).score).toBe(0);
  });
  it("ignores a response of another type", () => {
    expect(gradeQuestion(single, { type: "true_false", value: true } as Response).score).toBe(0);
  });
});

describe("multiple choice", () => {
  it("all-or-nothing without partial credit", () => {
    const m = multiple(false);
    expect(gradeQuestion(m, { type: "multiple", optionIds: ["a", "b"] })).toMatchObject({ score: 2, correct: true });
    expect(gradeQuestion(m, { type: "multiple", optionIds: ["b", "a"] }).score).toBe(2);
    expect(gradeQuestion(m, { type: "multiple", optionIds: ["a"] }).score).toBe(0);
    expect(gradeQuestion(m, { type: "multiple", optionIds: ["a", "b", "c"] }).score).toBe(0);
  });
  it("partial credit: right minus wrong over the number correct, never below zero", () => {
    const m = multiple(true);
    expect(gradeQuestion(m, { type: "multiple", optionIds: ["a"] })).toMatchObject({ score: 1, correct: false });
    expect(gradeQuestion(m, { type: "multiple", optionIds: ["a", "c"] }).score).toBe(0);
    expect(gradeQuestion(m, { type: "multiple", optionIds: ["a", "b", "c"] }).score).toBe(1);
    expect(gradeQuestion(m, { type: "multiple", optionIds: ["c", "d"] }).score).toBe(0);
    expect(gradeQuestion(m, { type: "multiple", optionIds: [] }).score).toBe(0);
  });
  it("selecting every option cannot earn full marks", () => {
    expect(gradeQuestion(multiple(true), { type: "multiple", optionIds: ["a", "b", "c", "d"] }).score).toBe(0);
  });
});

describe("true/false", () => {
  it("scores the matching value; no answer is wrong", () => {
    expect(gradeQuestion(tf, { type: "true_false", value: false }).score).toBe(1);
    expect(gradeQuestion(tf, { type: "true_false", value: true }).score).toBe(0);
    expect(gradeQuestion(tf, { type: "true_false", value: null }).score).toBe(0);
  });
});

describe("short text", () => {
  it("matches after normalising case, spaces, quotes and final punctuation, in either language", () => {
    for (const text of ["Хурдан цэг", "  хурдан   ЦЭГ. ", "«Хурдан цэг»", "khurdan tseg", "KHURDAN TSEG POINT!"]) {
      expect(gradeQuestion(short, { type: "short_text", text }).score, text).toBe(1);
    }
  });
  it("rejects other words and empty answers", () => {
    for (const text of ["Хурдан", "цэг хурдан", "", "   "]) expect(gradeQuestion(short, { type: "short_text", text }).score, text).toBe(0);
  });
  it("normalises Mongolian letters Ө and Ү", () => {
    expect(normaliseText("ӨРГӨДӨЛ ҮЙЛЧИЛГЭЭ")).toBe("өргөдөл үйлчилгээ");
  });
});

describe("numeric", () => {
  it("accepts values within the tolerance, inclusive", () => {
    expect(gradeQuestion(numeric, { type: "numeric", value: 72 }).score).toBe(1);
    expect(gradeQuestion(numeric, { type: "numeric", value: 72.5 }).score).toBe(1);
    expect(gradeQuestion(numeric, { type: "numeric", value: 71.5 }).score).toBe(1);
    expect(gradeQuestion(numeric, { type: "numeric", value: 72.51 }).score).toBe(0);
    expect(gradeQuestion(numeric, { type: "numeric", value: null }).score).toBe(0);
  });
  it("an exact answer needs the exact number", () => {
    expect(gradeQuestion(exact, { type: "numeric", value: 1106 }).score).toBe(1);
    expect(gradeQuestion(exact, { type: "numeric", value: 1105 }).score).toBe(0);
  });
  it("parses numbers the way people type them", () => {
    expect(parseNumber("1 106")).toBe(1106);
    expect(parseNumber("1,106")).toBe(1106);
    expect(parseNumber("3,5")).toBe(3.5);
    expect(parseNumber("3.5")).toBe(3.5);
    expect(parseNumber("-2")).toBe(-2);
    expect(parseNumber("12abc")).toBeNull();
    expect(parseNumber("")).toBeNull();
    expect(parseNumber("1e9")).toBeNull();
  });
});

describe("ordering", () => {
  it("scores the exact order only", () => {
    expect(gradeQuestion(ordering, { type: "ordering", itemIds: ["x", "y", "z"] }).score).toBe(1);
    expect(gradeQuestion(ordering, { type: "ordering", itemIds: ["y", "x", "z"] }).score).toBe(0);
    expect(gradeQuestion(ordering, { type: "ordering", itemIds: ["x", "y"] }).score).toBe(0);
  });
});

describe("attempt grade", () => {
  it("sums points, computes the percentage and applies the pass mark", () => {
    const responses = new Map<string, Response>([["q", { type: "single", optionId: "a" }]]);
    const other = q({ id: "q2", type: "true_false", answer: true, points: 3 });
    const g = gradeAttempt([single, other], responses, 25);
    expect(g).toMatchObject({ score: 1, max: 4, percent: 25, passed: true });
    expect(gradeAttempt([single, other], responses, 26).passed).toBe(false);
  });
  it("passes at exactly the pass mark and handles rounding of thirds", () => {
    const qs = ["a", "b", "c"].map((id) => q({ id, type: "true_false", answer: true }));
    const two = new Map<string, Response>([
      ["a", { type: "true_false", value: true }],
      ["b", { type: "true_false", value: true }],
    ]);
    expect(gradeAttempt(qs, two, 66.67)).toMatchObject({ percent: 66.67, passed: true });
  });
});

describe("partial credit in thirds", () => {
  it("adds up without rounding drift: four answers worth ⅔ of 1 point each out of 6 is 44.44 %", () => {
    const third = (id: string) =>
      q({
        id,
        type: "multiple",
        partialCredit: true,
        points: 1,
        options: [
          { id: "a", text: L("A"), correct: true },
          { id: "b", text: L("B"), correct: true },
          { id: "c", text: L("C"), correct: true },
          { id: "d", text: L("D") },
        ],
      });
    const qs = [third("p1"), third("p2"), third("p3"), third("p4"), q({ id: "x", type: "true_false", answer: true, points: 2 })];
    const responses = new Map<string, Response>(["p1", "p2", "p3", "p4"].map((id) => [id, { type: "multiple", optionIds: ["a", "b"] }]));
    const g = gradeAttempt(qs, responses, 50);
    expect(g.max).toBe(6);
    expect(g.percent).toBe(44.44);
    expect(g.passed).toBe(false);
  });
});

describe("drawing questions", () => {
  const quiz = QuizSchema.parse({
    title: L("Q"),
    kind: "exam",
    passingScore: 50,
    attemptLimit: 1,
    timeLimitMinutes: null,
    review: "never",
    pools: [
      { id: "p1", draw: 2, questions: ["a", "b", "c"].map((id) => ({ id, type: "true_false", answer: true, text: L(id) })) },
      { id: "p2", draw: 1, questions: [{ id: "o", type: "ordering", text: L("o"), items: ["1", "2", "3", "4"].map((i) => ({ id: i, text: L(i) })) }] },
    ],
  });
  it("draws the asked number from each pool, without repeats", () => {
    for (let i = 0; i < 20; i++) {
      const drawn = drawQuestions(quiz);
      expect(drawn).toHaveLength(3);
      expect(new Set(drawn.map((d) => d.id)).size).toBe(3);
      expect(drawn.filter((d) => ["a", "b", "c"].includes(d.id))).toHaveLength(2);
    }
  });
  it("shows ordering items shuffled, not in the answer order", () => {
    for (let i = 0; i < 20; i++) {
      const o = drawQuestions(quiz).find((d) => d.id === "o")!;
      expect(o.order).not.toEqual(["1", "2", "3", "4"]);
      expect([...o.order!].sort()).toEqual(["1", "2", "3", "4"]);
    }
  });
  it("never shows an ordering in its correct order, even when the shuffle keeps it (two items, a generator that never moves anything)", () => {
    const two = QuizSchema.parse({
      title: L("Q"),
      kind: "practice",
      passingScore: 50,
      attemptLimit: null,
      timeLimitMinutes: null,
      review: "never",
      pools: [{ id: "p", draw: 1, questions: [{ id: "o", type: "ordering", text: L("o"), items: ["1", "2"].map((i) => ({ id: i, text: L(i) })) }] }],
    });
    // random() close to 1 makes every Fisher–Yates step swap an item with itself
    expect(drawQuestions(two, () => 0.999)[0].order).toEqual(["2", "1"]);
  });
  it("gives every option and item a random key, different on every attempt and never the author's id", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const o = drawQuestions(quiz).find((d) => d.id === "o")!;
      expect(o.keys).toHaveLength(4);
      for (const k of o.keys!) {
        expect(["1", "2", "3", "4"]).not.toContain(k);
        expect(seen.has(k)).toBe(false);
        seen.add(k);
      }
    }
  });
  it("keeps the written order of a question that opts out of shuffling, and shuffles the others", () => {
    const options = ["a", "b", "c", "d", "e", "f"].map((id) => ({ id, text: L(id), correct: id === "a" }));
    const choices = QuizSchema.parse({
      title: L("Q"),
      kind: "practice",
      passingScore: 50,
      attemptLimit: null,
      timeLimitMinutes: null,
      review: "never",
      pools: [
        {
          id: "p",
          draw: 2,
          questions: [
            { id: "fixed", type: "single", shuffleOptions: false, text: L("?"), options },
            { id: "free", type: "single", text: L("?"), options },
          ],
        },
      ],
    });
    const orders = Array.from({ length: 20 }, () => drawQuestions(choices));
    for (const drawn of orders) expect(drawn.find((d) => d.id === "fixed")!.order).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(orders.some((drawn) => drawn.find((d) => d.id === "free")!.order!.join() !== "a,b,c,d,e,f")).toBe(true);
  });
  it("maps a saved answer to this attempt's keys, in the order shown", () => {
    const [aq] = attemptQuestions(quiz, [{ id: "o", order: ["3", "1", "4", "2"], keys: ["k3", "k1", "k4", "k2"] }]);
    expect(aq.choices.map((c) => c.key)).toEqual(["k3", "k1", "k4", "k2"]);
    expect(responseForBrowser({ type: "ordering", itemIds: ["1", "2", "3", "4"] }, aq.choices)).toEqual({
      type: "ordering",
      itemIds: ["k1", "k2", "k3", "k4"],
    });
    // an attempt drawn before keys existed: the author's ids, in the order drawn
    expect(attemptQuestions(quiz, [{ id: "o", order: ["3", "1", "4", "2"] }])[0].choices.map((c) => c.key)).toEqual(["3", "1", "4", "2"]);
  });
});
