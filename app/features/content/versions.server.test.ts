// Publishing content without a restart (decision 038), against the real database: a broken change is
// refused and the live version keeps serving; two servers switch to the same version; a server that
// starts later never serves an older one; an attempt started on one version and submitted after the
// next is published is graded on the questions it drew.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createUser } from "../../../db/factories";
import { database, db } from "~/db.server";
import { findQuiz, questionsOfAttempt, startAttempt, submitAttempt } from "~/features/quiz/attempts.server";
import type { Response } from "~/features/quiz/grading";
import { LiveContent } from "./served.server";
import { contentId, fetchVersion, liveVersionId, publishContent, readContentFolder, switchTo, VERSIONS_KEPT } from "./versions.server";

const work = mkdtempSync(path.join(os.tmpdir(), "erdem-publish-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const lesson = (title: string, body: string) => `---\ntitle: "${title}"\nminutes: 5\n---\n\n# ${title}\n\n${body}\n`;

/** A small course: one lesson in both languages and an exam of one single-choice question. */
function writeCourse(dir: string, { version = "1", right = "a", question = "Аль нь зөв бэ?", lessonTitle = "Эхний хичээл" } = {}) {
  const course = path.join(dir, "courses", "pub");
  const write = (rel: string, text: string) => {
    const file = path.join(course, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  rmSync(dir, { recursive: true, force: true });
  write(
    "course.yaml",
    `title: { mn: "Нийтлэх", en: "Publishing" }
summary: { mn: "Туршилт.", en: "A test." }
audience: [civil_servant]
version: "${version}"
hours: 1
certificateValidityMonths: null
inPersonRequired: false
published: true
objectives: { mn: ["Нэг"], en: ["One"] }
exam: final
modules:
  - slug: m
    title: { mn: "Модуль", en: "Module" }
    lessons: [first]
`,
  );
  write("m/first.mn.mdx", lesson(lessonTitle, "Монгол бичвэр."));
  write("m/first.en.mdx", lesson("First lesson", "English text."));
  write(
    "quizzes/final.yaml",
    `title: { mn: "Шалгалт", en: "Exam" }
kind: exam
passingScore: 100
attemptLimit: null
timeLimitMinutes: null
review: after_submit
pools:
  - id: all
    draw: 1
    questions:
      - id: q1
        type: single
        text: { mn: "${question}", en: "Which is right?" }
        options:
          - { id: a, text: { mn: "А", en: "A" }${right === "a" ? ", correct: true" : ""} }
          - { id: b, text: { mn: "Б", en: "B" }${right === "b" ? ", correct: true" : ""} }
`,
  );
}

/** A server of its own: its own folder of versions (its own machine), the same database. */
const server = (contentDir: string, name: string) =>
  new LiveContent({ database, contentDir, versionsDir: path.join(work, `versions-${name}`), read: (f) => readFileSync(f, "utf8") });

const titleOf = (s: LiveContent) => s.current().catalogue.courses[0].lessons[0].front.mn?.title;

describe("publishing content", () => {
  const folder = path.join(work, "content");
  const root = path.join(work, "published");

  it("names a version by its files: the same files, the same id; a changed byte, another", () => {
    writeCourse(folder);
    const a = readContentFolder(folder);
    expect(readContentFolder(folder).id).toBe(a.id);
    expect(a.files.map((f) => f.path)).toContain("courses/pub/course.yaml");
    writeCourse(folder, { lessonTitle: "Эхний хичээл!" });
    expect(readContentFolder(folder).id).not.toBe(a.id);
    expect(contentId([...a.files].reverse())).toBe(a.id);
  });

  it("publishes a folder that passes the check, once; the files read back from the database", async () => {
    writeCourse(folder);
    const first = await publishContent(database, folder, { root, by: "test" });
    expect(first.status).toBe("published");
    expect(await liveVersionId(db)).toBe(first.version);
    expect((await fetchVersion(db, first.version)).files.map((f) => f.path)).toEqual(readContentFolder(folder).files.map((f) => f.path));
    const again = await publishContent(database, folder, { root, by: "test" });
    expect(again).toMatchObject({ status: "unchanged", version: first.version });
  });

  it("refuses a broken change and keeps the live version serving", async () => {
    writeCourse(folder);
    const good = await publishContent(database, folder, { root });
    const s = server(folder, "refuse");
    await s.start();
    expect(s.current().version).toBe(good.version);

    // an HTML comment is an MDX syntax error
    writeFileSync(path.join(folder, "courses/pub/m/first.mn.mdx"), `${lesson("Эвдэрсэн", "Бичвэр.")}\n<!-- тайлбар -->\n`);
    const broken = await publishContent(database, folder, { root });
    expect(broken.status).toBe("refused");
    expect(broken.problems.find((p) => p.code === "html-comment")?.file).toBe(path.join(folder, "courses/pub/m/first.mn.mdx"));
    expect(await liveVersionId(db)).toBe(good.version);
    expect(await db.selectFrom("content_version").select("id").where("id", "=", broken.version).executeTakeFirst()).toBeUndefined();
    expect(existsSync(path.join(root, broken.version))).toBe(false);
    expect(await s.refresh()).toBe(false);
    expect(s.current().version).toBe(good.version);
    expect(titleOf(s)).toBe("Эхний хичээл");
  });

  it("switches two servers to the same version, and a server started later never serves an older one", async () => {
    writeCourse(folder, { lessonTitle: "Нэгдүгээр хувилбар" });
    const oldFolder = path.join(work, "old-deploy");
    cpSync(folder, oldFolder, { recursive: true });
    const v1 = await publishContent(database, folder, { root });
    const a = server(folder, "a");
    const b = server(folder, "b");
    await Promise.all([a.start(), b.start()]);
    expect([a.current().version, b.current().version]).toEqual([v1.version, v1.version]);

    writeCourse(folder, { lessonTitle: "Хоёрдугаар хувилбар" });
    const v2 = await publishContent(database, folder, { root });
    expect(v2.status).toBe("published");
    // each looks at the live row on its own clock; both end on the same version
    const [swappedA, swappedB] = await Promise.all([a.refresh(), b.refresh()]);
    expect([swappedA, swappedB]).toEqual([true, true]);
    expect([a.current().version, b.current().version]).toEqual([v2.version, v2.version]);
    expect([titleOf(a), titleOf(b)]).toEqual(["Хоёрдугаар хувилбар", "Хоёрдугаар хувилбар"]);
    // the lesson compiled for the new version, served from that version's folder
    expect(a.current().dir).toBe(path.join(work, "versions-a", v2.version));
    expect([...a.current().compiled.values()].some((c) => c.html.includes("Хоёрдугаар хувилбар"))).toBe(true);

    // deployed with the old folder, started after v2: serves v2, written from the database
    const late = server(oldFolder, "late");
    const started = await late.start();
    expect(started).toMatchObject({ version: v2.version, published: false });
    expect(titleOf(late)).toBe("Хоёрдугаар хувилбар");

    // an earlier version made live again is followed too
    expect(await switchTo(database, v1.version)).toBe(true);
    await Promise.all([a.refresh(), b.refresh(), late.refresh()]);
    expect([titleOf(a), titleOf(b), titleOf(late)]).toEqual(["Нэгдүгээр хувилбар", "Нэгдүгээр хувилбар", "Нэгдүгээр хувилбар"]);
    expect(await switchTo(database, "0000000000000000")).toBe(false);
  });

  it("keeps the newest versions to switch back to, and the live one", async () => {
    const ids: string[] = [];
    for (let i = 0; i < VERSIONS_KEPT + 2; i++) {
      writeCourse(folder, { lessonTitle: `Хувилбар ${i}` });
      const v = await publishContent(database, folder, { root, now: new Date(Date.UTC(2031, 0, 1, 0, i)) });
      ids.push(v.version);
    }
    const kept = (await db.selectFrom("content_version").select("id").execute()).map((v) => v.id);
    expect(kept).toHaveLength(VERSIONS_KEPT);
    expect(kept).toEqual(expect.arrayContaining(ids.slice(-VERSIONS_KEPT)));
    expect(kept).not.toContain(ids[0]);
    const orphans = await db.selectFrom("content_file").select("version_id").where("version_id", "not in", kept).execute();
    expect(orphans).toEqual([]);
    expect(await liveVersionId(db)).toBe(ids.at(-1));
  });

  it("grades an attempt on the questions it drew, after the next version is published", async () => {
    writeCourse(folder, { version: "1", right: "a", question: "Эхний асуулт" });
    await publishContent(database, folder, { root });
    const s = server(folder, "grading");
    await s.start();
    const ref1 = findQuiz(s.current().catalogue.courses[0], "final")!;
    const learner = await createUser(db);
    const { attempt } = await startAttempt(learner.id, ref1, "mn");
    expect(attempt.course_version).toBe("1");

    // version 2 makes "b" the right answer and rewords the question
    writeCourse(folder, { version: "2", right: "b", question: "Шинэ асуулт" });
    expect((await publishContent(database, folder, { root })).status).toBe("published");
    expect(await s.refresh()).toBe(true);
    const ref2 = findQuiz(s.current().catalogue.courses[0], "final")!;
    expect(s.current().catalogue.courses[0].meta.version).toBe("2");

    // still shown as drawn
    const shown = await questionsOfAttempt(attempt, ref2);
    expect(shown[0].question.text.mn).toBe("Эхний асуулт");
    const answer = new Map<string, Response>([["q1", { type: "single", optionId: "a" }]]);
    const result = await submitAttempt(learner.id, attempt.id, ref2, answer);
    expect(result.grade).toMatchObject({ percent: 100, passed: true });

    // a new attempt is drawn from version 2: the same answer is now wrong
    const other = await createUser(db);
    const second = await startAttempt(other.id, ref2, "mn");
    expect(second.attempt.course_version).toBe("2");
    expect((await questionsOfAttempt(second.attempt, ref2))[0].question.text.mn).toBe("Шинэ асуулт");
    const wrong = await submitAttempt(other.id, second.attempt.id, ref2, answer);
    expect(wrong.grade).toMatchObject({ percent: 0, passed: false });

    // each version of a question is kept once, whatever the number of attempts
    const kept = await db.selectFrom("quiz_question_version").select("hash").execute();
    const third = await startAttempt((await createUser(db)).id, ref2, "mn");
    expect(third.attempt.id).toBeTruthy();
    expect(await db.selectFrom("quiz_question_version").select("hash").execute()).toHaveLength(kept.length);
  });
});
