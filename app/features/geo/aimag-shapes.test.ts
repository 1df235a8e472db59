// The tile map has one tile for every aimag in the database, and the tiles sit apart inside the map.
import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { AIMAG_TILES } from "~/features/events/aimag-tiles";
import { AIMAG_MAP_HEIGHT, AIMAG_MAP_VIEWBOX, AIMAG_MAP_WIDTH, AIMAG_SHAPES } from "./aimag-shapes";

const corners = (d: string) => [...d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);

describe("aimag tiles", () => {
  it("give every aimag in the aimag table exactly one tile, and nothing else one", async () => {
    const codes = (await db.selectFrom("aimag").select("code").execute()).map((a) => a.code).sort();
    expect(codes).toHaveLength(22);
    expect(codes).toContain("MN-1");
    expect(AIMAG_SHAPES.map((s) => s.code).sort()).toEqual(codes);
    // the labels written on the tiles come from the same list of short names as the campaign map
    for (const code of codes) expect(AIMAG_TILES[code], code).toBeDefined();
  });

  it("are closed hexagons inside the viewBox, centred on their label, none overlapping another", () => {
    expect(AIMAG_MAP_VIEWBOX).toBe(`0 0 ${AIMAG_MAP_WIDTH} ${AIMAG_MAP_HEIGHT}`);
    for (const { code, d, label } of AIMAG_SHAPES) {
      expect(d, code).toMatch(/^M[^MZ]+Z$/);
      const points = corners(d);
      expect(points, code).toHaveLength(6);
      for (const [x, y] of points) {
        expect(x).toBeGreaterThan(0);
        expect(x).toBeLessThan(AIMAG_MAP_WIDTH);
        expect(y).toBeGreaterThan(0);
        expect(y).toBeLessThan(AIMAG_MAP_HEIGHT);
      }
      const mean = [0, 1].map((i) => points.reduce((s, p) => s + p[i], 0) / 6);
      expect(mean[0]).toBeCloseTo(label[0], 0);
      expect(mean[1]).toBeCloseTo(label[1], 0);
    }
    // a tile's corners are 47.5 from its centre: centres closer than twice the inner radius would overlap
    const inner = 47.5 * Math.cos(Math.PI / 6);
    for (const a of AIMAG_SHAPES)
      for (const b of AIMAG_SHAPES)
        if (a !== b) expect(Math.hypot(a.label[0] - b.label[0], a.label[1] - b.label[1]), `${a.code} ${b.code}`).toBeGreaterThan(2 * inner);
  });

  it("keep west to the left and north at the top for the aimags at the country's ends", () => {
    const at = (code: string) => AIMAG_SHAPES.find((s) => s.code === code)!.label;
    expect(at("MN-071")[0]).toBeLessThan(at("MN-1")[0]); // Bayan-Ölgii west of the capital
    expect(at("MN-061")[0]).toBeGreaterThan(at("MN-1")[0]); // Dornod east of it
    expect(at("MN-049")[1]).toBeLessThan(at("MN-1")[1]); // Selenge north of it
    expect(at("MN-053")[1]).toBeGreaterThan(at("MN-1")[1]); // Ömnögovi south of it
  });
});
