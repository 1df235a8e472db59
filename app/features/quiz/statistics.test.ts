import { describe, expect, it } from "vitest";
import { analyseItem, BINS, groupEdges, groupSize, type ItemCounts, medianOf } from "./statistics";

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

  it("finds the groups' edges in the attempts per percent, sharing the attempts tied at an edge", () => {
    // 10 attempts → groups of 3: the 100 and two of the three 80s; the 0 and two of the three 20s
    const tenths = [
      { percent: 50, attempts: 2 },
      { percent: 100, attempts: 1 },
      { percent: 20, attempts: 3 },
      { percent: 80, attempts: 3 },
      { percent: 0, attempts: 1 },
    ];
    const e = groupEdges(tenths)!;
    expect(e.upper.percent).toBe(80);
    expect(e.upper.share).toBeCloseTo(2 / 3, 12);
    expect(e.lower.percent).toBe(20);
    expect(e.lower.share).toBeCloseTo(2 / 3, 12);
    // a group that ends exactly at a band takes all of it
    expect(
      groupEdges([
        { percent: 90, attempts: 3 },
        { percent: 50, attempts: 4 },
        { percent: 10, attempts: 3 },
      ]),
    ).toEqual({ upper: { percent: 90, share: 1 }, lower: { percent: 10, share: 1 } });
    // everyone tied: both groups are 3 of the 10 at that score; empty bands do not count
    expect(
      groupEdges([
        { percent: 70, attempts: 10 },
        { percent: 40, attempts: 0 },
      ]),
    ).toEqual({ upper: { percent: 70, share: 0.3 }, lower: { percent: 70, share: 0.3 } });
    // no group below two attempts
    expect(groupEdges([{ percent: 70, attempts: 1 }])).toBeNull();
    expect(groupEdges([])).toBeNull();
  });

  it("computes facility and D = p_upper − p_lower", () => {
    const a = analyseItem(counts({}));
    expect(a.facility).toBe(0.5);
    expect(a.pUpper).toBeCloseTo(20 / 27, 12);
    expect(a.pLower).toBeCloseTo(7 / 27, 12);
    expect(a.discrimination).toBeCloseTo(13 / 27, 6);
    expect(a.hints).toEqual([]);
    // with the counts of a tied edge (fractions of attempts): 7/3 of 3 right in the upper group, 2/3 of 3 in the lower
    const tied = analyseItem(counts({ presented: 10, correct: 5, upperN: 3, upperCorrect: 7 / 3, lowerN: 3, lowerCorrect: 2 / 3 }));
    expect(tied.pUpper).toBeCloseTo(7 / 9, 12);
    expect(tied.discrimination).toBeCloseTo(5 / 9, 6);
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
