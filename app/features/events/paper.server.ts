// The paper fallback of the roll call: what the printed sign-in sheet shows, and how a ticked-off
// sheet (or one person's QR code on it) becomes attendance marks through recordMarks.
import type { TFunction } from "i18next";
import type { AttendanceMark } from "../../../db/schema";
import type { SessionUser } from "~/features/auth/session.server";
import { publicBase } from "~/features/certificates/base-url.server";
import type { Language } from "~/i18n/config";
import { formatDateLong, fullName } from "~/i18n/format";
import { canManageEvent, type IncomingMark } from "./events.server";
import * as repo from "./repository.server";
import { instantToLocal } from "./rules";
import { renderSignInSheet } from "./sheet-pdf.server";

type Actor = Pick<SessionUser, "id" | "roles">;

export function tickPath(eventId: string, sessionId: string, sheetCode: string): string {
  return `/events/${eventId}/sessions/${sessionId}/tick/${sheetCode}`;
}

/**
 * An event's session for someone who may manage the event: 404 when the event or the session (of
 * that event) does not exist, 403 when the user may not take its roll.
 */
export async function requireManagedSession(user: Actor, eventId: string, sessionId: string) {
  const event = await repo.findEventWithPlace(eventId);
  const session = event && (await repo.findSession(sessionId));
  if (!event || !session || session.event_id !== event.id) throw new Response("Not found", { status: 404 });
  if (!(await canManageEvent(user, event))) throw new Response("Forbidden", { status: 403 });
  return { event, session };
}

type Managed = Awaited<ReturnType<typeof requireManagedSession>>;

/** The people on the sheet: registered ones only, in the order the roll lists them (surname, given name). */
export async function sheetPeople(eventId: string) {
  return (await repo.listRegistrations(eventId)).filter((r) => r.status === "registered");
}

/** "2026 оны 11 сарын 24, 10:00–13:00" in Ulaanbaatar time. */
export function sessionWhen(session: { starts_at: string; ends_at: string }, lng: Language): string {
  const a = instantToLocal(session.starts_at);
  const b = instantToLocal(session.ends_at);
  const endDay = a.date === b.date ? "" : `${formatDateLong(session.ends_at, lng)} `;
  return `${formatDateLong(session.starts_at, lng)}, ${a.time}–${endDay}${b.time}`;
}

export function placeOf(event: Managed["event"], lng: Language): string {
  const aimag = lng === "en" ? event.aimag_en : event.aimag_mn;
  const sum = lng === "en" ? event.sum_en : event.sum_mn;
  return sum ? `${aimag}, ${sum}` : aimag;
}

/** The sign-in sheet as a PDF, with its file name. */
export async function signInSheetPdf(managed: Managed, lng: Language, t: TFunction): Promise<{ pdf: Uint8Array; filename: string }> {
  const { event, session } = managed;
  const [people, trainers] = await Promise.all([sheetPeople(event.id), repo.findEventTrainers(event.id)]);
  const title = lng === "en" ? event.title_en : event.title_mn;
  const base = publicBase();
  const pdf = await renderSignInSheet(
    {
      title,
      documentTitle: `${t("eventPaper.sheet.documentTitle")} — ${title}`,
      lines: [
        `${t("eventPaper.sheet.place")}: ${placeOf(event, lng)} · ${t("eventPaper.sheet.venue")}: ${event.venue}`,
        `${t("eventPaper.sheet.when")}: ${sessionWhen(session, lng)}`,
        `${t("eventPaper.sheet.trainers")}: ${trainers.map(fullName).join(", ") || "—"}`,
        `${t("eventPaper.sheet.registered", { count: people.length })}`,
      ],
      columns: {
        no: "№",
        name: t("eventPaper.sheet.colName"),
        organisation: t("eventPaper.sheet.colOrganisation"),
        phone: t("eventPaper.sheet.colPhone"),
        signature: t("eventPaper.sheet.colSignature"),
        qr: "QR",
      },
      page: (x, y) => t("eventPaper.sheet.page", { x, y }),
      walkIn: t("eventPaper.sheet.walkIn"),
      footer: t("eventPaper.sheet.footer", { url: `${base}/events/${event.id}/sessions/${session.id}/sheet` }),
    },
    people.map((p) => ({
      name: fullName(p),
      organisation: [lng === "en" ? p.organisation_en : p.organisation_mn, p.position].filter(Boolean).join(" · "),
      phone: p.phone,
      tickUrl: `${base}${tickPath(event.id, session.id, p.sheet_code)}`,
    })),
  );
  const date = instantToLocal(session.starts_at).date;
  return { pdf, filename: `erdem-sheet-${date}-${event.aimag_code}.pdf` };
}

/** One row of the tick-off page: the person, their current mark, and a fresh client id for this form. */
export async function sheetRows(eventId: string, sessionId: string) {
  const [people, marks] = await Promise.all([sheetPeople(eventId), repo.listSessionMarks(sessionId)]);
  const byUser = new Map(marks.map((m) => [m.user_id, m]));
  return people.map((p, i) => ({
    no: i + 1,
    userId: p.user_id,
    name: fullName(p),
    organisation: p.organisation_mn,
    organisationEn: p.organisation_en,
    position: p.position,
    mark: (byUser.get(p.user_id)?.mark ?? null) as AttendanceMark | null,
    source: byUser.get(p.user_id)?.source ?? null,
    // made at render: the same form sent twice is the same marks (recordMarks accepts an id once)
    clientId: `sheet:${sessionId}:${p.user_id}:${crypto.randomUUID()}`,
  }));
}

const CLIENT_ID = /^sheet:[A-Za-z0-9-]{1,64}:[A-Za-z0-9-]{1,64}:[0-9a-f-]{36}$/;

/**
 * The marks a ticked-off sheet means. Ticked: present (someone the roll already has as present or
 * late is left alone). Not ticked: absent when nobody marked them yet; someone marked present or
 * late on the roll call keeps that mark unless `overwrite` (the trainer's explicit choice to mark
 * them absent); absent and excused marks stay.
 */
export function marksFromSheet(
  rows: { userId: string; mark: AttendanceMark | null }[],
  form: { signed: Set<string>; overwrite: boolean; clientIds: Map<string, string> },
  sessionId: string,
): IncomingMark[] {
  const out: IncomingMark[] = [];
  for (const r of rows) {
    const attended = r.mark === "present" || r.mark === "late";
    let mark: AttendanceMark | null = null;
    if (form.signed.has(r.userId)) mark = attended ? null : "present";
    else if (!r.mark) mark = "absent";
    else if (attended && form.overwrite) mark = "absent";
    if (!mark) continue;
    const sent = form.clientIds.get(r.userId);
    const clientId =
      sent && CLIENT_ID.test(sent) && sent.startsWith(`sheet:${sessionId}:${r.userId}:`) ? sent : `sheet:${sessionId}:${r.userId}:${crypto.randomUUID()}`;
    out.push({ userId: r.userId, mark, clientId });
  }
  return out;
}
