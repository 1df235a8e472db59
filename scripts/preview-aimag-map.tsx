// npx tsx scripts/preview-aimag-map.tsx [out-dir] — draws the aimag map with made-up values (two
// aimags without data) on its own and in the dashboard's two columns, and photographs it with
// Chromium at 360 and 1280 px, to look at after a change to the map (map-360.png, map-1280.png, and
// the same in English). Needs Debian's chromium.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import tailwind from "@tailwindcss/postcss";
import { chromium } from "@playwright/test";
import postcss from "postcss";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { AimagMap, type AimagMapValue } from "~/features/reports/aimag-map";
import { formatPercent } from "~/i18n/format";
import { i18nInstance } from "~/i18n/i18next.server";
import type { Language } from "~/i18n/config";

const out = process.argv[2] ?? "/tmp";
const units = readFileSync("db/data/mn-admin-units.csv", "utf8")
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((l) => l.split(","))
  .filter((c) => c[1] === "aimag");

// The same made-up values every run: a small linear congruential sequence.
let seed = 7;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const shares = units.map(() => random());
const noData = new Set(["MN-064", "MN-046"]);

function page(lng: Language): string {
  const values: AimagMapValue[] = units.map(([code, , mn, en], i) => {
    const value = noData.has(code) ? null : shares[i];
    return {
      code,
      name: lng === "en" ? en : mn,
      value,
      display: value === null ? "—" : formatPercent(value, lng),
      href: `/admin/reports?aimag=${code}&by=sum`,
    };
  });
  const map = (
    <AimagMap
      values={values}
      title={lng === "en" ? "By aimag: completion rate" : "Аймгаар: Дуусгалтын хувь"}
      measureLabel={lng === "en" ? "Completion rate" : "Дуусгалтын хувь"}
      domain={[0, 1]}
      formatValue={(v) => formatPercent(v, lng)}
    />
  );
  return renderToStaticMarkup(
    <I18nextProvider i18n={i18nInstance(lng)}>
      <main className="mx-auto w-full max-w-7xl px-4 py-6">
        {map}
        <div className="mt-4 grid gap-4 lg:grid-cols-2">
          {map}
          <div className="card">…</div>
        </div>
      </main>
    </I18nextProvider>,
  );
}

const css = await postcss([tailwind()]).process(readFileSync("app/tailwind.css", "utf8"), { from: path.resolve("app/tailwind.css") });
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
for (const lng of ["mn", "en"] as const) {
  const html = `<!doctype html><html lang="${lng}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><style>${css.css}</style></head><body>${page(lng)}</body></html>`;
  writeFileSync(path.join(out, `map-${lng}.html`), html);
  for (const width of [360, 1280]) {
    // Phones draw two device pixels to a CSS pixel (or more): look at it as sharp as they show it.
    const p = await browser.newPage({ viewport: { width, height: 800 }, deviceScaleFactor: width < 600 ? 2 : 1 });
    await p.setContent(html);
    const file = path.join(out, lng === "mn" ? `map-${width}.png` : `map-${width}-en.png`);
    await p.screenshot({ path: file, fullPage: true });
    console.log(file);
    await p.close();
  }
}
await browser.close();
