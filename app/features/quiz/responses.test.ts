import { describe, expect, it } from "vitest";
import { QuestionSchema, type Question } from "~/features/content/schemas";
import type { AttemptQuestion } from "./grading";
import { readResponses, typedText } from "./responses";

const L = (s: string) => ({ mn: s, en: s });
// shown as z, x, y under this attempt's keys
const ordering: AttemptQuestion = {
  question: QuestionSchema.parse({
    id: "o",
    type: "ordering",
    text: L("?"),
    items: [
      { id: "x", text: L("X") },
      { id: "y", text: L("Y") },
      { id: "z", text: L("Z") },
    ],
  }) as Question,
  choices: [
    { id: "z", key: "K1" },
    { id: "x", key: "K2" },
    { id: "y", key: "K3" },
  ],
};
const single: AttemptQuestion = {
  question: QuestionSchema.parse({
    id: "s",
    type: "single",
    text: L("?"),
    options: [
      { id: "a", text: L("A"), correct: true },
      { id: "b", text: L("B") },
    ],
  }) as Question,
  choices: [
    { id: "b", key: "Kb" },
    { id: "a", key: "Ka" },
  ],
};
const multiple: AttemptQuestion = {
  question: QuestionSchema.parse({
    id: "m",
    type: "multiple",
    text: L("?"),
    options: [
      { id: "a", text: L("A"), correct: true },
      { id: "b", text: L("B") },
    ],
  }) as Question,
  choices: [
    { id: "a", key: "Ka" },
    { id: "b", key: "Kb" },
  ],
};

const form = (fields: Record<string, string | string[]>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) f.append(k, item);
  return f;
};

describe("ordering responses", () => {
  it("an untouched question (every position blank) is no answer at all", () => {
    expect(readResponses(form({ "q.o.K1": "", "q.o.K2": "", "q.o.K3": "" }), [ordering]).has("o")).toBe(false);
  });
  it("reads the order from the chosen positions, by this attempt's keys", () => {
    expect(readResponses(form({ "q.o.K2": "3", "q.o.K3": "1", "q.o.K1": "2" }), [ordering]).get("o")).toEqual({ type: "ordering", itemIds: ["y", "z", "x"] });
  });
  it("puts items left blank last, and settles a repeated number by the order shown (not the authored one)", () => {
    expect(readResponses(form({ "q.o.K2": "", "q.o.K3": "1", "q.o.K1": "1" }), [ordering]).get("o")).toEqual({ type: "ordering", itemIds: ["z", "y", "x"] });
  });
  it("ignores fields named by the author's ids", () => {
    expect(readResponses(form({ "q.o.x": "1", "q.o.y": "2", "q.o.z": "3" }), [ordering]).has("o")).toBe(false);
  });
});

describe("choice responses", () => {
  it("turn keys back into the author's ids, and an author's id sent instead counts as no choice", () => {
    expect(readResponses(form({ "q.s": "Ka" }), [single]).get("s")).toEqual({ type: "single", optionId: "a" });
    expect(readResponses(form({ "q.s": "a" }), [single]).get("s")).toEqual({ type: "single", optionId: null });
    expect(readResponses(form({ "q.m": ["Kb", "a", "Ka"] }), [multiple]).get("m")).toEqual({ type: "multiple", optionIds: ["b", "a"] });
  });
});

describe("typed text", () => {
  it("drops control characters a keyboard does not give, and keeps tabs and line breaks", () => {
    expect(typedText("x\u0000y\u001b\u007f")).toBe("xy");
    expect(typedText("а\tб\nв\r\nг Өө Үү")).toBe("а\tб\nв\r\nг Өө Үү");
  });
});
