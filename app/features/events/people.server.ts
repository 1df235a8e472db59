// Registering other people for an event (a coordinator's job): one by e-mail, many by filter or
// from a CSV file. Each person goes through register() — its capacity and waiting-list rule — and
// someone outside the registrar's aimags is reported on their row and skipped.
import type { SessionUser } from "~/features/auth/session.server";
import { findUsersByEmails } from "~/features/enrolment/repository.server";
import { email as emailSchema } from "~/features/users/schemas";
import { canRegisterPeopleOf, register } from "./events.server";

export type PersonOutcome = "registered" | "waiting" | "already" | "refused" | "unknownEmail" | "badEmail" | "disabledUser" | "duplicate" | "closed";

export interface PersonRow {
  line: number;
  email: string;
  outcome: PersonOutcome;
  position?: number;
}

export interface PeopleReport {
  rows: PersonRow[];
  counts: Record<"registered" | "waiting" | "already" | "refused", number>;
}

type Actor = Pick<SessionUser, "id" | "roles">;

function tally(rows: PersonRow[]): PeopleReport {
  const counts = { registered: 0, waiting: 0, already: 0, refused: 0 };
  for (const r of rows) {
    if (r.outcome === "registered" || r.outcome === "waiting" || r.outcome === "already") counts[r.outcome]++;
    else counts.refused++;
  }
  return { rows, counts };
}

async function registerOne(actor: Actor, eventId: string, userId: string): Promise<Pick<PersonRow, "outcome" | "position">> {
  const r = await register(userId, eventId, { by: actor.id });
  if ("problem" in r) return { outcome: r.problem === "forbidden" ? "refused" : "closed" };
  if (r.already) return { outcome: "already", position: r.status === "waiting" ? r.position : undefined };
  return r.status === "registered" ? { outcome: "registered" } : { outcome: "waiting", position: r.position };
}

/** People named by e-mail (typed, or rows of a file), each checked and registered. */
export async function registerByEmail(actor: Actor, eventId: string, wanted: { line: number; email: string }[]): Promise<PeopleReport> {
  const emails = [...new Set(wanted.map((w) => w.email.trim().toLowerCase()))].filter((e) => emailSchema.safeParse(e).success);
  const found = new Map((await findUsersByEmails(emails)).map((u) => [u.email.toLowerCase(), u]));
  const seen = new Set<string>();
  const rows: PersonRow[] = [];
  for (const w of wanted) {
    const email = w.email.trim().toLowerCase();
    const base = { line: w.line, email };
    if (!emailSchema.safeParse(email).success) rows.push({ ...base, outcome: "badEmail" });
    else if (seen.has(email)) rows.push({ ...base, outcome: "duplicate" });
    else {
      seen.add(email);
      const user = found.get(email);
      if (!user) rows.push({ ...base, outcome: "unknownEmail" });
      else if (user.disabled_at) rows.push({ ...base, outcome: "disabledUser" });
      else if (!canRegisterPeopleOf(actor, user.aimag_code)) rows.push({ ...base, outcome: "refused" });
      else rows.push({ ...base, ...(await registerOne(actor, eventId, user.id)) });
    }
  }
  return tally(rows);
}

/** People found by a filter (already limited to the registrar's aimags). */
export async function registerUsers(actor: Actor, eventId: string, users: { id: string; email: string; aimag_code: string }[]): Promise<PeopleReport> {
  const rows: PersonRow[] = [];
  for (const [i, u] of users.entries()) {
    if (!canRegisterPeopleOf(actor, u.aimag_code)) rows.push({ line: i + 1, email: u.email, outcome: "refused" });
    else rows.push({ line: i + 1, email: u.email, ...(await registerOne(actor, eventId, u.id)) });
  }
  return tally(rows);
}
