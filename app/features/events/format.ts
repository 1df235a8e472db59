// Event dates and hours as people read them, in Ulaanbaatar time.
import { formatDateLong, formatDateShort } from "~/i18n/format";
import type { Language } from "~/i18n/config";
import { instantToLocal } from "./rules";

/** "2026 оны 11 сарын 24, 09:00–17:00". */
export function sessionWhen(startsAt: string, endsAt: string, lng: Language): string {
  return `${formatDateLong(startsAt, lng)}, ${instantToLocal(startsAt).time}–${instantToLocal(endsAt).time}`;
}

/** One day: its long date; several: "2026.11.24 – 2026.11.26". */
export function eventDates(startsAt: string, endsAt: string, lng: Language): string {
  if (instantToLocal(startsAt).date === instantToLocal(endsAt).date) return formatDateLong(startsAt, lng);
  return `${formatDateShort(startsAt, lng)} – ${formatDateShort(endsAt, lng)}`;
}
