// Dates, numbers and names the way Mongolian (and English) readers expect them.
import type { Language } from "./config";

const pad = (n: number) => String(n).padStart(2, "0");
const ENGLISH_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** Calendar parts in Ulaanbaatar time (UTC+8, no daylight saving), whatever the server's zone. */
function ubParts(value: Date | string) {
  const d = new Date(new Date(value).getTime() + 8 * 60 * 60 * 1000);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, day: d.getUTCDate(), h: d.getUTCHours(), min: d.getUTCMinutes() };
}

/** mn: "2026 оны 11 сарын 24"; en: "24 November 2026". */
export function formatDateLong(value: Date | string, lng: Language): string {
  const { y, m, day } = ubParts(value);
  return lng === "mn" ? `${y} оны ${m} сарын ${day}` : `${day} ${ENGLISH_MONTHS[m - 1]} ${y}`;
}

/** "2026-11-24", the day in Ulaanbaatar: for files that spreadsheets read (CSV exports). */
export function formatDateIso(value: Date | string): string {
  const { y, m, day } = ubParts(value);
  return `${y}-${pad(m)}-${pad(day)}`;
}

/** mn: "2026.11.24"; en: "24/11/2026". */
export function formatDateShort(value: Date | string, lng: Language): string {
  const { y, m, day } = ubParts(value);
  return lng === "mn" ? `${y}.${pad(m)}.${pad(day)}` : `${pad(day)}/${pad(m)}/${y}`;
}

export function formatDateTime(value: Date | string, lng: Language): string {
  const { h, min } = ubParts(value);
  return `${formatDateShort(value, lng)} ${pad(h)}:${pad(min)}`;
}

/** Thousands separated by a space in Mongolian ("1 106"), by a comma in English ("1,106"). */
/** Thousands grouped the reader's way; at most `maxDecimals` decimals (scores show two). */
export function formatNumber(value: number, lng: Language, maxDecimals = 3): string {
  const s = new Intl.NumberFormat(lng === "mn" ? "mn-MN" : "en-GB", { maximumFractionDigits: maxDecimals }).format(value);
  return lng === "mn" ? s.replace(/[\u00a0\u202f,]/g, " ") : s;
}

/** A share (0.453) as a whole percentage ("45%"); below 1% and above 99% with a decimal, so that 0.4% is not "0%". */
export function formatPercent(share: number, lng: Language): string {
  const percent = share * 100;
  const decimals = percent > 0 && percent < 1 ? 1 : percent > 99 && percent < 100 ? 1 : 0;
  return `${formatNumber(Number(percent.toFixed(decimals)), lng, decimals)}%`;
}

/** Mongolian convention: initial of the surname (patronymic), then the given name — "Д. Болд". */
export function shortName(person: { surname: string; given_name: string }): string {
  const initial = person.surname.trim().charAt(0).toUpperCase();
  return initial ? `${initial}. ${person.given_name}` : person.given_name;
}

export function fullName(person: { surname: string; given_name: string }): string {
  return `${person.surname} ${person.given_name}`.trim();
}

const mongolian = new Intl.Collator("mn");

/** People in Mongolian alphabetical order: surname, then given name (Ө after О, Ү after У). */
export function byMongolianName(a: { surname: string; given_name: string }, b: { surname: string; given_name: string }): number {
  return mongolian.compare(a.surname, b.surname) || mongolian.compare(a.given_name, b.given_name);
}
