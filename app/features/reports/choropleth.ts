// Classes and colours for a choropleth map: equal steps over a rounded range, light to dark on
// cividis, a scale that reads the same to people with any common colour-vision deficiency and
// whose lightness rises evenly, so the steps still order themselves in grey print.
import { rgb } from "d3-color";
import { interpolateCividis } from "d3-scale-chromatic";

export interface ChoroplethScale {
  /** Lower bound of every step, then the upper bound of the last: one more than there are steps. */
  breaks: number[];
  /** One colour a step, lightest first. */
  colours: string[];
  /** The step a value falls in; values outside the range go to the nearest end. */
  stepOf(value: number): number;
}

export const MIN_STEPS = 5;
export const MAX_STEPS = 7;

/** Cividis from its light end to its dark end, in `steps` colours evenly apart. */
export function sequentialColours(steps: number): string[] {
  return Array.from({ length: steps }, (_, i) => rgb(interpolateCividis(1 - i / (steps - 1))).formatHex());
}

const NICE = [1, 2, 2.5, 5, 10];

/** The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least `x` (> 0). */
export function niceStep(x: number): number {
  const power = 10 ** Math.floor(Math.log10(x));
  return NICE.map((m) => m * power).find((s) => s >= x * (1 - 1e-12)) ?? 10 * power;
}

/**
 * Steps for the values given (nulls are no data), or for `domain` when the measure has a natural
 * range, such as 0–1 for a share. Step bounds are round numbers, so the legend reads "0–20, 20–40",
 * not "3.7–17.2": of 5, 6 or 7 steps, whichever covers the range with the least to spare.
 */
export function choroplethScale(values: readonly (number | null)[], domain?: readonly [number, number]): ChoroplethScale {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  let [lo, hi] = domain ?? (known.length ? [Math.min(...known), Math.max(...known)] : [0, 1]);
  if (lo > hi) [lo, hi] = [hi, lo];
  // One value everywhere (or a single aimag): measure it from zero, so it shows as where it is.
  if (hi - lo < 1e-9) [lo, hi] = Math.abs(hi) < 1e-9 ? [0, 1] : hi > 0 ? [0, hi] : [lo, 0];
  let best = { steps: 0, start: 0, size: Number.POSITIVE_INFINITY };
  for (let steps = MIN_STEPS; steps <= MAX_STEPS; steps++) {
    let size = niceStep((hi - lo) / steps);
    let start = Math.floor(lo / size) * size;
    // Starting below `lo` can leave the top short of `hi`: take the next round step then.
    while (start + steps * size < hi - Math.abs(hi) * 1e-12) {
      size = niceStep(size * 1.000001);
      start = Math.floor(lo / size) * size;
    }
    if (steps * size < best.steps * best.size || !best.steps) best = { steps, start, size };
  }
  const breaks = Array.from({ length: best.steps + 1 }, (_, i) => Number((best.start + i * best.size).toPrecision(12)));
  const inner = breaks.slice(1, -1);
  return {
    breaks,
    colours: sequentialColours(best.steps),
    stepOf: (value) => inner.filter((b) => b <= value).length,
  };
}

/** The fewest decimals (at most 3) that write every break exactly: 0.2 steps need one, 20 steps none. */
export function decimalsFor(breaks: readonly number[]): number {
  for (let d = 0; d < 3; d++) if (breaks.every((b) => Math.abs(b * 10 ** d - Math.round(b * 10 ** d)) < 1e-9)) return d;
  return 3;
}

function luminance(colour: string): number {
  const { r, g, b } = rgb(colour);
  const [R, G, B] = [r, g, b].map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * R + 0.7152 * G + 0.0722 * B;
}

/** WCAG 2 contrast ratio of two colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// Black, not the page's slate: against black every fill reaches 4.5:1 with one of the two.
export const DARK_TEXT = "#000000";
export const LIGHT_TEXT = "#ffffff";

/** White or black, whichever reads better on `fill`. */
export function textColourOn(fill: string): string {
  return contrastRatio(fill, LIGHT_TEXT) > contrastRatio(fill, DARK_TEXT) ? LIGHT_TEXT : DARK_TEXT;
}
