import { hcl } from "d3-color";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { choroplethScale, contrastRatio, decimalsFor, MAX_STEPS, MIN_STEPS, niceStep, sequentialColours, textColourOn } from "./choropleth";

describe("choropleth steps", () => {
  it("split a share's natural range into five round steps", () => {
    const s = choroplethScale([0.12, null, 0.73], [0, 1]);
    expect(s.breaks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect([0, 0.19, 0.2, 0.5, 0.99, 1].map(s.stepOf)).toEqual([0, 0, 1, 2, 4, 4]);
    // outside the domain: the nearest end
    expect([-0.2, 1.5].map(s.stepOf)).toEqual([0, 4]);
  });

  it("round the values' own range outwards when no domain is given", () => {
    expect(choroplethScale([0, 73]).breaks).toEqual([0, 20, 40, 60, 80, 100]);
    expect(choroplethScale([3, 1234]).breaks).toEqual([0, 250, 500, 750, 1000, 1250]);
    expect(choroplethScale([150, 210]).breaks).toEqual([150, 160, 170, 180, 190, 200, 210]);
    expect(choroplethScale([0.5, 0.5]).breaks).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(choroplethScale([null, null]).breaks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it("always have 5–7 rising round steps that cover every value, and put larger values in the same or a higher step", () => {
    const value = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(fc.array(fc.option(value, { nil: null }), { maxLength: 22 }), (values) => {
        const s = choroplethScale(values);
        const steps = s.breaks.length - 1;
        expect(steps).toBeGreaterThanOrEqual(MIN_STEPS);
        expect(steps).toBeLessThanOrEqual(MAX_STEPS);
        expect(s.colours).toHaveLength(steps);
        const size = s.breaks[1] - s.breaks[0];
        expect(niceStep(size)).toBeCloseTo(size, 9);
        for (let i = 1; i < s.breaks.length; i++) expect(s.breaks[i] - s.breaks[i - 1]).toBeCloseTo(size, 6);
        const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
        for (const v of known) {
          expect(v).toBeGreaterThanOrEqual(s.breaks[0] - 1e-6);
          expect(v).toBeLessThanOrEqual(s.breaks[steps] + 1e-6);
          expect(s.stepOf(v)).toBeGreaterThanOrEqual(0);
          expect(s.stepOf(v)).toBeLessThan(steps);
        }
        for (let i = 1; i < known.length; i++) expect(s.stepOf(known[i])).toBeGreaterThanOrEqual(s.stepOf(known[i - 1]));
      }),
    );
  });

  it("write bounds with as few decimals as they need", () => {
    expect(decimalsFor([0, 20, 40])).toBe(0);
    expect(decimalsFor([0, 0.2, 0.4])).toBe(1);
    expect(decimalsFor([0.03, 0.0325])).toBe(3);
  });
});

describe("choropleth colours", () => {
  for (let steps = MIN_STEPS; steps <= MAX_STEPS; steps++) {
    it(`in ${steps} steps are distinct and darken step by step, and each carries legible text`, () => {
      const colours = sequentialColours(steps);
      expect(new Set(colours).size).toBe(steps);
      const lightness = colours.map((c) => hcl(c).l);
      // clearly apart, not just different: at least 8 units of lightness between neighbours
      for (let i = 1; i < steps; i++) expect(lightness[i - 1] - lightness[i]).toBeGreaterThan(8);
      for (const c of colours) expect(contrastRatio(c, textColourOn(c)), c).toBeGreaterThanOrEqual(4.5);
    });
  }

  it("measure contrast as WCAG does", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2); // the grey WebAIM calls just short of AA
    expect(textColourOn("#002051")).toBe("#ffffff");
    expect(textColourOn("#fdea45")).toBe("#000000");
  });
});
