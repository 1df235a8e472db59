// The forms for planning training events and campaigns: one zod schema each, used by the server.
// Session rows come as `sessions[i].date|start|end|selfCheckIn|id`; a blank row is ignored, a row
// with some fields but not all is an error on that row.
import { z } from "zod";
import { EVENT_AUDIENCES, type EventAudience } from "../../../db/schema";
import { parseDateInput, parseTimeInput } from "~/features/forms/dates";

/** Blank session rows the form offers after the existing ones (without JavaScript there is no "add a row"). */
export const BLANK_SESSION_ROWS = 3;
/** More rows than this in one post are not read. */
export const MAX_SESSION_ROWS = 60;

const requiredText = (max: number) => z.string({ error: "errors.required" }).trim().min(1, "errors.required").max(max, "errors.tooLong");
const optionalId = z
  .string()
  .trim()
  .max(100, "errors.invalidChoice")
  .transform((v) => v || null);
/** A session's day as typed (2026-12-31, 2026.12.31, 20261231) → YYYY-MM-DD, within the years a training can be in. */
function sessionDate(value: string): string | null {
  const day = parseDateInput(value);
  return day && day >= "2000-01-01" && day <= "2100-12-31" ? day : null;
}

export interface SessionRowValues {
  id: string;
  date: string;
  start: string;
  end: string;
  selfCheckIn: boolean;
}

const SessionRow = z.object({
  id: z.string().max(100),
  date: z.string().max(40),
  start: z.string().max(40),
  end: z.string().max(40),
  selfCheckIn: z.boolean(),
});

const whole = (min: number, max: number, message: string) =>
  z
    .string({ error: "errors.required" })
    .trim()
    .min(1, "errors.required")
    .regex(/^\d{1,7}$/, message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, message);

export const EventSchema = z.object({
  titleMn: requiredText(300),
  titleEn: requiredText(300),
  campaignId: optionalId,
  aimagCode: requiredText(20),
  sumId: optionalId,
  venue: requiredText(500),
  audience: z
    .array(z.string())
    .max(EVENT_AUDIENCES.length * 2)
    .refine((a) => a.every((x) => (EVENT_AUDIENCES as readonly string[]).includes(x)), "errors.invalidChoice")
    .refine((a) => a.length > 0, "eventPlan.errors.audience")
    .transform((a) => [...new Set(a)] as EventAudience[]),
  capacity: whole(1, 1000, "eventPlan.errors.capacity"),
  thresholdPercent: whole(1, 100, "eventPlan.errors.threshold"),
  courses: z.array(z.string().max(200)).max(100),
  trainers: z.array(z.string().max(100)).max(100),
  sessions: z
    .array(SessionRow)
    .superRefine((rows, ctx) => {
      let filled = 0;
      rows.forEach((r, i) => {
        const given = [r.date, r.start, r.end].filter((v) => v.trim() !== "").length;
        if (given === 0) return;
        filled++;
        if (given < 3) {
          for (const key of ["date", "start", "end"] as const)
            if (!r[key].trim()) ctx.addIssue({ code: "custom", path: [i, key], message: "eventPlan.errors.sessionIncomplete" });
          return;
        }
        const [start, end] = [parseTimeInput(r.start), parseTimeInput(r.end)];
        if (!sessionDate(r.date)) ctx.addIssue({ code: "custom", path: [i, "date"], message: "eventPlan.errors.badDate" });
        if (!start) ctx.addIssue({ code: "custom", path: [i, "start"], message: "eventPlan.errors.badTime" });
        if (!end) ctx.addIssue({ code: "custom", path: [i, "end"], message: "eventPlan.errors.badTime" });
        else if (start && end <= start) ctx.addIssue({ code: "custom", path: [i, "end"], message: "eventPlan.errors.endBeforeStart" });
      });
      if (!filled) ctx.addIssue({ code: "custom", path: [], message: "events.problems.noSessions" });
    })
    .transform((rows) =>
      rows
        .filter((r) => r.date.trim() || r.start.trim() || r.end.trim())
        // checked above: every kept row has a real day and times, stored in one form
        .map((r) => ({
          id: r.id.trim() || undefined,
          date: sessionDate(r.date) ?? r.date.trim(),
          start: parseTimeInput(r.start) ?? r.start.trim(),
          end: parseTimeInput(r.end) ?? r.end.trim(),
          selfCheckIn: r.selfCheckIn,
        })),
    ),
});

export type EventFormValues = {
  titleMn: string;
  titleEn: string;
  campaignId: string;
  aimagCode: string;
  sumId: string;
  venue: string;
  audience: string[];
  capacity: string;
  thresholdPercent: string;
  courses: string[];
  trainers: string[];
  sessions: SessionRowValues[];
};

const str = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};
const strs = (form: FormData, name: string) => form.getAll(name).filter((v): v is string => typeof v === "string");

/** The form as typed, for the schema and for giving it back with messages. */
export function eventFormValues(form: FormData): EventFormValues {
  const indexes = new Set<number>();
  for (const key of form.keys()) {
    const m = /^sessions\[(\d{1,3})\]\.(id|date|start|end|selfCheckIn)$/.exec(key);
    if (m && Number(m[1]) < MAX_SESSION_ROWS) indexes.add(Number(m[1]));
  }
  const sessions = [...indexes]
    .sort((a, b) => a - b)
    .map((i) => ({
      id: str(form, `sessions[${i}].id`),
      date: str(form, `sessions[${i}].date`),
      start: str(form, `sessions[${i}].start`),
      end: str(form, `sessions[${i}].end`),
      selfCheckIn: form.get(`sessions[${i}].selfCheckIn`) === "on",
    }));
  return {
    titleMn: str(form, "titleMn"),
    titleEn: str(form, "titleEn"),
    campaignId: str(form, "campaignId"),
    aimagCode: str(form, "aimagCode"),
    sumId: str(form, "sumId"),
    venue: str(form, "venue"),
    audience: strs(form, "audience"),
    capacity: str(form, "capacity"),
    thresholdPercent: str(form, "thresholdPercent"),
    courses: strs(form, "courses"),
    trainers: strs(form, "trainers"),
    sessions,
  };
}

export type FieldErrors = Record<string, string[]>;

/** Zod issues as messages by field name, the way the form names its fields (`sessions[2].end`). */
export function issuesByField(issues: z.core.$ZodIssue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const [head, ...rest] = issue.path;
    let key = head === undefined ? "" : String(head);
    if (head === "sessions" && rest.length >= 2) key = `sessions[${String(rest[0])}].${String(rest[1])}`;
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** A day typed into a campaign's text field, stored as YYYY-MM-DD. */
const typedDay = z
  .string()
  .max(40, "eventPlan.errors.badDate")
  .transform((v, ctx) => {
    const day = sessionDate(v);
    if (!day) ctx.addIssue({ code: "custom", message: "eventPlan.errors.badDate" });
    return day ?? v.trim();
  });

export const CampaignSchema = z
  .object({
    titleMn: requiredText(300),
    titleEn: requiredText(300),
    startsOn: typedDay,
    endsOn: typedDay,
  })
  .refine((c) => c.endsOn >= c.startsOn, {
    path: ["endsOn"],
    message: "eventPlan.errors.campaignEndBeforeStart",
  });
