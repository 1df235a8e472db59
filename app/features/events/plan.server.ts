// What the event form needs from the server: its choices (aimags the user may plan in, sums,
// campaigns, published courses, trainers), and the checks the schema cannot make (the sum lies in
// the aimag, the course and trainers exist) before the values become the use case's input.
import type { SessionUser } from "~/features/auth/session.server";
import { getCatalogue } from "~/features/content/content.server";
import { listAimags, listSums } from "~/features/geo/repository.server";
import type { Language } from "~/i18n/config";
import { canPlanIn, type EventInput, type EventRow } from "./events.server";
import * as repo from "./repository.server";
import { instantToLocal, localToInstant } from "./rules";
import { BLANK_SESSION_ROWS, EventSchema, type EventFormValues, type FieldErrors, issuesByField } from "./schemas";

/** Roles that plan events and open the planning pages; each event is then checked with canManageEvent. */
export const PLANNERS = ["admin", "coordinator", "trainer"] as const;

export async function loadEventFormOptions(user: Pick<SessionUser, "roles">, lng: Language, currentAimag?: string) {
  const pick = (r: { name_mn: string; name_en: string }) => (lng === "en" ? r.name_en : r.name_mn);
  const [aimags, sums, campaigns, trainers] = await Promise.all([listAimags(), listSums(), repo.listCampaigns(), repo.listTrainers()]);
  const allowed = aimags.filter((a) => canPlanIn(user, a.code) || a.code === currentAimag);
  const codes = new Set(allowed.map((a) => a.code));
  return {
    aimags: allowed.map((a) => ({ code: a.code, name: pick(a) })),
    sums: sums.filter((s) => codes.has(s.aimag_code)).map((s) => ({ id: s.id, aimag: s.aimag_code, name: pick(s) })),
    campaigns: campaigns.map((c) => ({ id: c.id, title: lng === "en" ? c.title_en : c.title_mn })),
    courses: getCatalogue()
      .courses.filter((c) => c.meta.published)
      .map((c) => ({ slug: c.slug, title: c.meta.title[lng] })),
    trainers: trainers.map((t) => ({ id: t.id, name: `${t.surname} ${t.given_name}`.trim(), email: t.email })),
  };
}

export type EventFormOptions = Awaited<ReturnType<typeof loadEventFormOptions>>;

function blankRows(n: number) {
  return Array.from({ length: n }, () => ({ id: "", date: "", start: "", end: "", selfCheckIn: false }));
}

/** An empty form: 80 % threshold, three blank session rows. */
export function emptyEventValues(aimagCode: string): EventFormValues {
  return {
    titleMn: "",
    titleEn: "",
    campaignId: "",
    aimagCode,
    sumId: "",
    venue: "",
    audience: [],
    capacity: "",
    thresholdPercent: "80",
    courses: [],
    trainers: [],
    sessions: blankRows(BLANK_SESSION_ROWS),
  };
}

/** An existing event as the form shows it: its sessions, then blank rows. */
export async function eventValues(event: EventRow): Promise<EventFormValues> {
  const [sessions, courses, trainers] = await Promise.all([repo.findSessions(event.id), repo.findEventCourses(event.id), repo.findEventTrainers(event.id)]);
  return {
    titleMn: event.title_mn,
    titleEn: event.title_en,
    campaignId: event.campaign_id ?? "",
    aimagCode: event.aimag_code,
    sumId: event.sum_id ?? "",
    venue: event.venue,
    audience: event.audience ? event.audience.split(",") : [],
    capacity: String(event.capacity),
    thresholdPercent: String(event.threshold_percent),
    courses: courses.map((c) => c.course_slug),
    trainers: trainers.map((t) => t.id),
    sessions: [
      ...sessions.map((s) => {
        const from = instantToLocal(s.starts_at);
        return { id: s.id, date: from.date, start: from.time, end: instantToLocal(s.ends_at).time, selfCheckIn: Boolean(s.self_check_in) };
      }),
      ...blankRows(BLANK_SESSION_ROWS),
    ],
  };
}

/** With blank rows to fill again when the form comes back with messages. */
export function withBlankRows(values: EventFormValues): EventFormValues {
  const blanks = values.sessions.filter((s) => !s.date && !s.start && !s.end).length;
  return { ...values, sessions: [...values.sessions, ...blankRows(Math.max(0, BLANK_SESSION_ROWS - blanks))] };
}

/**
 * The form's values checked — by the schema and against the database — and turned into the use
 * case's input; or the messages by field. An aimag the user may not plan in is not a message but a
 * refusal (`forbidden`): the form never offers it.
 */
export async function checkEventForm(
  user: Pick<SessionUser, "roles">,
  values: EventFormValues,
  opts: { currentAimag?: string } = {},
): Promise<{ input: EventInput } | { errors: FieldErrors } | { forbidden: true }> {
  const parsed = EventSchema.safeParse(values);
  const errors: FieldErrors = parsed.success ? {} : issuesByField(parsed.error.issues);
  const add = (key: string, message: string) => (errors[key] ??= []).push(message);
  const aimagCode = values.aimagCode.trim();
  const [aimags, sums, campaigns, trainers] = await Promise.all([
    listAimags(),
    values.sumId ? listSums(aimagCode) : Promise.resolve([]),
    values.campaignId ? repo.listCampaigns() : Promise.resolve([]),
    repo.trainerIds(values.trainers.slice(0, 100)),
  ]);
  if (aimagCode && !errors.aimagCode) {
    if (!aimags.some((a) => a.code === aimagCode)) add("aimagCode", "errors.unknownAimag");
    else if (!canPlanIn(user, aimagCode) && aimagCode !== opts.currentAimag) return { forbidden: true };
  }
  if (values.sumId && !sums.some((s) => s.id === values.sumId)) add("sumId", "errors.sumNotInAimag");
  if (values.campaignId && !campaigns.some((c) => c.id === values.campaignId)) add("campaignId", "errors.invalidChoice");
  const published = new Set(
    getCatalogue()
      .courses.filter((c) => c.meta.published)
      .map((c) => c.slug),
  );
  if (values.courses.some((c) => !published.has(c))) add("courses", "eventPlan.errors.unknownCourse");
  if (values.trainers.some((t) => !trainers.has(t))) add("trainers", "eventPlan.errors.unknownTrainer");
  if (!parsed.success || Object.keys(errors).length) return { errors };
  const v = parsed.data;
  return {
    input: {
      campaignId: v.campaignId,
      titleMn: v.titleMn,
      titleEn: v.titleEn,
      aimagCode: v.aimagCode,
      sumId: v.sumId,
      venue: v.venue,
      audience: v.audience,
      capacity: v.capacity,
      thresholdPercent: v.thresholdPercent,
      courses: [...new Set(v.courses)],
      trainers: [...new Set(v.trainers)],
      sessions: v.sessions.map((s) => ({
        id: s.id,
        starts_at: localToInstant(s.date, s.start),
        ends_at: localToInstant(s.date, s.end),
        self_check_in: s.selfCheckIn,
      })),
    },
  };
}
