// Mongolia's 21 aimags and the capital as hexagonal tiles, each placed roughly where it lies, for
// choropleth maps drawn on the server. Tiles, not boundaries: no boundary data we found may be
// redistributed in an open-source app (docs/decisions/025-aimag-map.md), and equal tiles keep
// Ulaanbaatar, Orkhon, Darkhan-Uul and Govisümber — where most civil servants work — as easy to see
// and to tap as Ömnögovi.

/** Hexagons with a point at the top; `col` counts half a tile further east on odd rows. */
const LAYOUT: { code: string; row: number; col: number }[] = [
  // north: the Altai's end, Uvs Lake, Khövsgöl, the Selenge basin
  { code: "MN-071", row: 0, col: 0 }, // Bayan-Ölgii
  { code: "MN-046", row: 0, col: 1 }, // Uvs
  { code: "MN-041", row: 0, col: 2 }, // Khövsgöl
  { code: "MN-067", row: 0, col: 3 }, // Bulgan
  { code: "MN-037", row: 0, col: 4 }, // Darkhan-Uul
  { code: "MN-049", row: 0, col: 5 }, // Selenge
  // the middle, west to east, with the capital between Orkhon and Khentii
  { code: "MN-043", row: 1, col: 0 }, // Khovd
  { code: "MN-057", row: 1, col: 1 }, // Zavkhan
  { code: "MN-073", row: 1, col: 2 }, // Arkhangai
  { code: "MN-035", row: 1, col: 3 }, // Orkhon
  { code: "MN-1", row: 1, col: 4 }, // Ulaanbaatar
  { code: "MN-039", row: 1, col: 5 }, // Khentii
  { code: "MN-061", row: 1, col: 6 }, // Dornod
  // the Khangai's south slopes to the eastern steppe
  { code: "MN-065", row: 2, col: 1 }, // Govi-Altai
  { code: "MN-069", row: 2, col: 2 }, // Bayankhongor
  { code: "MN-055", row: 2, col: 3 }, // Övörkhangai
  { code: "MN-047", row: 2, col: 4 }, // Töv
  { code: "MN-064", row: 2, col: 5 }, // Govisümber
  { code: "MN-051", row: 2, col: 6 }, // Sükhbaatar
  // the Gobi
  { code: "MN-053", row: 3, col: 3 }, // Ömnögovi
  { code: "MN-059", row: 3, col: 4 }, // Dundgovi
  { code: "MN-063", row: 3, col: 5 }, // Dornogovi
];

const SIZE = 50; // centre to corner
const GAP = 2.5; // drawn this much smaller, so neighbours stay apart
const MARGIN = 2;
const WIDTH = Math.sqrt(3) * SIZE;
const round = (n: number) => Math.round(n * 10) / 10;

function centre(row: number, col: number): [number, number] {
  return [round(MARGIN + WIDTH / 2 + (col + (row % 2) / 2) * WIDTH), round(MARGIN + SIZE + row * 1.5 * SIZE)];
}

function hexagon([cx, cy]: [number, number]): string {
  const r = SIZE - GAP;
  const corners = [90, 150, 210, 270, 330, 30].map((deg) => {
    const a = (deg * Math.PI) / 180;
    return `${round(cx + r * Math.cos(a))},${round(cy - r * Math.sin(a))}`;
  });
  return `M${corners.join("L")}Z`;
}

export interface AimagShape {
  /** ISO 3166-2 code, as in the aimag table. */
  code: string;
  /** SVG path in the map's viewBox. */
  d: string;
  /** Where the tile's label goes: its centre. */
  label: [number, number];
}

export const AIMAG_SHAPES: AimagShape[] = LAYOUT.map(({ code, row, col }) => {
  const label = centre(row, col);
  return { code, d: hexagon(label), label };
});

const maxRow = Math.max(...LAYOUT.map((t) => t.row));
const maxCol = Math.max(...LAYOUT.map((t) => t.col + (t.row % 2) / 2));

export const AIMAG_MAP_WIDTH = Math.ceil(2 * MARGIN + (maxCol + 1) * WIDTH);
export const AIMAG_MAP_HEIGHT = Math.ceil(2 * MARGIN + 2 * SIZE + maxRow * 1.5 * SIZE);
export const AIMAG_MAP_VIEWBOX = `0 0 ${AIMAG_MAP_WIDTH} ${AIMAG_MAP_HEIGHT}`;
