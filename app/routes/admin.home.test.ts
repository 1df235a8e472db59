// The administration home: a coordinator's first figures, in-person trainings included, in their scope.
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { db } from "~/db.server";
import { createEvent, recordMarks, register } from "~/features/events/events.server";
import { createUser } from "../../db/factories";
import { args, get, sessionCookieFor, settle } from "../../tests/helpers";
import { loader } from "./admin._index";

async function pastEvent(aimagCode: string, trainerId: string) {
  const start = new Date(Date.now() - 3 * 86_400_000);
  const e = await createEvent(
    { id: trainerId, roles: [{ role: "trainer", aimag_code: null }] },
    {
      campaignId: null,
      titleMn: "Сургалт",
      titleEn: "Training",
      aimagCode,
      sumId: null,
      venue: "Танхим",
      audience: ["sum_operator"],
      capacity: 10,
      thresholdPercent: 100,
      courses: ["blended"],
      trainers: [trainerId],
      sessions: [{ starts_at: start.toISOString(), ends_at: new Date(start.getTime() + 3600_000).toISOString(), self_check_in: false }],
    },
  );
  if (!("id" in e)) throw new Error(e.problem);
  const session = await db.selectFrom("event_session").select("id").where("event_id", "=", e.id).executeTakeFirstOrThrow();
  return { id: e.id, sessionId: session.id };
}

describe("administration home", () => {
  it("shows a coordinator the in-person trainings of their aimag only: registered, attended, no-shows", async () => {
    const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
    const coordinator = await createUser(db, { aimagCode: "MN-061", roles: [{ role: "coordinator", aimag_code: "MN-061" }] });
    const own = await pastEvent("MN-061", trainer.id);
    const other = await pastEvent("MN-063", trainer.id);
    const [a, b, c] = [await createUser(db), await createUser(db), await createUser(db)];
    // register() refuses an event that is over: these people were registered before it began
    for (const p of [a, b]) await register(p.id, own.id, { now: new Date(Date.now() - 5 * 86_400_000) });
    await register(c.id, other.id, { now: new Date(Date.now() - 5 * 86_400_000) });
    const t = { id: trainer.id, roles: [{ role: "trainer" as const, aimag_code: null }] };
    await recordMarks(t, own.sessionId, [{ userId: a.id, mark: "present", clientId: crypto.randomUUID() }]);
    await recordMarks(t, other.sessionId, [{ userId: c.id, mark: "present", clientId: crypto.randomUUID() }]);
    const cookie = await sessionCookieFor(coordinator.id);
    const res = await settle(() => loader(args(get("/admin", { cookie }))));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.trainings).toEqual({ upcoming: "0", registered: "2", attended: "1", noShows: "1", certified: "0" });
  });
});
