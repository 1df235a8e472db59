// The shared inputs say nothing in the browser's own language: no native date picker or
// "Choose file / No file chosen" in a Mongolian page.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { i18nInstance } from "~/i18n/i18next.server";
import { FileInput, TypedDateInput } from "./form";

const render = (el: ReturnType<typeof createElement>) => renderToStaticMarkup(createElement(I18nextProvider, { i18n: i18nInstance("mn") }, el));

describe("typed dates and times", () => {
  it("are text fields with a numeric keypad and a Mongolian format hint the field is described by", () => {
    const html = render(createElement(TypedDateInput, { id: "due", name: "due", describedBy: "due-help", defaultValue: "2026-12-31" }));
    expect(html).not.toContain('type="date"');
    expect(html).toMatch(/<input id="due" name="due" type="text" inputMode="numeric" maxLength="10" placeholder="2026-12-31"/);
    expect(html).toContain('aria-describedby="due-help due-format"');
    expect(html).toContain('<span id="due-format" class="field-help">он-сар-өдөр</span>');
    const time = render(createElement(TypedDateInput, { id: "start", name: "start", kind: "time" }));
    expect(time).not.toContain('type="time"');
    expect(time).toContain("цаг:минут");
  });
});

describe("a file field", () => {
  it("keeps the native input (visually hidden, focusable) and labels it with a button in the page's language", () => {
    const html = render(createElement(FileInput, { id: "credential", name: "credential", accept: ".jwt", required: true }));
    expect(html).toMatch(/<input id="credential" name="credential" type="file" accept=".jwt" required="" class="peer sr-only"/);
    expect(html).not.toMatch(/tabindex="-1"|aria-hidden/);
    expect(html).toMatch(/<label for="credential" class="btn-secondary[^"]*">Файл сонгох<\/label>/);
    // without JavaScript a required field still says whether a file is chosen
    expect(html).toContain("Файл сонгоогүй байна");
    expect(html).toContain("Файл сонгосон");
  });
});
