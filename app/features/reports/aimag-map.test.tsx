// The aimag map as the server sends it: named for screen readers, a link on every tile when the
// page gives one, aimags without data hatched, and every value in the table too.
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { AIMAG_MAP_VIEWBOX, AIMAG_SHAPES } from "~/features/geo/aimag-shapes";
import type { Language } from "~/i18n/config";
import { i18nInstance } from "~/i18n/i18next.server";
import { AimagMap, type AimagMapProps, type AimagMapValue } from "./aimag-map";
import { choroplethScale } from "./choropleth";

const NO_DATA = new Set(["MN-064", "MN-046"]);
const values = (withLinks: boolean): AimagMapValue[] =>
  AIMAG_SHAPES.map(({ code }, i) => ({
    code,
    name: `Аймаг ${code}`,
    value: NO_DATA.has(code) ? null : i / 21,
    display: NO_DATA.has(code) ? "—" : `${Math.round((i / 21) * 100)}%`,
    ...(withLinks ? { href: `/admin/reports?aimag=${code}&by=sum` } : {}),
  }));

function render(props: Partial<AimagMapProps> = {}, lng: Language = "mn") {
  const html = renderToStaticMarkup(
    <I18nextProvider i18n={i18nInstance(lng)}>
      <AimagMap values={values(true)} title="Аймгаар: Дуусгалтын хувь" measureLabel="Дуусгалтын хувь" domain={[0, 1]} {...props} />
    </I18nextProvider>,
  );
  const svg = html.match(new RegExp(`<svg viewBox="${AIMAG_MAP_VIEWBOX}"[\\s\\S]*?</svg>`))?.[0] ?? "";
  const table = html.match(/<table[\s\S]*?<\/table>/)?.[0] ?? "";
  const tile = (code: string) => svg.match(new RegExp(`<path [^>]*data-code="${code}"[^>]*>`))?.[0] ?? "";
  return { html, svg, table, tile };
}

describe("the aimag map", () => {
  it("is named by a title and described by a summary that names the highest, the lowest and the missing", () => {
    const { svg } = render();
    const title = svg.match(/<title id="([^"]+)">Аймгаар: Дуусгалтын хувь<\/title>/);
    const desc = svg.match(/<desc id="([^"]+)">([^<]+)<\/desc>/);
    expect(title).not.toBeNull();
    expect(desc).not.toBeNull();
    expect(svg).toContain(`aria-labelledby="${title![1]}"`);
    expect(svg).toContain(`aria-describedby="${desc![1]}"`);
    expect(desc![2]).toContain("Аймаг MN-063 (100%)"); // the last tile has the largest value
    expect(desc![2]).toContain("Аймаг MN-071 (0%)");
    expect(desc![2]).toContain("Аймаг MN-046, Аймаг MN-064");
  });

  it("links every tile, named by aimag and value, and is a group then, so the links stay reachable", () => {
    const { svg } = render();
    expect(svg).toMatch(/^<svg[^>]*role="group"/);
    const links = [...svg.matchAll(/<a href="([^"]+)"[^>]*><title>([^<]+)<\/title>/g)];
    expect(links).toHaveLength(AIMAG_SHAPES.length);
    expect(links.map((l) => l[1].replace(/&amp;/g, "&")).sort()).toEqual(AIMAG_SHAPES.map((s) => `/admin/reports?aimag=${s.code}&by=sum`).sort());
    expect(links.map((l) => l[2])).toContain("Аймаг MN-1: 48%");
    expect(links.map((l) => l[2])).toContain("Аймаг MN-064: мэдээлэл алга");
  });

  it("is an image without links when no tile has one", () => {
    const { svg } = render({ values: values(false) });
    expect(svg).toMatch(/^<svg[^>]*role="img"/);
    expect(svg).not.toContain("<a ");
    expect((svg.match(/<title>/g) ?? []).length).toBe(AIMAG_SHAPES.length);
  });

  it("hatches aimags without data, and fills the rest with the colour of their step", () => {
    const { svg, tile } = render();
    const hatch = svg.match(/<pattern id="([^"]+)"/)?.[1];
    expect(hatch).toBeTruthy();
    const scale = choroplethScale([], [0, 1]);
    for (const [i, { code }] of AIMAG_SHAPES.entries()) {
      if (NO_DATA.has(code)) {
        expect(tile(code)).toContain(`fill="url(#${hatch})"`);
        expect(tile(code)).toContain('data-step="none"');
      } else {
        const step = scale.stepOf(i / 21);
        expect(tile(code)).toContain(`fill="${scale.colours[step]}"`);
        expect(tile(code)).toContain(`data-step="${step}"`);
      }
    }
  });

  it("shows an aimag the page left out as having no data, and ignores codes that are not aimags", () => {
    const some = values(false).filter((v) => v.code !== "MN-1");
    const { tile, table } = render({ values: [...some, { code: "MN-999", name: "Хаана ч биш", value: 0.5, display: "50%" }] });
    expect(tile("MN-1")).toContain('data-step="none"');
    expect(table).toContain("Улаанбаатар");
    expect(table).not.toContain("Хаана ч биш");
  });

  it("has a key with every step's range and a no-data swatch", () => {
    const { html } = render({ formatValue: (v) => `${Math.round(v * 100)}%` });
    const key = html.match(/<ul[\s\S]*?<\/ul>/)?.[0] ?? "";
    expect([...key.matchAll(/data-step="(\d)"/g)].map((m) => m[1])).toEqual(["0", "1", "2", "3", "4"]);
    for (const range of ["0%–20%", "20%–40%", "40%–60%", "60%–80%", "80%–100%"]) expect(key).toContain(range);
    expect(key).toContain("Мэдээлэл алга");
  });

  it("lists every aimag and its value in the table, in the page's order", () => {
    const { table } = render();
    const rows = [...table.matchAll(/<tr class="border-t[^>]*><th scope="row"[^>]*>(?:<a [^>]*>)?([^<]+)(?:<\/a>)?<\/th><td[^>]*>([^<]+)<\/td>/g)];
    expect(rows.map((r) => r[1])).toEqual(values(true).map((v) => v.name));
    expect(rows.find((r) => r[1] === "Аймаг MN-064")?.[2]).toBe("Мэдээлэл алга");
    expect(rows.find((r) => r[1] === "Аймаг MN-1")?.[2]).toBe("48%");
  });

  it("speaks English on an English page", () => {
    const { html } = render({}, "en");
    expect(html).toContain("No data");
    expect(html).toContain("Show as a table");
    expect(html).toContain(">UB<");
    expect(html).not.toContain("Мэдээлэл алга");
  });
});
