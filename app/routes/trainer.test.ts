// The trainer's workspace over the fixture courses, against the real database (SQLite, or
// PostgreSQL with TEST_DATABASE=postgres): the home and its counts in the trainer's scope, the
// preview with the answer key (only for the course's trainers and administrators — never a
// learner), and the administrator's form that assigns a course's trainers.
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { db } from "~/db.server";
import { enrol } from "~/features/enrolment/repository.server";
import { createUser } from "../../db/factories";
import { args, get, post, sessionCookieFor, settle } from "../../tests/helpers";
import * as courseTrainers from "./admin.courses.$course.trainers";
import * as enrolledList from "./admin.courses.$course.enrolled._index";
import * as outline from "./courses.$course.preview._index";
import * as keyRoute from "./courses.$course.preview.quizzes.$quiz";
import * as home from "./trainer";
import { scheduleEventTaughtBy } from "../../tests/training-events";

const A = "MN-069";
const B = "MN-037";

async function signedIn(spec: Parameters<typeof createUser>[1] = {}) {
  const u = await createUser(db, spec);
  return { u, cookie: await sessionCookieFor(u.id) };
}

const assign = (userId: string, course: string) =>
  db.insertInto("course_trainer").values({ course_slug: course, user_id: userId, assigned_by: null, assigned_at: new Date().toISOString() }).execute();

const keyArgs = (url: string, cookie?: string, quiz = "final", course = "sample") => args(get(url, { cookie }), { course, quiz });
const KEY = "/courses/sample/preview/quizzes/final";

/** What only the key says about the sample exam: the explanation, the accepted answers, the numeric answer. */
const SECRETS = ["SECRET-EXPLANATION", "Khurdan Tseg", "Хурдан цэг", "1106", '"correct":true'];

describe("the preview with the answer key", () => {
  it("shows a course's trainer every question with its key and explanation, in both languages side by side", async () => {
    const { u, cookie } = await signedIn({ roles: [{ role: "trainer" }] });
    await assign(u.id, "sample");
    const one = await settle(() => keyRoute.loader(keyArgs(KEY, cookie)));
    expect(one.status).toBe(200);
    const d = await one.json();
    expect(d.languages).toEqual(["mn"]);
    expect(d.quiz.written).toBe(6);
    const questions = d.quiz.pools.flatMap((p: { questions: unknown[] }) => p.questions);
    const byId = (id: string) => questions.find((q: { id: string }) => q.id === id);
    expect(byId("capital").options.map((o: { id: string; correct: boolean }) => [o.id, o.correct])).toEqual([
      ["a", true],
      ["b", false],
      ["c", false],
    ]);
    expect(byId("capital").explanation.mn).toContain("SECRET-EXPLANATION-MN");
    expect(byId("aimags-tf").trueFalse).toBe(true);
    expect(byId("point-name").accepted).toEqual({ mn: ["Хурдан цэг"] });
    expect(byId("services").numeric).toEqual({ answer: 1106, tolerance: 0 });
    expect(byId("steps").order.map((i: { id: string }) => i.id)).toEqual(["a", "b", "c"]);

    const both = await (await settle(() => keyRoute.loader(keyArgs(`${KEY}?both=1`, cookie)))).json();
    expect(both.languages).toEqual(["mn", "en"]);
    const capital = both.quiz.pools[0].questions[0];
    expect(capital.html.en).toContain("Which is the capital of Mongolia?");
    expect(capital.html.mn).toContain("Монгол Улсын нийслэл");
    expect(capital.explanation).toMatchObject({ mn: expect.stringContaining("MN"), en: expect.stringContaining("SECRET-EXPLANATION-EN") });

    const out = await (await settle(() => outline.loader(args(get("/courses/sample/preview", { cookie }), { course: "sample" })))).json();
    // drafts included
    expect(out.modules[0].lessons.find((l: { slug: string }) => l.slug === "hidden-draft")).toMatchObject({ draft: true });
    expect(out.quizzes.map((q: { slug: string; kind: string }) => [q.slug, q.kind])).toEqual([
      ["check", "practice"],
      ["final", "exam"],
    ]);
  });

  it("never reaches a learner, a coordinator or a trainer of another course: 403, and no key in the answer", async () => {
    const learner = await signedIn();
    await enrol(learner.u.id, "sample");
    const coordinator = await signedIn({ aimagCode: A, roles: [{ role: "coordinator", aimag_code: A }] });
    const other = await signedIn({ roles: [{ role: "trainer" }] });
    await assign(other.u.id, "blended");
    for (const who of [learner, coordinator, other]) {
      for (const url of [KEY, `${KEY}?both=1`]) {
        const res = await settle(() => keyRoute.loader(keyArgs(url, who.cookie)));
        expect(res.status).toBe(403);
        const body = await res.text();
        for (const s of SECRETS) expect(body, s).not.toContain(s);
      }
      expect((await settle(() => outline.loader(args(get("/courses/sample/preview", { cookie: who.cookie }), { course: "sample" })))).status).toBe(403);
    }
    // the other course's trainer previews their own course
    expect((await settle(() => outline.loader(args(get("/courses/blended/preview", { cookie: other.cookie }), { course: "blended" })))).status).toBe(200);
    // not signed in: to the log-in page
    const anonymous = await settle(() => keyRoute.loader(keyArgs(KEY)));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("answers 404 for a course or quiz that does not exist, and lets an administrator preview an unpublished course", async () => {
    const admin = await signedIn({ roles: [{ role: "admin" }] });
    expect((await settle(() => keyRoute.loader(keyArgs("/courses/sample/preview/quizzes/nope", admin.cookie, "nope")))).status).toBe(404);
    expect((await settle(() => outline.loader(args(get("/courses/nope/preview", { cookie: admin.cookie }), { course: "nope" })))).status).toBe(404);
    expect((await settle(() => outline.loader(args(get("/courses/draft-course/preview", { cookie: admin.cookie }), { course: "draft-course" })))).status).toBe(
      200,
    );
  });
});

describe("the trainer's home", () => {
  it("lists the courses they train with their learners counted in their scope, and is empty for a trainer of none", async () => {
    const none = await signedIn({ roles: [{ role: "trainer" }] });
    expect((await (await settle(() => home.loader(args(get("/trainer", { cookie: none.cookie }))))).json()).courses).toEqual([]);

    // a trainer of blended's events in aimag B only, and assigned to sample
    const { u, cookie } = await signedIn({ roles: [{ role: "trainer" }] });
    await scheduleEventTaughtBy(u.id, B, "blended");
    await assign(u.id, "sample");
    for (const aimagCode of [A, B, B]) await enrol((await createUser(db, { aimagCode })).id, "blended");
    const d = await (await settle(() => home.loader(args(get("/trainer?lng=en", { cookie }))))).json();
    const bySlug = new Map(d.courses.map((c: { slug: string }) => [c.slug, c]));
    expect([...bySlug.keys()].sort()).toEqual(["blended", "sample"]);
    const blended = bySlug.get("blended") as { scope: string; reasons: string[]; counts: { key: string; n: string }[] };
    expect(blended.scope).toBe("Darkhan-Uul");
    expect(blended.reasons).toEqual(["events"]);
    // the learner of aimag A is not counted
    expect(blended.counts.find((c) => c.key === "enrolled")?.n).toBe("2");
    expect(bySlug.get("sample")).toMatchObject({ scope: null, reasons: ["assigned"] });

    // the learners list honours the same scope: aimag B's learners of blended, not sample's of another trainer's course
    const list = await settle(() => enrolledList.loader(args(get("/admin/courses/blended/enrolled", { cookie }), { course: "blended" })));
    expect(list.status).toBe(200);
    const other = await signedIn({ roles: [{ role: "trainer" }] });
    await assign(other.u.id, "blended");
    expect((await settle(() => enrolledList.loader(args(get("/admin/courses/sample/enrolled", { cookie: other.cookie }), { course: "sample" })))).status).toBe(
      403,
    );
  });

  it("is for trainers only", async () => {
    const learner = await signedIn();
    expect((await settle(() => home.loader(args(get("/trainer", { cookie: learner.cookie }))))).status).toBe(403);
  });
});

describe("assigning a course's trainers", () => {
  const url = "/admin/courses/sample/trainers";
  const act = (fields: Record<string, string>, cookie: string) =>
    settle(() => courseTrainers.action(args(post(url, fields, { cookie }), { course: "sample" })));

  it("adds a user with the role trainer by e-mail and removes them, each audited", async () => {
    const admin = await signedIn({ roles: [{ role: "admin" }] });
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const added = await act({ intent: "add", email: `  ${trainer.email.toUpperCase()} ` }, admin.cookie);
    expect(added.status).toBe(302);
    expect(added.headers.get("Location")).toBe(url);
    const page = await (await settle(() => courseTrainers.loader(args(get(url, { cookie: admin.cookie }), { course: "sample" })))).json();
    // earlier tests of this file assigned others to the course too
    expect(page.assigned.map((a: { id: string }) => a.id)).toContain(trainer.id);
    expect(page.listed).toEqual([{ email: "listed.trainer@example.mn", name: null }]);
    const removed = await act({ intent: "remove", userId: trainer.id }, admin.cookie);
    expect(removed.status).toBe(302);
    const actions = await db.selectFrom("audit_log").select("action").where("target_type", "=", "course").where("actor_id", "=", admin.u.id).execute();
    expect(actions.map((a) => a.action).sort()).toEqual(["course.trainerAssign", "course.trainerUnassign"]);
  });

  it("answers bad input with 400, a message and the input back, and changes nothing", async () => {
    const admin = await signedIn({ roles: [{ role: "admin" }] });
    const learner = await createUser(db);
    const cases: [Record<string, string>, Record<string, string[]>][] = [
      [{ intent: "add", email: "not-an-address" }, { email: ["errors.email"] }],
      [{ intent: "add", email: "" }, { email: ["errors.required"] }],
      [{ intent: "add", email: "nobody@example.mn" }, { email: ["trainer.assign.problems.noUser"] }],
      [{ intent: "add", email: learner.email }, { email: ["trainer.assign.problems.notTrainer"] }],
      [{ intent: "remove", userId: learner.id }, { "": ["trainer.assign.problems.notAssigned"] }],
      [{ intent: "promote", email: learner.email }, { "": ["errors.invalidChoice"] }],
    ];
    for (const [fields, errors] of cases) {
      const res = await act(fields, admin.cookie);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      const body = await res.json();
      expect(body.errors).toEqual(errors);
      expect(body.values.email).toBe(fields.email ?? "");
    }
    expect(await db.selectFrom("course_trainer").selectAll().where("user_id", "=", learner.id).execute()).toEqual([]);
  });

  it("is for administrators only", async () => {
    const trainer = await signedIn({ roles: [{ role: "trainer" }] });
    expect((await act({ intent: "add", email: trainer.u.email }, trainer.cookie)).status).toBe(403);
    expect((await settle(() => courseTrainers.loader(args(get(url, { cookie: trainer.cookie }), { course: "sample" })))).status).toBe(403);
    expect(await db.selectFrom("course_trainer").selectAll().where("user_id", "=", trainer.u.id).execute()).toEqual([]);
  });
});
