// A measure by aimag as a map of tiles drawn on the server: readable without JavaScript, the value
// written on every tile as well as coloured, aimags without data hatched, and the same numbers as a
// table for screen readers and for whoever prefers them.
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { AIMAG_TILES } from "~/features/events/aimag-tiles";
import { AIMAG_MAP_VIEWBOX, AIMAG_SHAPES } from "~/features/geo/aimag-shapes";
import { formatNumber } from "~/i18n/format";
import { choroplethScale, DARK_TEXT, decimalsFor, textColourOn } from "./choropleth";

export interface AimagMapValue {
  /** ISO 3166-2 code, as in the aimag table. */
  code: string;
  name: string;
  /** null: no data (nobody enrolled, say), drawn hatched. */
  value: number | null;
  /** The value as the page writes it elsewhere ("45%", "1 106"). */
  display: string;
  href?: string;
}

export interface AimagMapProps {
  values: AimagMapValue[];
  measureLabel: string;
  title: string;
  /** The measure's natural range (0–1 for a share); without it, the range of the values. */
  domain?: [number, number];
  /** Writes the legend's step bounds the way `display` writes values (a share as a percentage, say). */
  formatValue?: (value: number) => string;
}

const NO_DATA_FILL = "#f1f5f9";
const NO_DATA_LINES = "#64748b";
const TILE_STROKE = "#ffffff";
const SHAPE_CODES = new Set(AIMAG_SHAPES.map((s) => s.code));

/**
 * A font size (in map units) at which `text` fits across a tile, at most `max`. Long names such as
 * Улаанбаатар get a smaller size rather than running into the next tile; 0.63 em a letter is the
 * width of the widest common fallback font (DejaVu Sans), so narrower fonts fit too.
 */
function fittedSize(text: string, max: number): number {
  return Math.min(max, Math.floor((76 / (text.length * 0.63)) * 10) / 10);
}

export function AimagMap({ values, measureLabel, title, domain, formatValue }: AimagMapProps) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language === "en" ? "en" : "mn";
  const id = useId().replace(/:/g, "");
  const ids = { title: `${id}-title`, desc: `${id}-desc`, hatch: `${id}-no-data` };

  const byCode = new Map(values.map((v) => [v.code, v]));
  // Every aimag gets a tile; one missing from `values` is shown as having no data.
  const rows = [
    ...values.filter((v) => SHAPE_CODES.has(v.code)),
    ...AIMAG_SHAPES.filter((s) => !byCode.has(s.code)).map((s): AimagMapValue => {
      const tile = AIMAG_TILES[s.code];
      return { code: s.code, name: tile ? tile[lng] : s.code, value: null, display: "—" };
    }),
  ];
  const rowOf = new Map(rows.map((r) => [r.code, r]));
  const scale = choroplethScale(
    rows.map((r) => r.value),
    domain,
  );
  const decimals = decimalsFor(scale.breaks);
  const format = formatValue ?? ((n: number) => formatNumber(n, lng, decimals));

  const known = rows.filter((r): r is AimagMapValue & { value: number } => r.value !== null);
  const max = known.reduce<(typeof known)[number] | null>((a, r) => (a === null || r.value > a.value ? r : a), null);
  const min = known.reduce<(typeof known)[number] | null>((a, r) => (a === null || r.value < a.value ? r : a), null);
  const missing = rows.filter((r) => r.value === null);
  const desc = [
    max && min
      ? t("reportsMap.desc", { measure: measureLabel, maxName: max.name, maxDisplay: max.display, minName: min.name, minDisplay: min.display })
      : t("reportsMap.descNone", { measure: measureLabel }),
    max && missing.length ? t("reportsMap.descNoData", { names: missing.map((r) => r.name).join(", ") }) : "",
  ]
    .filter(Boolean)
    .join(" ");

  return (
    <figure className="card @container w-full max-w-[45rem]">
      <figcaption className="font-semibold">{title}</figcaption>
      {/* On a phone the map takes most of the card's padding: every pixel of tile counts there. */}
      <svg
        viewBox={AIMAG_MAP_VIEWBOX}
        className="mt-3 -mx-3 h-auto w-[calc(100%+1.5rem)] max-w-none sm:mx-0 sm:w-full"
        // Links inside an image would be hidden from screen readers: with links it is a group.
        role={rows.some((r) => r.href) ? "group" : "img"}
        aria-labelledby={ids.title}
        aria-describedby={ids.desc}
      >
        <title id={ids.title}>{title}</title>
        <desc id={ids.desc}>{desc}</desc>
        <defs>
          <pattern id={ids.hatch} width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="8" height="8" fill={NO_DATA_FILL} />
            <line x1="0" y1="0" x2="0" y2="8" stroke={NO_DATA_LINES} strokeWidth="2.5" />
          </pattern>
        </defs>
        {AIMAG_SHAPES.map((shape) => {
          const row = rowOf.get(shape.code) ?? { code: shape.code, name: shape.code, value: null, display: "—" };
          const tile = AIMAG_TILES[shape.code];
          const fill = row.value === null ? NO_DATA_FILL : scale.colours[scale.stepOf(row.value)];
          const ink = row.value === null ? DARK_TEXT : textColourOn(fill);
          const name = row.value === null ? t("reportsMap.tileNoData", { name: row.name }) : t("reportsMap.tile", { name: row.name, display: row.display });
          const [x, y] = shape.label;
          const value = row.value === null ? "—" : row.display;
          const short = tile ? tile[lng] : row.name;
          const body = (
            <>
              <path
                d={shape.d}
                fill={row.value === null ? `url(#${ids.hatch})` : fill}
                stroke={TILE_STROKE}
                strokeWidth="1.5"
                data-code={shape.code}
                data-step={row.value === null ? "none" : scale.stepOf(row.value)}
                className="group-hover:stroke-black group-hover:[stroke-width:3]"
              />
              {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: an SVG group of text is not focusable; the tile's title already says what its text says */}
              <g aria-hidden="true" fill={ink} textAnchor="middle" className="pointer-events-none">
                {/* On a narrow map the abbreviation, large; once there is room, the short name. */}
                <text x={x} y={y - 5} fontSize="25" className="@xl:hidden">
                  {tile ? (lng === "en" ? tile.abbrEn : tile.abbrMn) : shape.code}
                </text>
                <text x={x} y={y - 6} fontSize={fittedSize(short, 15)} className="hidden @xl:inline">
                  {short}
                </text>
                <text x={x} y={y + 21} fontSize="22" fontWeight="700" className="@xl:hidden">
                  {value}
                </text>
                <text x={x} y={y + 17} fontSize="18" fontWeight="700" className="hidden @xl:inline">
                  {value}
                </text>
              </g>
            </>
          );
          return row.href ? (
            // An outline would hide under the tiles drawn after this one: the focus ring is drawn on
            // the tile's edge, in the gap, orange around black so it shows on dark tiles and on light.
            <a key={shape.code} href={row.href} className="group no-underline focus-visible:outline-none">
              <title>{name}</title>
              {body}
              <path d={shape.d} fill="none" stroke="#000000" strokeWidth="9" className="hidden group-focus-visible:inline" />
              <path d={shape.d} fill="none" stroke="#f5a623" strokeWidth="5" className="hidden group-focus-visible:inline" />
            </a>
          ) : (
            <g key={shape.code}>
              <title>{name}</title>
              {body}
            </g>
          );
        })}
      </svg>
      <p className="mt-1 text-sm text-slate-600">{t("reportsMap.layout")}</p>

      <div className="mt-3 text-sm">
        <p className="font-semibold">
          {t("reportsMap.legend")}: {measureLabel}
        </p>
        <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
          {scale.colours.map((colour, i) => (
            <li key={colour} className="flex items-center gap-1.5" data-step={i}>
              <svg width="24" height="16" aria-hidden="true" className="shrink-0">
                <rect x="0.5" y="0.5" width="23" height="15" fill={colour} stroke="#94a3b8" />
              </svg>
              <span className="tabular-nums">{t("reportsMap.range", { from: format(scale.breaks[i]), to: format(scale.breaks[i + 1]) })}</span>
            </li>
          ))}
          <li className="flex items-center gap-1.5" data-step="none">
            <svg width="24" height="16" aria-hidden="true" className="shrink-0">
              <rect x="0.5" y="0.5" width="23" height="15" fill={`url(#${ids.hatch})`} stroke="#94a3b8" />
            </svg>
            {t("reportsMap.noData")}
          </li>
        </ul>
      </div>

      <details className="mt-3 text-sm print:hidden">
        <summary className="cursor-pointer font-semibold text-primary">{t("reportsMap.table")}</summary>
        <div className="mt-2 max-h-96 overflow-y-auto">
          <table className="w-full text-left">
            <thead>
              <tr>
                <th scope="col" className="px-2 py-1">
                  {t("reportsMap.place")}
                </th>
                <th scope="col" className="px-2 py-1 text-right">
                  {measureLabel}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.code} className="border-t border-slate-200">
                  <th scope="row" className="px-2 py-1 font-normal">
                    {r.href ? <a href={r.href}>{r.name}</a> : r.name}
                  </th>
                  <td className="px-2 py-1 text-right tabular-nums">{r.value === null ? t("reportsMap.noData") : r.display}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
