// A broken lesson on a development server: the lesson page is a 500 whose data is the error panel —
// the file, line and column, the content check's message in the reader's language, and the lines
// around the place — for a lesson that does not compile, invalid frontmatter and an invalid
// course.yaml. The course is written to a temporary content folder.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const dir = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? "/tmp"}/erdem-lesson-error-${process.pid}-${Date.now()}`;
  process.env.CONTENT_DIR = dir;
  process.env.NODE_ENV = "development";
  return dir;
});

import * as lessonRoute from "~/routes/courses.$course.$lesson";
import { args, get, settle } from "../../../tests/helpers";
import type { ContentErrorView } from "./error-panel";

const course = path.join(dir, "courses", "demo");
const front = (title: string, extra = "") => `---\ntitle: "${title}"\nminutes: 5\n${extra}---\n`;
const courseYaml = (lessons: string) => `title: { mn: "Жишээ", en: "Demo" }
summary: { mn: "Жишээ.", en: "Demo." }
audience: [civil_servant]
version: "1"
hours: 1
certificateValidityMonths: null
inPersonRequired: false
published: true
objectives: { mn: ["Нэг"], en: ["One"] }
modules:
  - slug: m1
    title: { mn: "Бүлэг", en: "Module" }
    lessons: [${lessons}]
`;

beforeAll(() => {
  mkdirSync(path.join(course, "m1"), { recursive: true });
  writeFileSync(path.join(course, "course.yaml"), courseYaml("fine, broken, bad-front"));
  for (const lng of ["mn", "en"]) {
    writeFileSync(path.join(course, "m1", `fine.${lng}.mdx`), `${front("Зөв")}\nТекст\n`);
    // line 9 opens a <Callout> that is never closed
    writeFileSync(path.join(course, "m1", `broken.${lng}.mdx`), `${front("Эвдэрсэн")}\nТекст\n\nӨмнөх мөр\n<Callout type="info">\nХаагдаагүй таг\n`);
    writeFileSync(path.join(course, "m1", `bad-front.${lng}.mdx`), `${front("Буруу толгой", "colour: red\n")}\nТекст\n`);
  }
  mkdirSync(path.join(dir, "courses", "bad-meta", "m1"), { recursive: true });
  writeFileSync(path.join(dir, "courses", "bad-meta", "course.yaml"), courseYaml("only").replace("hours: 1", 'hours: "one"'));
  writeFileSync(path.join(dir, "courses", "bad-meta", "m1", "only.mn.mdx"), `${front("Ганц")}\nТекст\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function page(url: string, params: Record<string, string>) {
  const res = await settle(() => lessonRoute.loader(args(get(url), params)));
  return { status: res.status, view: (await res.json().catch(() => null)) as ContentErrorView | null, res };
}

describe("a broken lesson on a development server", () => {
  it("serves a lesson that compiles as before", async () => {
    const { status } = await page("/courses/demo/fine", { course: "demo", lesson: "fine" });
    expect(status).toBe(200);
  });

  it("shows where a lesson does not compile, with the lines around it, in the reader's language", async () => {
    const { status, view, res } = await page("/courses/demo/broken", { course: "demo", lesson: "broken" });
    expect(status).toBe(500);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(view?.kind).toBe("content-problems");
    expect(view?.audience).toBe("development");
    const [p] = view!.problems;
    expect(p.where).toBe(`${path.relative(process.cwd(), path.join(course, "m1", "broken.mn.mdx"))}:9:1`);
    expect(p.code).toBe("mdx-syntax");
    expect(p.level).toBe("алдаа");
    expect(p.message).toMatch(/^MDX-ийн .*Expected a closing tag for `<Callout>`/);
    expect(p.frame).toEqual([
      { text: "   7 |", kind: "line" },
      { text: "   8 | Өмнөх мөр", kind: "line" },
      { text: '>  9 | <Callout type="info">', kind: "problem" },
      { text: "     | ^", kind: "marker" },
      { text: "  10 | Хаагдаагүй таг", kind: "line" },
      { text: "  11 |", kind: "line" },
    ]);

    const english = await page("/courses/demo/broken?lng=en", { course: "demo", lesson: "broken" });
    expect(english.view!.problems[0]).toMatchObject({ where: expect.stringMatching(/broken\.en\.mdx:9:1$/), level: "error" });
    expect(english.view!.problems[0].message).toMatch(/^Expected a closing tag for `<Callout>`/);
  });

  it("shows invalid frontmatter at its line instead of the lesson", async () => {
    const { status, view } = await page("/courses/demo/bad-front", { course: "demo", lesson: "bad-front" });
    expect(status).toBe(500);
    expect(view!.problems).toHaveLength(1);
    expect(view!.problems[0]).toMatchObject({ where: expect.stringMatching(/bad-front\.mn\.mdx:4:1$/), code: "unknown-key" });
    expect(view!.problems[0].frame.find((l) => l.kind === "problem")?.text).toBe("> 4 | colour: red");
  });

  it("tells why a course with an invalid course.yaml has no lessons, instead of 'not found'", async () => {
    const { status, view } = await page("/courses/bad-meta/only", { course: "bad-meta", lesson: "only" });
    expect(status).toBe(500);
    expect(view!.problems[0]).toMatchObject({ where: expect.stringMatching(/bad-meta\/course\.yaml:5:8$/), code: "wrong-type" });
    expect(view!.problems[0].frame.find((l) => l.kind === "problem")?.text).toBe('> 5 | hours: "one"');
    // a course that does not exist at all is still not found
    expect((await page("/courses/nothing/only", { course: "nothing", lesson: "only" })).status).toBe(404);
  });
});
