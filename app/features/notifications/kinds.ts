// What Erdem notifies people of (decision 032): each kind belongs to a topic, and a person chooses
// per topic whether it also comes by e-mail. The text is written from the kind and its params in
// the reader's language when shown (the bell's page) or sent (the e-mail): one rule for both.
import type { TFunction } from "i18next";
import type { Language } from "~/i18n/config";
import { formatDateLong, formatDateTime, formatNumber } from "~/i18n/format";

export const TOPICS = ["assignment", "due", "certificate", "event", "digest"] as const;
export type Topic = (typeof TOPICS)[number];

export const KIND_TOPIC = {
  assigned: "assignment",
  due_week: "due",
  due_tomorrow: "due",
  overdue: "due",
  certificate_issued: "certificate",
  certificate_expiring: "certificate",
  certificate_expired: "certificate",
  event_registered: "event",
  event_waiting: "event",
  event_promoted: "event",
  event_reminder: "event",
  event_cancelled: "event",
  overdue_digest: "digest",
} as const satisfies Record<string, Topic>;
export type NotificationKind = keyof typeof KIND_TOPIC;

/** At most this many unread are counted: the header says "9+" beyond. */
export const UNREAD_CAP = 10;

export const isNotificationKind = (kind: string): kind is NotificationKind => Object.hasOwn(KIND_TOPIC, kind);

/** Both languages' names of what a notification is about, kept with it: the text does not depend on content that may change. */
export interface Titles {
  mn: string;
  en: string;
}

/** What each kind's text needs. Dates are ISO strings. */
export interface KindParams {
  assigned: { course: Titles; due: string | null };
  due_week: { course: Titles; due: string };
  due_tomorrow: { course: Titles; due: string };
  overdue: { course: Titles; due: string };
  certificate_issued: { course: Titles; serial: string; verify: string };
  certificate_expiring: { course: Titles; expires: string };
  certificate_expired: { course: Titles; expires: string };
  event_registered: { event: Titles; starts: string; venue: string };
  event_waiting: { event: Titles; starts: string; venue: string; position: number };
  event_promoted: { event: Titles; starts: string; venue: string };
  event_reminder: { event: Titles; starts: string; venue: string };
  event_cancelled: { event: Titles; starts: string };
  overdue_digest: { aimag: Titles; count: number; newCount: number };
}

export interface NotificationText {
  title: string;
  body: string;
  action: string;
}

/** The words of a notification in one language; `t` is fixed to that language. */
export function notificationText(t: TFunction, lng: Language, kind: NotificationKind, params: Record<string, unknown>): NotificationText {
  const p = params as Record<string, any>;
  const values: Record<string, string> = {};
  if (p.course) values.course = p.course[lng] ?? p.course.mn;
  if (p.event) values.event = p.event[lng] ?? p.event.mn;
  if (p.aimag) values.aimag = p.aimag[lng] ?? p.aimag.mn;
  if (p.due) values.date = formatDateLong(p.due, lng);
  if (p.expires) values.date = formatDateLong(p.expires, lng);
  if (p.starts) values.date = formatDateTime(p.starts, lng);
  for (const key of ["serial", "verify", "venue"] as const) if (typeof p[key] === "string") values[key] = p[key];
  for (const key of ["position", "count", "newCount"] as const) if (typeof p[key] === "number") values[key] = formatNumber(p[key], lng);
  const body = kind === "assigned" && !p.due ? t("notify.assigned.bodyNoDue", values) : t(`notify.${kind}.body`, values);
  return { title: t(`notify.${kind}.title`, values), body, action: t(`notify.${kind}.action`, values) };
}
