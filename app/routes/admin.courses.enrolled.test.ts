// The "who is enrolled" pages as a browser without JavaScript uses them: the list with its filter and
// cursor, a learner's page with its forms, the withdrawal's confirmation step, messages for what is
// refused, and a trainer who may read but not change.
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { createUser } from "../../db/factories";
import { db } from "~/db.server";
import { enrol, findEnrolment } from "~/features/enrolment/repository.server";
import { createEvent } from "~/features/events/events.server";
import { args, get, post, sessionCookieFor, settle } from "../../tests/helpers";
import * as learnerPage from "./admin.courses.$course.enrolled.$enrolmentId";
import * as listPage from "./admin.courses.$course.enrolled._index";
import * as coursesPage from "./admin.courses._index";

const A = "MN-069";
const B = "MN-037";
const NEXT_YEAR = new Date().getUTCFullYear() + 1;

async function coordinatorOf(aimag: string) {
  const c = await createUser(db, { aimagCode: aimag, roles: [{ role: "coordinator", aimag_code: aimag }] });
  return sessionCookieFor(c.id);
}

async function learnerOf(aimag: string, surname = "Дорж") {
  const u = await createUser(db, { aimagCode: aimag, surname });
  await enrol(u.id, "sample");
  return { userId: u.id, enrolmentId: (await findEnrolment(u.id, "sample"))!.id };
}

const pageUrl = (id: string) => `/admin/courses/sample/enrolled/${id}`;
const params = (id: string) => ({ course: "sample", enrolmentId: id });
const readPage = async (id: string, cookie: string, query = "") => settle(() => learnerPage.loader(args(get(pageUrl(id) + query, { cookie }), params(id))));
const send = (id: string, cookie: string, form: Record<string, string>) =>
  settle(() => learnerPage.action(args(post(pageUrl(id), form, { cookie }), params(id))));

describe("a learner's page", () => {
  it("changes the due date and grants an extra attempt, with a message after each redirect", async () => {
    const cookie = await coordinatorOf(A);
    const { userId, enrolmentId } = await learnerOf(A);
    const due = await send(enrolmentId, cookie, { intent: "due", due: `${NEXT_YEAR}-03-31` });
    expect(due.status).toBe(302);
    expect(due.headers.get("Location")).toBe(pageUrl(enrolmentId));
    expect(due.headers.get("Set-Cookie")).toContain("erdem_flash");
    const more = await send(enrolmentId, cookie, { intent: "attempts", attempts: "1" });
    expect(more.status).toBe(302);
    expect(await findEnrolment(userId, "sample")).toMatchObject({ due_at: `${NEXT_YEAR}-03-31T15:59:59.000Z`, extra_attempts: 1 });
    const data = await (await readPage(enrolmentId, cookie)).json();
    expect(data).toMatchObject({ dueValue: `${NEXT_YEAR}-03-31`, canChange: true, exam: { extraAttempts: 1, attemptLimit: 2, timeLimit: 10, canStart: true } });
    // the help text's shares of the 10-minute exam, rounded up
    expect(data.exam.presets).toEqual({ quarter: 3, half: 5, double: 10 });
  });

  it("gives the form back with the problem under its field, changing nothing", async () => {
    const cookie = await coordinatorOf(A);
    const { userId, enrolmentId } = await learnerOf(A);
    const past = await send(enrolmentId, cookie, { intent: "due", due: "2020-01-01" });
    expect(past.status).toBe(400);
    expect((await past.json()).result.error).toEqual({ due: ["enrolled.errors.pastDate"] });
    const far = await send(enrolmentId, cookie, { intent: "due", due: `${NEXT_YEAR + 6}-01-01` });
    expect((await far.json()).result.error).toEqual({ due: ["enrolled.errors.farDate"] });
    const minutes = await send(enrolmentId, cookie, { intent: "minutes", minutes: "241" });
    expect(minutes.status).toBe(400);
    expect((await minutes.json()).result).toMatchObject({ error: { minutes: ["enrolled.errors.minutesRange"] }, initialValue: { minutes: "241" } });
    const words = await send(enrolmentId, cookie, { intent: "attempts", attempts: "one" });
    expect(words.status).toBe(400);
    const nothing = await send(enrolmentId, cookie, { intent: "erase" });
    expect(nothing.status).toBe(400);
    expect(await findEnrolment(userId, "sample")).toMatchObject({ due_at: null, extra_attempts: 0, exam_extra_minutes: 0, status: "active" });
  });

  it("asks before withdrawing (a page state, no script), keeps the learner listed as withdrawn, and reinstates", async () => {
    const cookie = await coordinatorOf(A);
    const { userId, enrolmentId } = await learnerOf(A, "Гарах");
    expect((await (await readPage(enrolmentId, cookie)).json()).confirmWithdraw).toBe(false);
    expect((await (await readPage(enrolmentId, cookie, "?confirm=withdraw")).json()).confirmWithdraw).toBe(true);
    const out = await send(enrolmentId, cookie, { intent: "withdraw", reason: "Өөр албанд шилжсэн" });
    expect(out.status).toBe(302);
    expect((await findEnrolment(userId, "sample"))?.status).toBe("withdrawn");
    const audit = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("target_id", "=", enrolmentId)
      .where("action", "=", "enrolment.withdraw")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!)).toMatchObject({ course: "sample", userId, reason: "Өөр албанд шилжсэн" });

    const list = await (
      await settle(() => listPage.loader(args(get("/admin/courses/sample/enrolled?status=withdrawn&q=гарах", { cookie }), { course: "sample" })))
    ).json();
    expect(list.learners.map((l: { id: string; status: string }) => [l.id, l.status])).toEqual([[enrolmentId, "withdrawn"]]);

    const page = await (await readPage(enrolmentId, cookie)).json();
    expect(page).toMatchObject({ active: false, status: "withdrawn" });
    expect(page.withdrawnAt).toMatch(/оны/); // the Mongolian long date
    expect((await send(enrolmentId, cookie, { intent: "reinstate" })).status).toBe(302);
    expect((await findEnrolment(userId, "sample"))?.status).toBe("active");
  });

  it("does not exist for a coordinator of another aimag, reading or writing", async () => {
    const cookie = await coordinatorOf(B);
    const { userId, enrolmentId } = await learnerOf(A);
    expect((await readPage(enrolmentId, cookie)).status).toBe(404);
    expect((await send(enrolmentId, cookie, { intent: "attempts", attempts: "1" })).status).toBe(404);
    expect((await findEnrolment(userId, "sample"))?.extra_attempts).toBe(0);
  });
});

describe("a trainer of the course", () => {
  it("reads the learners where they teach it, and may change nothing", async () => {
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const created = await createEvent(
      { id: admin.id, roles: [{ role: "admin", aimag_code: null }] },
      {
        campaignId: null,
        titleMn: "Сургалт",
        titleEn: "Training",
        aimagCode: B,
        sumId: null,
        venue: "Танхим",
        audience: ["sum_operator"],
        capacity: 20,
        thresholdPercent: 80,
        courses: ["sample"],
        trainers: [trainer.id],
        sessions: [{ starts_at: `${NEXT_YEAR}-03-02T01:00:00.000Z`, ends_at: `${NEXT_YEAR}-03-02T09:00:00.000Z`, self_check_in: false }],
      },
    );
    expect("id" in created).toBe(true);
    const cookie = await sessionCookieFor(trainer.id);
    const ofB = await learnerOf(B, "Багшийн");
    const ofA = await learnerOf(A, "Багшийн");

    const courses = await (await settle(() => coursesPage.loader(args(get("/admin/courses", { cookie }))))).json();
    expect(courses.courses.map((c: { slug: string }) => c.slug)).toEqual(["sample"]);
    const list = await (await settle(() => listPage.loader(args(get("/admin/courses/sample/enrolled?q=багшийн", { cookie }), { course: "sample" })))).json();
    expect(list.readOnly).toBe(true);
    expect(list.learners.map((l: { id: string }) => l.id)).toEqual([ofB.enrolmentId]);
    expect((await settle(() => listPage.loader(args(get("/admin/courses/blended/enrolled", { cookie }), { course: "blended" })))).status).toBe(403);

    expect((await (await readPage(ofB.enrolmentId, cookie)).json()).canChange).toBe(false);
    expect((await readPage(ofA.enrolmentId, cookie)).status).toBe(404);
    expect((await send(ofB.enrolmentId, cookie, { intent: "attempts", attempts: "1" })).status).toBe(403);
    expect((await findEnrolment(ofB.userId, "sample"))?.extra_attempts).toBe(0);
  });
});

describe("the list", () => {
  it("links the next page by cursor and back to the first, keeping the filter", async () => {
    const C = "MN-065"; // Govi-Altai
    const cookie = await coordinatorOf(C);
    for (let i = 0; i < 52; i++) await learnerOf(C, `Хуудас${String(i).padStart(2, "0")}`);
    const first = await (await settle(() => listPage.loader(args(get("/admin/courses/sample/enrolled?q=хуудас", { cookie }), { course: "sample" })))).json();
    expect(first.learners).toHaveLength(50);
    expect(first.first).toBeNull();
    expect(first.next).toMatch(/^\?q=%D1%85%D1%83%D1%83%D0%B4%D0%B0%D1%81&after=/);
    const second = await (
      await settle(() => listPage.loader(args(get(`/admin/courses/sample/enrolled${first.next}`, { cookie }), { course: "sample" })))
    ).json();
    expect(second.learners.map((l: { name: string }) => l.name)).toEqual(["Хуудас50 Болд", "Хуудас51 Болд"]);
    expect(second.next).toBeNull();
    expect(second.first).toBe("?q=%D1%85%D1%83%D1%83%D0%B4%D0%B0%D1%81");
  });

  it("is closed to learners and unknown courses are not found", async () => {
    const learner = await sessionCookieFor((await createUser(db)).id);
    expect((await settle(() => listPage.loader(args(get("/admin/courses/sample/enrolled", { cookie: learner }), { course: "sample" })))).status).toBe(403);
    const cookie = await coordinatorOf(A);
    expect((await settle(() => listPage.loader(args(get("/admin/courses/nope/enrolled", { cookie }), { course: "nope" })))).status).toBe(404);
  });
});
