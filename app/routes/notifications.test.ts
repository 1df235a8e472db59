// The bell's page: a person sees only their own notifications, in their language; opening one marks
// it read and follows its link; the header's count follows; e-mail choices are saved per topic and
// decide whether the next notification of that topic is e-mailed; bad input is refused with a message.
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { writeTransaction } from "../../db/connection";
import { createUser } from "../../db/factories";
import { database, db } from "~/db.server";
import { notice, notify } from "~/features/notifications/notify.server";
import { args, get, post, sessionCookieFor, settle } from "../../tests/helpers";
import { action, loader } from "./notifications";
import { loader as rootLoader } from "../root";

const course = { mn: "Жишээ сургалт", en: "Sample course" };
const tell = (userId: string, key: string, due = "2027-05-20T15:59:59.999Z") =>
  writeTransaction(database, (trx) =>
    notify(trx, [notice({ userId, kind: "overdue", params: { course, due }, link: "/courses/sample", dedupeKey: `test:${key}` })]),
  );
const load = async (cookie: string, lng?: string) => (await settle(() => loader(args(get(`/notifications${lng ? `?lng=${lng}` : ""}`, { cookie }))))).json();
const headerCount = async (cookie: string) => {
  const data = await (await settle(() => rootLoader(args(get("/", { cookie }))))).json();
  return data.user.unread as number;
};

describe("the notifications page", () => {
  it("lists a person's own notifications, opens one by marking it read and following its link, and counts unread for the header", async () => {
    const ariunaa = await createUser(db);
    const other = await createUser(db);
    const cookie = await sessionCookieFor(ariunaa.id);
    await tell(ariunaa.id, `${ariunaa.id}:1`);
    await tell(ariunaa.id, `${ariunaa.id}:2`);
    await tell(other.id, `${other.id}:1`);
    const page = await load(cookie);
    expect(page.items).toHaveLength(2);
    expect(page.items[0]).toMatchObject({ title: "«Жишээ сургалт» сургалтын хугацаа хэтэрлээ", unread: true, action: "Сургалтыг нээх" });
    expect(page.items[0].body).toContain("2027 оны 5 сарын 20");
    expect(await headerCount(cookie)).toBe(2);

    // someone else's notification cannot be opened
    const theirs = await db.selectFrom("notification").select("id").where("user_id", "=", other.id).executeTakeFirstOrThrow();
    const refused = await settle(() => action(args(post("/notifications", { intent: "open", id: theirs.id }, { cookie }))));
    expect(refused.status).toBe(404);
    expect((await db.selectFrom("notification").select("read_at").where("id", "=", theirs.id).executeTakeFirstOrThrow()).read_at).toBeNull();

    const opened = await settle(() => action(args(post("/notifications", { intent: "open", id: page.items[0].id }, { cookie }))));
    expect(opened.status).toBe(302);
    expect(opened.headers.get("Location")).toBe("/courses/sample");
    expect(await headerCount(cookie)).toBe(1);
    expect((await load(cookie)).items.filter((i: { unread: boolean }) => i.unread)).toHaveLength(1);
    const readAll = await settle(() => action(args(post("/notifications", { intent: "read-all" }, { cookie }))));
    expect(readAll.status).toBe(302);
    expect(await headerCount(cookie)).toBe(0);
    expect((await load(cookie)).items.every((i: { unread: boolean }) => !i.unread)).toBe(true);
  });

  it("counts at most ten unread for the header", async () => {
    const busy = await createUser(db);
    for (let i = 0; i < 14; i++) await tell(busy.id, `${busy.id}:${i}`);
    expect(await headerCount(await sessionCookieFor(busy.id))).toBe(10);
  });

  it("saves e-mail choices per topic, and the next notification of a topic turned off is not e-mailed", async () => {
    const learner = await createUser(db, { locale: "en" });
    const cookie = await sessionCookieFor(learner.id);
    expect((await load(cookie)).email).toEqual({ assignment: true, due: true, certificate: true, event: true, digest: true });
    // a learner is not asked about the coordinators' digest
    expect((await load(cookie)).topics).toEqual(["assignment", "due", "certificate", "event"]);
    const saved = await settle(() =>
      action(args(post("/notifications", { intent: "email", "email.assignment": "on", "email.certificate": "on", "email.event": "on" }, { cookie }))),
    );
    expect(saved.status).toBe(302);
    expect((await load(cookie)).email).toEqual({ assignment: true, due: false, certificate: true, event: true, digest: true });
    await tell(learner.id, `${learner.id}:quiet`);
    expect(await db.selectFrom("notification").select("id").where("user_id", "=", learner.id).execute()).toHaveLength(1);
    expect(await db.selectFrom("outbox_message").select("id").where("user_id", "=", learner.id).execute()).toHaveLength(0);
    // the page speaks the reader's language
    expect((await load(cookie, "en")).items[0].title).toBe("“Sample course” is overdue");
  });

  it("refuses bad input with a message and changes nothing", async () => {
    const learner = await createUser(db);
    const cookie = await sessionCookieFor(learner.id);
    const bad = await settle(() => action(args(post("/notifications", { intent: "email", "email.due": "yes please" }, { cookie }))));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ problem: "notifications.invalid" });
    expect((await load(cookie)).email.due).toBe(true);
    expect((await settle(() => action(args(post("/notifications", { intent: "nonsense" }, { cookie }))))).status).toBe(400);
    expect((await settle(() => action(args(post("/notifications", { intent: "open", id: "x".repeat(500) }, { cookie }))))).status).toBe(404);
  });

  it("asks a visitor who is not signed in to sign in", async () => {
    const r = await settle(() => loader(args(get("/notifications"))));
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toMatch(/^\/login/);
  });
});
