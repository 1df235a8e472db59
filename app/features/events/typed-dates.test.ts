// Dates and times are typed as text in the planning forms and the report filter (a native picker
// speaks the browser's language): the server reads them strictly and stores one form.
import { describe, expect, it } from "vitest";
import type { SessionUser } from "~/features/auth/session.server";
import { readEventReportQuery } from "./event-report.server";
import { CampaignSchema, EventSchema, eventFormValues, issuesByField } from "./schemas";

function eventForm(session: { date: string; start: string; end: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries({
    titleMn: "Сургалт",
    titleEn: "Training",
    aimagCode: "MN-069",
    venue: "Танхим",
    capacity: "20",
    thresholdPercent: "80",
  }))
    form.set(k, v);
  form.append("audience", "sum_operator");
  form.set("sessions[0].date", session.date);
  form.set("sessions[0].start", session.start);
  form.set("sessions[0].end", session.end);
  return EventSchema.safeParse(eventFormValues(form));
}

describe("a training session's day and times", () => {
  it("are stored as YYYY-MM-DD and HH:MM however they were typed", () => {
    for (const [date, start, end] of [
      ["2026-12-31", "09:30", "17:00"],
      ["2026.12.31", "9:30", "17.00"],
      ["20261231", "0930", "1700"],
      [" 2026/12/31 ", " 930 ", "17:00"],
    ]) {
      const parsed = eventForm({ date, start, end });
      expect(parsed.error?.issues ?? [], `${date} ${start} ${end}`).toEqual([]);
      expect(parsed.data!.sessions[0]).toMatchObject({ date: "2026-12-31", start: "09:30", end: "17:00" });
    }
  });

  it("come back with a message on the field when they are not a day or a time", () => {
    const bad = eventForm({ date: "31.12.2026", start: "9:30 AM", end: "25:00" });
    expect(bad.success).toBe(false);
    expect(issuesByField(bad.error!.issues)).toMatchObject({
      "sessions[0].date": ["eventPlan.errors.badDate"],
      "sessions[0].start": ["eventPlan.errors.badTime"],
      "sessions[0].end": ["eventPlan.errors.badTime"],
    });
    expect(issuesByField(eventForm({ date: "2027-02-29", start: "10:00", end: "09:00" }).error!.issues)).toMatchObject({
      "sessions[0].date": ["eventPlan.errors.badDate"],
      "sessions[0].end": ["eventPlan.errors.endBeforeStart"],
    });
    // the end is compared as a time, not as the text typed
    expect(eventForm({ date: "2026-12-31", start: "9:00", end: "10:00" }).error?.issues ?? []).toEqual([]);
  });
});

describe("a campaign's first and last day", () => {
  it("are read strictly and stored as YYYY-MM-DD", () => {
    const ok = CampaignSchema.safeParse({ titleMn: "Аян", titleEn: "Campaign", startsOn: "2026.03.01", endsOn: "20260430" });
    expect(ok.success && ok.data).toMatchObject({ startsOn: "2026-03-01", endsOn: "2026-04-30" });
    const bad = CampaignSchema.safeParse({ titleMn: "Аян", titleEn: "Campaign", startsOn: "1/3/2026", endsOn: "2026-02-30" });
    expect(issuesByField(bad.error!.issues)).toMatchObject({ startsOn: ["eventPlan.errors.badDate"], endsOn: ["eventPlan.errors.badDate"] });
    const backwards = CampaignSchema.safeParse({ titleMn: "Аян", titleEn: "Campaign", startsOn: "2026-04-30", endsOn: "2026.03.01" });
    expect(issuesByField(backwards.error!.issues)).toMatchObject({ endsOn: ["eventPlan.errors.campaignEndBeforeStart"] });
  });
});

describe("the event report's date filter", () => {
  it("reads a typed day into YYYY-MM-DD and drops what is no day", async () => {
    // the filter reads the reader's scope from their roles only
    const user = { roles: [{ role: "admin", aimag_code: null }] } as unknown as SessionUser;
    const read = async (qs: string) => (await readEventReportQuery(new URL(`http://localhost/admin/reports/events?${qs}`), user)).query;
    expect(await read("from=2026.01.05&to=20260131")).toMatchObject({ from: "2026-01-05", to: "2026-01-31" });
    expect(await read("from=05.01.2026&to=2026-02-30")).toMatchObject({ from: "", to: "" });
  });
});
