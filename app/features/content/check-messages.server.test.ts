// The content check as trainers read it: codes, both languages, "did you mean", HTML comments, the
// answer always at the same place, and the printed report. Courses are written to a temporary folder.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseYamlWith, type ContentProblem } from "./catalogue.server";
import { parseCheckArguments, problemLines, summaryLine } from "./check-report";
import { checkContent } from "./check.server";
import { problemText } from "./problems";
import { CourseSchema, QuizSchema } from "./schemas";

const dir = mkdtempSync(path.join(os.tmpdir(), "erdem-check-messages-"));
const courses = path.join(dir, "courses");

function write(file: string, text: string) {
  mkdirSync(path.dirname(path.join(courses, file)), { recursive: true });
  writeFileSync(path.join(courses, file), text);
}

const COURSE = (extra = "") => `title: { mn: "Сургалт", en: "Course" }
summary: { mn: "Тойм.", en: "Summary." }
audience: [civil_servant]
version: "1"
hours: 1
certificateValidityMonths: null
inPersonRequired: false
published: true
objectives: { mn: ["Нэг"], en: ["One"] }
${extra}modules:
  - slug: m1
    title: { mn: "Бүлэг", en: "Module" }
    quiz: checkup
    lessons: [intro, front, comment]
`;

const single = (id: string, correct: number, extra = "") => `      - id: ${id}
        type: single${extra}
        text: { mn: "Асуулт", en: "Question" }
        options:
${[0, 1, 2].map((i) => `          - { id: o${i}, text: { mn: "Хувилбар ${i}", en: "Option ${i}" }${i === correct ? ", correct: true" : ""} }`).join("\n")}
`;

const QUIZ = (shuffle: string, questions: string) => `title: { mn: "Сорил", en: "Quiz" }
kind: practice
passingScore: 50
attemptLimit: null
timeLimitMinutes: null
review: after_submit
${shuffle}pools:
  - id: p
    draw: 1
    questions:
${questions}`;

const lesson = (front: string, body: string) => `---\ntitle: "Хичээл"\n${front}---\n\n${body}`;

let problems: ContentProblem[] = [];
const at = (file: string, line: number) => problems.filter((p) => p.file.endsWith(file) && p.line === line);
const only = (file: string, line: number, code: string) => {
  const found = at(file, line).filter((p) => p.code === code);
  expect(
    found,
    JSON.stringify(
      problems.filter((p) => p.file.endsWith(file)),
      null,
      1,
    ),
  ).toHaveLength(1);
  return found[0];
};

beforeAll(async () => {
  // a course.yaml with a misspelt key (line 9)
  write("misspelt/course.yaml", COURSE('objectivs: { mn: ["Нэг"], en: ["One"] }\n').replace('objectives: { mn: ["Нэг"], en: ["One"] }\n', ""));
  write("lessons/course.yaml", COURSE());
  for (const lng of ["mn", "en"]) {
    write(
      `lessons/m1/intro.${lng}.mdx`,
      lesson(
        "minutes: 5\n",
        [
          '<Calout type="info">Текст</Calout>', // line 6
          "",
          '<Callout type="warnig">Текст</Callout>', // line 8
          "",
          '<Term name="a" nmae="b" />', // line 10
          "",
          "[Дараагийн](./fron)", // line 12
          "",
          '<video src="a.mp4" />', // line 14
          "",
        ].join("\n"),
      ),
    );
    write(`lessons/m1/front.${lng}.mdx`, lesson("minuts: 5\n", "Текст\n"));
    write(`lessons/m1/comment.${lng}.mdx`, lesson("minutes: 5\n", "Текст\n\nЭнд <!-- сургагчид зориулсан тэмдэглэл --> байна.\n"));
  }
  write("lessons/quizzes/checkup.yaml", QUIZ("shuffleOptions: false\n", single("a", 0) + single("b", 0) + single("c", 0)));
  // the answer moves: nothing to say
  write("lessons/quizzes/varied.yaml", QUIZ("shuffleOptions: false\n", single("a", 0) + single("b", 2) + single("c", 0)));
  // always first, but shuffled for every attempt: learners never see the place
  write("lessons/quizzes/shuffled.yaml", QUIZ("", single("a", 0) + single("b", 0) + single("c", 0)));
  // only two of the questions keep their order
  write(
    "lessons/quizzes/mostly-shuffled.yaml",
    QUIZ("", single("a", 1, "\n        shuffleOptions: false") + single("b", 1, "\n        shuffleOptions: false") + single("c", 1)),
  );
  // misspelt keys in a quiz and in a question
  write(
    "lessons/quizzes/keys.yaml",
    QUIZ("passingscore: 50\n", single("a", 0).replace("        options:", "        optoins:")).replace("passingScore: 50\n", ""),
  );
  ({ problems } = await checkContent(dir));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runCheck = (...args: string[]) => spawnSync("npx", ["tsx", "scripts/content-check.ts", ...args], { encoding: "utf8", timeout: 60_000 });

describe("did you mean", () => {
  it("a misspelt key of course.yaml, at the key", () => {
    const p = only("misspelt/course.yaml", 9, "unknown-key-suggest");
    expect(p.column).toBe(1);
    expect(p.message).toBe('Unrecognized key: "objectivs". Did you mean "objectives"?');
    expect(problemText(p, "mn")).toBe("«objectivs» гэсэн түлхүүр байхгүй. «objectives» гэж бичих гэсэн үү?");
  });

  it("a misspelt key of a lesson's frontmatter, and the key it then misses", () => {
    expect(only("m1/front.mn.mdx", 3, "unknown-key-suggest").message).toBe('Unrecognized key: "minuts". Did you mean "minutes"?');
    expect(problems.some((p) => p.file.endsWith("m1/front.mn.mdx") && p.code === "missing-key" && p.message.startsWith("minutes: missing"))).toBe(true);
  });

  it("misspelt keys of a quiz and of a question (the keys of its type)", () => {
    expect(only("quizzes/keys.yaml", 6, "unknown-key-suggest").params).toMatchObject({ key: "passingscore", suggestion: "passingScore" });
    const option = only("quizzes/keys.yaml", 14, "unknown-key-suggest");
    expect(option.message).toBe('pools.0.questions.0: Unrecognized key: "optoins". Did you mean "options"?');
    expect(option.column).toBe(9);
  });

  it("a misspelt component, attribute, attribute value and lesson link", () => {
    const component = only("m1/intro.mn.mdx", 6, "unknown-component-suggest");
    expect(component.message).toMatch(/^unknown component <Calout>\. Did you mean <Callout>\? The library has Callout, Steps/);
    expect(problemText(component, "mn")).toMatch(/^<Calout> гэсэн бүрэлдэхүүн хэсэг байхгүй\. <Callout> гэж бичих гэсэн үү\?/);
    expect(only("m1/intro.mn.mdx", 8, "attribute-not-one-of-suggest").params).toMatchObject({ value: "warnig", suggestion: "warning" });
    expect(only("m1/intro.mn.mdx", 10, "unknown-attribute-suggest").params).toMatchObject({ attribute: "nmae", suggestion: "name" });
    expect(only("m1/intro.mn.mdx", 12, "link-unknown-lesson-suggest").message).toBe('link to unknown lesson "fron". Did you mean "./front"?');
    expect(only("m1/intro.mn.mdx", 14, "tag-not-allowed-suggest").message).toBe("<video> is not allowed in a lesson. Did you mean <Video>?");
  });
});

describe("schema problems", () => {
  const parse = (schema: typeof QuizSchema | typeof CourseSchema, text: string) => {
    const found: ContentProblem[] = [];
    parseYamlWith(schema, text, "x.yaml", found);
    return found.map((p) => ({ at: `${p.line}:${p.column}`, code: p.code, en: p.message, mn: problemText(p, "mn") }));
  };

  it("a value that is not one of the allowed, with the closest, and a question of an unknown type", () => {
    const quiz = QUIZ("", single("a", 0)).replace("kind: practice", "kind: exm").replace("type: single", "type: singel");
    expect(parse(QuizSchema, quiz)).toEqual([
      {
        at: "2:7",
        code: "not-one-of-suggest",
        en: 'kind: Invalid option: expected one of exam, practice. Did you mean "exam"?',
        mn: "kind: утга нь exam, practice-ийн аль нэг байх ёстой. «exam» гэж бичих гэсэн үү?",
      },
      {
        at: "12:15",
        code: "not-one-of-suggest",
        en: 'pools.0.questions.0.type: Invalid option: expected one of single, multiple, true_false, short_text, numeric, ordering. Did you mean "single"?',
        mn: "pools.0.questions.0.type: утга нь single, multiple, true_false, short_text, numeric, ordering-ийн аль нэг байх ёстой. «single» гэж бичих гэсэн үү?",
      },
    ]);
  });

  it("numbers out of range, empty text, wrong kinds", () => {
    const course = COURSE()
      .replace("hours: 1", "hours: 0")
      .replace('title: { mn: "Сургалт", en: "Course" }', 'title: { mn: "", en: "Course" }')
      .replace('version: "1"', "version: [1]")
      .replace("published: true", 'published: "yes"');
    expect(parse(CourseSchema, course)).toEqual([
      { at: "1:14", code: "empty-text", en: "title.mn: must not be empty", mn: "title.mn: хоосон байж болохгүй" },
      { at: "4:10", code: "invalid-input", en: "version: Invalid input", mn: "version: утга буруу байна" },
      { at: "5:8", code: "too-small", en: "hours: Too small: expected >0", mn: "hours: хэт бага: >0 байх ёстой" },
      {
        at: "8:12",
        code: "wrong-type",
        en: "published: Invalid input: expected boolean, received string",
        mn: "published: true эсвэл false байх ёстой, харин текст бичигдсэн байна",
      },
    ]);
  });
});

describe("HTML comments", () => {
  it("are reported at the comment, with what to write instead", () => {
    const p = only("m1/comment.mn.mdx", 8, "html-comment");
    expect(p.column).toBe(5);
    expect(p.message).toBe("HTML comments (<!-- … -->) are not allowed in MDX: write {/* … */} instead");
    expect(problemText(p, "mn")).toBe("MDX-д HTML тайлбар (<!-- … -->) бичиж болохгүй: оронд нь {/* … */} гэж бичнэ");
  });
});

describe("the right answer always at the same place", () => {
  it("is a warning when learners see the options in the written order", () => {
    const p = only("quizzes/checkup.yaml", 12, "answer-always-same-place");
    expect(p.severity).toBe("warning");
    expect(p.message).toMatch(/^the right answer is option 1 in all 3 single-choice questions shown in the written order/);
    expect(problemText(p, "mn")).toMatch(/^Бичсэн дарааллаараа харагдах 3 нэг сонголттой асуулт бүгдэд зөв хариулт 1-р хувилбар байна/);
  });

  it("is not said when the answer moves, when options are shuffled, or for fewer than three questions", () => {
    for (const quiz of ["varied", "shuffled", "mostly-shuffled"])
      expect(
        problems.filter((p) => p.file.endsWith(`quizzes/${quiz}.yaml`)),
        quiz,
      ).toEqual([]);
  });
});

describe("every problem", () => {
  it("has a code and a message in both languages", () => {
    expect(problems.length).toBeGreaterThan(8);
    for (const p of problems) {
      expect(p.code, p.message).toBeDefined();
      expect(problemText(p, "en")).toBe(p.message);
      expect(problemText(p, "mn"), p.message).not.toBe(p.message);
    }
  });
});

describe("the report", () => {
  it("reads --lang, Mongolian by default", () => {
    expect(parseCheckArguments([])).toEqual({ lang: "mn" });
    expect(parseCheckArguments(["--lang", "en", "content"])).toEqual({ lang: "en", dir: "content" });
    expect(parseCheckArguments(["--lang=both"])).toEqual({ lang: "both" });
    expect(parseCheckArguments(["--lang", "fr"]).error).toMatch(/--lang mn\|en\|both/);
  });

  it("prints file:line:column, the level, the message and the code", () => {
    const p = only("m1/comment.mn.mdx", 8, "html-comment");
    const where = `${path.relative(process.cwd(), p.file)}:8:5`;
    expect(problemLines(p, "en")).toEqual([`${where} error: ${p.message} [html-comment]`]);
    expect(problemLines(p, "mn")).toEqual([`${where} алдаа: ${problemText(p, "mn")} [html-comment]`]);
    expect(problemLines(p, "both")).toEqual([`${where} алдаа: ${problemText(p, "mn")} [html-comment]`, `    en: ${p.message}`]);
    const warning = only("quizzes/checkup.yaml", 12, "answer-always-same-place");
    expect(problemLines(warning, "mn")[0]).toContain(":12:9 анхааруулга: ");
  });

  it("counts errors and warnings apart", () => {
    const warning = only("quizzes/checkup.yaml", 12, "answer-always-same-place");
    expect(summaryLine([warning], 1106, 3900, "mn")).toBe("1 106 хичээлийн файлыг 3.9 секундэд шалгалаа: 0 алдаа, 1 анхааруулга");
    expect(summaryLine([], 78, 3900, "en")).toBe("78 lesson files checked in 3.9 s: no problems");
  });
});

describe("npm run content:check", () => {
  it("fails on errors, prints in the language asked, and passes with warnings only", () => {
    const failing = runCheck("--lang", "en", dir);
    expect(failing.status, failing.stderr).toBe(1);
    expect(failing.stdout).toMatch(
      /courses\/lessons\/m1\/comment\.mn\.mdx:8:5 error: HTML comments \(<!-- … -->\) are not allowed in MDX: write \{\/\* … \*\/\} instead \[html-comment\]/,
    );
    expect(failing.stderr).toMatch(/lesson files checked in [\d.]+ s: \d+ error\(s\), 1 warning\(s\)/);

    // the same warning in a course with nothing wrong
    const clean = mkdtempSync(path.join(os.tmpdir(), "erdem-check-warning-"));
    try {
      const course = path.join(clean, "courses", "clean");
      mkdirSync(path.join(course, "m1"), { recursive: true });
      writeFileSync(path.join(course, "course.yaml"), COURSE().replace("    lessons: [intro, front, comment]", "    lessons: [only]"));
      for (const lng of ["mn", "en"]) writeFileSync(path.join(course, "m1", `only.${lng}.mdx`), lesson("minutes: 5\n", "Текст\n"));
      cpSync(path.join(courses, "lessons", "quizzes", "checkup.yaml"), path.join(course, "quizzes", "checkup.yaml"), { recursive: true });
      const passing = runCheck(clean);
      expect(passing.status, passing.stdout + passing.stderr).toBe(0);
      expect(passing.stdout).toMatch(/quizzes\/checkup\.yaml:12:9 анхааруулга: Бичсэн дарааллаараа харагдах 3 /);
      expect(passing.stderr).toMatch(/2 хичээлийн файлыг [\d.]+ секундэд шалгалаа: 0 алдаа, 1 анхааруулга/);
    } finally {
      rmSync(clean, { recursive: true, force: true });
    }
  }, 120_000);
});
