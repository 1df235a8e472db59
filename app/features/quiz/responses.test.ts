import { describe, expect, it } from "vitest";
import { QuestionSchema, type Question } from "~/features/content/schemas";
import { readResponses } from "./responses";

const L = (s: string) => ({ mn: s, en: s });
const ordering = QuestionSchema.parse({
  id: "o",
  type: "ordering",
  text: L("?"),
  items: [{ id: "x", text: L("X") }, { id: "y", text: L("Y") }, { id: "z", text: L("Z") }],
}) as Question;

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
};

describe("ordering responses", () => {
  it("an untouched question (every position blank) is no answer at all", () => {
    expect(readResponses(form({ "q.o.x": "", "q.o.y": "", "q.o.z": "" }), [ordering]).has("o")).toBe(false);
  });
  it("reads the order from the chosen positions", () => {
    expect(readResponses(form({ "q.o.x": "3", "q.o.y": "1", "q.o.z": "2" }), [ordering]).get("o")).toEqual({ type: "ordering", itemIds: ["y", "z", "x"] });
  });
  it("puts items left blank last, and settles a repeated number by the order shown", () => {
    expect(readResponses(form({ "q.o.x": "", "q.o.y": "1", "q.o.z": "1" }), [ordering]).get("o")).toEqual({ type: "ordering", itemIds: ["y", "z", "x"] });
  });
});
