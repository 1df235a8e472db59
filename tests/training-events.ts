// A scheduled training event of one course in one aimag, planned by a new administrator, with the
// given trainer: what makes someone a trainer of a course in that aimag (decision 036).
import { db } from "~/db.server";
import { createEvent } from "~/features/events/events.server";
import { createUser } from "../db/factories";

export async function scheduleEventTaughtBy(trainerId: string, aimagCode: string, course: string): Promise<string> {
  const admin = await createUser(db, { roles: [{ role: "admin" }] });
  const created = await createEvent(
    { id: admin.id, roles: [{ role: "admin", aimag_code: null }] },
    {
      campaignId: null,
      titleMn: "Сургалт",
      titleEn: "Training",
      aimagCode,
      sumId: null,
      venue: "Танхим",
      audience: ["sum_operator"],
      capacity: 20,
      thresholdPercent: 80,
      courses: [course],
      trainers: [trainerId],
      sessions: [{ starts_at: "2031-03-02T01:00:00.000Z", ends_at: "2031-03-02T09:00:00.000Z", self_check_in: false }],
    },
  );
  if (!("id" in created)) throw new Error(created.problem);
  return created.id;
}
