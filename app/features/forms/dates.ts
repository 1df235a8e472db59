// Dates and times typed into text fields. A native date or time picker speaks the browser's
// language (English words and formats in a Mongolian page), so Erdem asks for "2026-12-31" and
// "09:30" as text and reads them here, strictly: a real calendar day written year first, a time on
// the 24-hour clock. Shared by the server's checks and the form components.

const pad = (n: number) => String(n).padStart(2, "0");

/** Year first, one separator used throughout (2026-12-31, 2026.12.31, 2026/12/31), or 20261231 from a numeric keypad. */
const DATE = /^(\d{4})([-./])(\d{1,2})\2(\d{1,2})$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;

/** A written day → "YYYY-MM-DD"; null unless it is a real calendar day between the years 1900 and 2199. */
export function parseDateInput(value: string): string | null {
  const text = value.trim();
  const m = DATE.exec(text);
  const c = m ? null : COMPACT_DATE.exec(text);
  const parts = m ? [m[1], m[3], m[4]] : c ? [c[1], c[2], c[3]] : null;
  if (!parts) return null;
  const [y, mo, d] = parts.map(Number);
  if (y < 1900 || y > 2199) return null;
  const day = new Date(0);
  day.setUTCFullYear(y, mo - 1, d);
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

/** 09:30, 9:30, 9.30 or 0930 (a numeric keypad has no colon). */
const TIME = /^(\d{1,2})[:.]?(\d{2})$/;

/** A written time of day → "HH:MM" on the 24-hour clock; null when it is none. */
export function parseTimeInput(value: string): string | null {
  const m = TIME.exec(value.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h <= 23 && min <= 59 ? `${pad(h)}:${pad(min)}` : null;
}
