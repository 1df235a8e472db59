// Catalogue, course and lesson pages over the fixture courses in tests/fixtures/content.
import path from "node:path";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { db } from "~/db.server";
import { createUser } from "../../db/factories";
import { getCatalogue } from "~/features/content/content.server";
import { enrol, markLessonDone } from "~/features/enrolment/repository.server";
import { findQuiz, startAttempt, submitAttempt } from "~/features/quiz/attempts.server";
import type { Response as QuizResponse } from "~/features/quiz/grading";
import { createEvent, register } from "~/features/events/events.server";
import { args, get, post, sessionCookieFor, settle } from "../../tests/helpers";
import * as asset from "./content.$course.$";
import * as catalogue from "./courses._index";
import * as courseRoute from "./courses.$course._index";
import * as lessonRoute from "./courses.$course.$lesson";

/** Makes the user a trainer of the course, as an administrator's assignment does (decision 036). */
const assignTrainer = (userId: string, course: string) =>
  db.insertInto("course_trainer").values({ course_slug: course, user_id: userId, assigned_by: null, assigned_at: new Date().toISOString() }).execute();

const load = async (fn: () => Promise<unknown>) => {
  const res = await settle(fn);
  return { status: res.status, body: res.status === 200 && res.headers.get("Content-Type")?.includes("json") ? await res.json() : null, res };
};

describe("catalogue", () => {
  it("lists published courses only, to anonymous visitors and learners", async () => {
    const { body } = await load(() => catalogue.loader(args(get("/courses"))));
    expect(body.courses.map((c: any) => c.slug).sort()).toEqual(["blended", "broken", "sample"]);
  });

  it("shows unpublished courses to trainers, marked as drafts", async () => {
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const cookie = await sessionCookieFor(trainer.id);
    const { body } = await load(() => catalogue.loader(args(get("/courses", { cookie }))));
    const draft = body.courses.find((c: any) => c.slug === "draft-course");
    expect(draft).toMatchObject({ draft: true, title: "Нийтлэгдээгүй сургалт" });
  });

  it("filters by audience and language and searches titles in both languages", async () => {
    const byAudience = await load(() => catalogue.loader(args(get("/courses?audience=sum_operator"))));
    expect(byAudience.body.courses.map((c: any) => c.slug)).toEqual(["sample"]);
    // the sample course lacks one English lesson, so it is not offered as an English course
    const english = await load(() => catalogue.loader(args(get("/courses?lang=en"))));
    expect(english.body.courses.map((c: any) => c.slug)).not.toContain("sample");
    const search = await load(() => catalogue.loader(args(get("/courses?q=SAMPLE"))));
    expect(search.body.courses.map((c: any) => c.slug)).toEqual(["sample"]);
    const mnSearch = await load(() => catalogue.loader(args(get("/courses?q=жишээ"))));
    expect(mnSearch.body.courses.map((c: any) => c.slug)).toEqual(["sample"]);
    const bogus = await load(() => catalogue.loader(args(get("/courses?audience=<script>&lang=xx"))));
    expect(bogus.status).toBe(200);
    expect(bogus.body.filter).toEqual({ audience: "", lang: "", q: "" });
  });
});

describe("catalogue search", () => {
  const search = async (q: string, init: { cookie?: string } = {}, lng = "mn") =>
    (await load(() => catalogue.loader(args(get(`/courses?q=${encodeURIComponent(q)}&lng=${lng}`, init))))).body;

  it("finds a course by a word only in one of its lessons' text, and says which lesson", async () => {
    const body = await search("Үсэгтэй");
    expect(body.courses.map((c: any) => c.slug)).toEqual(["sample"]);
    expect(body.courses[0].matchedLesson).toMatchObject({ slug: "first", title: "Эхний хичээл" });
    expect(body.courses[0].matchedLesson.snippet).toEqual({
      before: "Танилцуулга Өө, Үү ",
      match: "үсэгтэй",
      after: " текст. Дараагийн хичээл. Цэнхэр цэг Жишээ зураг 2 + 2 = ? 3 4 Зөв.",
    });
  });

  it("is case-blind in Cyrillic, Ө and Ү too, and needs every word", async () => {
    for (const q of ["ӨӨ, ҮҮ ҮСЭГТЭЙ", "өө үү", "ТЕКСТ үсэгтэй"])
      expect(
        (await search(q)).courses.map((c: any) => c.slug),
        q,
      ).toEqual(["sample"]);
    expect((await search("үсэгтэй олдохгүйүг")).courses).toEqual([]);
  });

  it("finds lesson titles and text in the reader's language, and names a lesson by its title", async () => {
    const byTitle = await search("хоёр дахь");
    expect(byTitle.courses[0].matchedLesson).toEqual({ slug: "second", title: "Хоёр дахь хичээл", snippet: null });
    const english = await search("introduction", {}, "en");
    expect(english.courses[0]).toMatchObject({ slug: "sample", matchedLesson: { slug: "first", title: "First lesson" } });
    // an English word of the English lesson is not looked for in the Mongolian one
    expect((await search("introduction")).courses).toEqual([]);
  });

  it("puts courses named by the words before courses whose lessons hold them, and names no lesson then", async () => {
    const body = await search("сургалт");
    expect(body.courses[0].matchedLesson).toBeNull();
  });

  it("does not look into draft lessons for learners; trainers, who may read them, find them", async () => {
    expect((await search("ноорог")).courses).toEqual([]);
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const found = await search("ноорог", { cookie: await sessionCookieFor(trainer.id) });
    expect(found.courses.find((c: any) => c.slug === "sample")?.matchedLesson).toMatchObject({ slug: "hidden-draft" });
  });
});

describe("catalogue cards for a signed-in learner", () => {
  it("say enrolled, overdue or completed, and nothing for a course left or never joined", async () => {
    const learner = await createUser(db);
    await enrol(learner.id, "sample");
    await enrol(learner.id, "blended");
    await enrol(learner.id, "broken");
    const mine = (slug: string) => db.updateTable("enrolment").where("user_id", "=", learner.id).where("course_slug", "=", slug);
    await mine("blended").set({ completed_at: new Date().toISOString() }).execute();
    await mine("broken").set({ due_at: "2020-01-01T00:00:00.000Z" }).execute();
    const cookie = await sessionCookieFor(learner.id);
    const states = async () =>
      Object.fromEntries((await load(() => catalogue.loader(args(get("/courses", { cookie }))))).body.courses.map((c: any) => [c.slug, c.enrolment]));
    expect(await states()).toEqual({ blended: "completed", broken: "overdue", sample: "enrolled" });
    await mine("sample").set({ status: "withdrawn", withdrawn_at: new Date().toISOString() }).execute();
    expect((await states()).sample).toBeNull();
    // another learner and an anonymous reader see no state
    const other = await createUser(db);
    const otherCookie = await sessionCookieFor(other.id);
    const theirs = (await load(() => catalogue.loader(args(get("/courses", { cookie: otherCookie }))))).body;
    expect(theirs.courses.every((c: any) => c.enrolment === null)).toBe(true);
    expect((await load(() => catalogue.loader(args(get("/courses"))))).body.courses.every((c: any) => c.enrolment === null)).toBe(true);
  });
});

describe("course page", () => {
  it("gives the outline, hours and objectives in the reader's language", async () => {
    const { body } = await load(() => courseRoute.loader(args(get("/courses/sample?lng=en"), { course: "sample" })));
    expect(body.course).toMatchObject({ title: "Sample course", hours: 2, version: "2.1", validity: null, objectives: ["One"] });
    expect(body.modules[0].lessons.map((l: any) => l.title)).toEqual(["First lesson", "Second lesson", "Зөвхөн монгол"]);
  });

  it("answers 404 for an unpublished course to a learner and a trainer of other courses, and shows it to its trainer", async () => {
    const learner = await createUser(db);
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const cookie = await sessionCookieFor(learner.id);
    expect((await load(() => courseRoute.loader(args(get("/courses/draft-course", { cookie }), { course: "draft-course" })))).status).toBe(404);
    const tc = await sessionCookieFor(trainer.id);
    expect((await load(() => courseRoute.loader(args(get("/courses/draft-course", { cookie: tc }), { course: "draft-course" })))).status).toBe(404);
    await assignTrainer(trainer.id, "draft-course");
    const { body } = await load(() => courseRoute.loader(args(get("/courses/draft-course", { cookie: tc }), { course: "draft-course" })));
    expect(body.course.published).toBe(false);
  });
});

describe("course page of a blended course", () => {
  it("lists the course's upcoming in-person trainings, the learner's aimag first, with their registration", async () => {
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const learner = await createUser(db, { aimagCode: "MN-037" });
    const soon = (days: number) => new Date(Date.now() + days * 86_400_000);
    const make = async (aimagCode: string, days: number, courses: string[]) => {
      const e = await createEvent(
        { id: trainer.id, roles: [{ role: "trainer", aimag_code: null }] },
        {
          campaignId: null,
          titleMn: `Сургалт ${aimagCode} ${days}`,
          titleEn: `Training ${aimagCode} ${days}`,
          aimagCode,
          sumId: null,
          venue: "Танхим",
          audience: ["sum_operator"],
          capacity: 10,
          thresholdPercent: 80,
          courses,
          trainers: [trainer.id],
          sessions: [{ starts_at: soon(days).toISOString(), ends_at: new Date(soon(days).getTime() + 3600_000).toISOString(), self_check_in: false }],
        },
      );
      if (!("id" in e)) throw new Error(e.problem);
      return e.id;
    };
    const elsewhere = await make("MN-069", 2, ["blended"]);
    const own = await make("MN-037", 9, ["blended"]);
    await make("MN-037", 3, ["sample"]); // another course's training is not listed
    await make("MN-037", -3, ["blended"]); // nor one that is over
    await register(learner.id, own);
    const cookie = await sessionCookieFor(learner.id);
    const { body } = await load(() => courseRoute.loader(args(get("/courses/blended", { cookie }), { course: "blended" })));
    expect(body.sessions.map((s: any) => [s.id, s.status])).toEqual([
      [own, "registered"],
      [elsewhere, null],
    ]);
    const sample = await load(() => courseRoute.loader(args(get("/courses/sample"), { course: "sample" })));
    expect(sample.body.sessions).toEqual([]);
  });
});

describe("lesson page", () => {
  it("renders compiled HTML with headings, a sized figure and neighbours", async () => {
    const { body } = await load(() => lessonRoute.loader(args(get("/courses/sample/first"), { course: "sample", lesson: "first" })));
    expect(body.lesson).toMatchObject({ title: "Эхний хичээл", minutes: 5, fallback: false, language: "mn" });
    expect(body.headings).toEqual([{ id: "танилцуулга", text: "Танилцуулга", depth: 2 }]);
    expect(body.html).toContain('<img src="/content/sample/images/dot.svg" alt="Цэнхэр цэг" width="40" height="20" loading="lazy"');
    expect(body.html).toContain('href="./second"');
    expect(body.prev).toBeNull();
    expect(body.next).toEqual({ slug: "second", title: "Хоёр дахь хичээл" });
  });

  it("falls back to the other language with a notice", async () => {
    const { body } = await load(() => lessonRoute.loader(args(get("/courses/sample/only-mongolian?lng=en"), { course: "sample", lesson: "only-mongolian" })));
    expect(body.lesson).toMatchObject({ language: "mn", fallback: true });
    expect(body.html).toContain("зөвхөн монгол хэлээр");
  });

  it("hides draft lessons from learners and trainers of other courses, and previews them for the course's trainers", async () => {
    expect((await load(() => lessonRoute.loader(args(get("/courses/sample/hidden-draft"), { course: "sample", lesson: "hidden-draft" })))).status).toBe(404);
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const cookie = await sessionCookieFor(trainer.id);
    expect(
      (await load(() => lessonRoute.loader(args(get("/courses/sample/hidden-draft", { cookie }), { course: "sample", lesson: "hidden-draft" })))).status,
    ).toBe(404);
    await assignTrainer(trainer.id, "sample");
    const { body } = await load(() => lessonRoute.loader(args(get("/courses/sample/hidden-draft", { cookie }), { course: "sample", lesson: "hidden-draft" })));
    expect(body.lesson.draft).toBe(true);
  });

  it("answers 404 for unknown courses and lessons", async () => {
    expect((await load(() => lessonRoute.loader(args(get("/courses/nope/first"), { course: "nope", lesson: "first" })))).status).toBe(404);
    expect((await load(() => lessonRoute.loader(args(get("/courses/sample/nope"), { course: "sample", lesson: "nope" })))).status).toBe(404);
  });
});

describe("course files", () => {
  it("serves a course image with a sandboxing CSP", async () => {
    const res = await settle(() => asset.loader(args(get("/content/sample/images/dot.svg"), { course: "sample", "*": "images/dot.svg" })));
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/svg+xml");
    expect(res.headers.get("Content-Security-Policy")).toContain("sandbox");
    expect(await res.text()).toContain("<circle");
  });

  it("refuses paths outside the course folder and non-media files", async () => {
    for (const p of ["../broken/course.yaml", "basics/first.mn.mdx", "../../../../package.json", "course.yaml"]) {
      const res = await settle(() => asset.loader(args(get(`/content/sample/x`), { course: "sample", "*": p })));
      expect(res.status, p).toBe(404);
    }
  });

  it("refuses a symlink inside the course folder that points outside it", async () => {
    const { mkdtempSync, rmSync, symlinkSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const outside = mkdtempSync(path.join(tmpdir(), "erdem-outside-"));
    writeFileSync(path.join(outside, "secret.svg"), "<svg>secret</svg>");
    const link = path.resolve("tests/fixtures/content/courses/sample/images/leak.svg");
    symlinkSync(path.join(outside, "secret.svg"), link);
    try {
      const res = await settle(() => asset.loader(args(get("/content/sample/images/leak.svg"), { course: "sample", "*": "images/leak.svg" })));
      expect(res.status).toBe(404);
    } finally {
      rmSync(link, { force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe("what changed in a course", () => {
  const page = async (cookie: string) => (await load(() => courseRoute.loader(args(get("/courses/sample", { cookie }), { course: "sample" })))).body;
  const enrolledOn = async (seen: string | null) => {
    const u = await createUser(db);
    await enrol(u.id, "sample", { version: seen });
    return { id: u.id, cookie: await sessionCookieFor(u.id) };
  };

  it("tells a learner enrolled on an earlier version what changed since, newest first", async () => {
    const on20 = await enrolledOn("2.0");
    expect((await page(on20.cookie)).progress.changes).toEqual([{ version: "2.1", summary: "Шалгалтын асуулт нэмэгдсэн." }]);
    // a version without a note of its own: every note
    const on10 = await enrolledOn("1.0");
    expect((await page(on10.cookie)).progress.changes.map((c: any) => c.version)).toEqual(["2.1", "2.0"]);
    // on the current version, or from before versions were kept: nothing
    expect((await page((await enrolledOn("2.1")).cookie)).progress.changes).toEqual([]);
    expect((await page((await enrolledOn(null)).cookie)).progress.changes).toEqual([]);
  });

  it("keeps the note until the learner has read it, and a new learner starts on the current version", async () => {
    const learner = await enrolledOn("2.0");
    const res = await settle(() =>
      courseRoute.action(args(post("/courses/sample", { intent: "seen-changes" }, { cookie: learner.cookie }), { course: "sample" })),
    );
    expect(res.status).toBe(302);
    expect((await page(learner.cookie)).progress.changes).toEqual([]);
    const row = await db.selectFrom("enrolment").select("version_seen").where("user_id", "=", learner.id).executeTakeFirstOrThrow();
    expect(row.version_seen).toBe("2.1");

    const newcomer = await createUser(db);
    const cookie = await sessionCookieFor(newcomer.id);
    await settle(() => courseRoute.action(args(post("/courses/sample", { intent: "enrol" }, { cookie }), { course: "sample" })));
    const joined = await db.selectFrom("enrolment").select("version_seen").where("user_id", "=", newcomer.id).executeTakeFirstOrThrow();
    expect(joined.version_seen).toBe("2.1");
    expect((await page(cookie)).progress.changes).toEqual([]);
  });
});

describe("completing a course whose last missing lesson was removed", () => {
  it("offers to complete it when every step is done, and completes it with its certificate", async () => {
    const u = await createUser(db);
    const cookie = await sessionCookieFor(u.id);
    await enrol(u.id, "sample");
    const course = getCatalogue().courses.find((c) => c.slug === "sample")!;
    const exam = findQuiz(course, "final")!;
    // the exam passed first: with lessons left, it does not complete the course
    const { attempt } = await startAttempt(u.id, exam, "mn");
    const perfect = new Map<string, QuizResponse>([
      ["capital", { type: "single", optionId: "a" }],
      ["safe-habits", { type: "multiple", optionIds: ["a", "b"] }],
      ["aimags-tf", { type: "true_false", value: true }],
      ["point-name", { type: "short_text", text: "Хурдан цэг" }],
      ["services", { type: "numeric", value: 1106 }],
      ["steps", { type: "ordering", itemIds: ["a", "b", "c"] }],
    ]);
    expect((await submitAttempt(u.id, attempt.id, exam, perfect)).grade).toMatchObject({ passed: true, completion: { completed: false } });
    const page = async () => (await load(() => courseRoute.loader(args(get("/courses/sample", { cookie }), { course: "sample" })))).body;
    // a premature "complete" changes nothing
    await settle(() => courseRoute.action(args(post("/courses/sample", { intent: "complete" }, { cookie }), { course: "sample" })));
    expect((await page()).progress.completedOn).toBeNull();
    // the lessons recorded without the completion step, as when the one left is removed from the course
    for (const l of course.lessons) await markLessonDone(u.id, "sample", l.slug);
    const before = await page();
    expect(before.progress).toMatchObject({ missing: [], completedOn: null });
    const res = await settle(() => courseRoute.action(args(post("/courses/sample", { intent: "complete" }, { cookie }), { course: "sample" })));
    expect(res.status).toBe(302);
    const after = await page();
    expect(after.progress.completedOn).not.toBeNull();
    expect(after.certificate).not.toBeNull();
  });
});
