import { describe, expect, it } from "vitest";
import { analyseItem, BINS, groupSize, type ItemCounts, medianOf } from "./statistics";

const counts = (o: Partial<ItemCounts>): ItemCounts => ({
  questionId: "q",
  presented: 100,
  correct: 50,
  scoreSum: 50,
  upperN: 27,
  upperCorrect: 20,
  lowerN: 27,
  lowerCorrect: 7,
  ...o,
});

describe("item analysis", () => {
  it("takes 27 % of the ranked attempts for each group, rounded, never overlapping", () => {
    expect([1, 2, 3, 10, 20, 100, 1000].map(groupSize)).toEqual([0, 1, 1, 3, 5, 27, 270]);
    for (let n = 0; n < 500; n++) expect(2 * groupSize(n)).toBeLessThanOrEqual(n);
  });

  it("computes facility and D = p_upper − p_lower", () => {
    const a = analyseItem(counts({}));
    expect(a.facility).toBe(0.5);
    expect(a.pUpper).toBeCloseTo(20 / 27, 12);
    expect(a.pLower).toBeCloseTo(7 / 27, 12);
    expect(a.discrimination).toBeCloseTo(13 / 27, 6);
    expect(a.hints).toEqual([]);
  });

  it("hints at broken questions", () => {
    expect(analyseItem(counts({ upperCorrect: 5, lowerCorrect: 10, correct: 30 })).hints).toEqual(["negative", "strongWrong"]);
    expect(analyseItem(counts({ correct: 10, upperCorrect: 8, lowerCorrect: 0 })).hints).toEqual(["strongWrong", "tooHard"]);
    expect(analyseItem(counts({ correct: 97, upperCorrect: 27, lowerCorrect: 25 })).hints).toEqual(["tooEasy"]);
    expect(analyseItem(counts({ upperCorrect: 15, lowerCorrect: 12 })).hints).toEqual(["lowDiscrimination"]);
    expect(analyseItem(counts({}), true).hints).toEqual(["distractor"]);
  });

  it("gives no hint on too little data, and no figure without attempts", () => {
    expect(analyseItem(counts({ presented: 9, correct: 0, upperN: 2, upperCorrect: 0, lowerN: 2, lowerCorrect: 2 }), true).hints).toEqual([]);
    // enough attempts but groups too small: only the hints that need no groups
    expect(analyseItem(counts({ presented: 12, correct: 1, upperN: 3, upperCorrect: 0, lowerN: 3, lowerCorrect: 1 })).hints).toEqual(["tooHard"]);
    expect(analyseItem(counts({ presented: 0, correct: 0, upperN: 0, upperCorrect: 0, lowerN: 0, lowerCorrect: 0 }))).toMatchObject({
      facility: null,
      pUpper: null,
      discrimination: null,
      hints: [],
    });
  });

  it("reads the median from the middle scores, and bins 0–100 in ten", () => {
    expect(medianOf([], 0)).toBeNull();
    expect(medianOf([70], 5)).toBe(70);
    expect(medianOf([50, 55], 20)).toBe(52.5);
    expect(BINS).toHaveLength(10);
    expect(BINS[0]).toEqual({ from: 0, to: 9 });
    expect(BINS[9]).toEqual({ from: 90, to: 100 });
  });
});
