// What the compiler adds to a lesson's HTML: boxes introduced by a heading do not repeat it, web
// addresses are kept whole, tabs start closed and figures open full size.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileLesson, compileLessonCached } from "./compile.server";

const root = mkdtempSync(path.join(os.tmpdir(), "erdem-compile-"));
const courseDir = path.join(root, "courses", "c");
mkdirSync(path.join(courseDir, "m"), { recursive: true });
writeFileSync(path.join(courseDir, "diagram.svg"), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 900 520"></svg>');
const file = path.join(courseDir, "m", "l.mn.mdx");
const compile = async (body: string) =>
  (await compileLesson({ file, source: `---\ntitle: T\nminutes: 1\n---\n\n${body}\n`, courseSlug: "c", courseDir, lng: "mn" })).html;

describe("lesson HTML", () => {
  it("a checklist under its own heading does not print the generic label; one without a heading does", async () => {
    const titled = await compile("## Өдөр бүрийн шалгалт\n\n<Checklist>\n- Нэг\n</Checklist>");
    expect(titled).not.toContain("checklist-title");
    expect(titled).toContain('aria-label="Хяналтын жагсаалт"');
    const bare = await compile("Текст.\n\n<Checklist>\n- Нэг\n</Checklist>");
    expect(bare).toContain("checklist-title");
  });

  it("keeps web addresses whole instead of breaking them at their hyphens", async () => {
    const html = await compile("Хуурамч хаяг: https://e-mongolia.mn.account-check.top/login болон e-mongolia.mn гэж бичнэ.");
    expect(html).toMatch(/<span class="url url-long">https:\/\/e-mongolia\.mn\.account-check\.top\/login<\/span>/);
    expect(html).toMatch(/<span class="url">e-mongolia\.mn<\/span>/);
    // ordinary words and a sentence's full stop are left alone
    expect(html).toContain("гэж бичнэ.");
  });

  it("starts tabs closed and exclusive, and links a figure to its full-size file", async () => {
    const html = await compile(
      '<Tabs>\n<Tab label="Компьютер">\nА\n</Tab>\n<Tab label="Утас">\nБ\n</Tab>\n</Tabs>\n\n<Figure src="./diagram.svg" alt="Схем" />',
    );
    expect(html).not.toMatch(/<details class="tab"[^>]* open/);
    expect(html.match(/<details class="tab" name="tabs-1"/g)).toHaveLength(2);
    expect(html).toMatch(/<a class="figure-link" href="[^"]*diagram[^"]*\.svg"><img[^>]*alt="Схем"/);
  });

  it("compiles a lesson again when an .mdx part it imports changes, though the lesson did not", async () => {
    const part = path.join(courseDir, "m", `part-${Date.now()}.mdx`);
    writeFileSync(part, "Нэгдүгээр хувилбар.\n");
    const input = {
      file,
      source: `---\ntitle: T\nminutes: 1\n---\n\nimport Part from "./${path.basename(part)}"\n\n<Part />\n`,
      courseSlug: "c",
      courseDir,
      lng: "mn" as const,
    };
    expect((await compileLessonCached(input)).html).toContain("Нэгдүгээр хувилбар.");
    writeFileSync(part, "Хоёрдугаар хувилбар.\n");
    expect((await compileLessonCached(input)).html).toContain("Хоёрдугаар хувилбар.");
  });
});
