// The printable sign-in sheet of one session: A4 portrait, one row per registered person with a
// wide signature box and a small QR code that opens that person's tick page on a trainer's phone.
// The header repeats on every page; a few blank rows at the end take walk-ins.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import QRCode from "qrcode";

const require = createRequire(import.meta.url);
const fontDir = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
let fonts: { bold: Uint8Array; sans: Uint8Array } | undefined;
function fontBytes() {
  return (fonts ??= {
    bold: readFileSync(path.join(fontDir, "DejaVuSans-Bold.ttf")),
    sans: readFileSync(path.join(fontDir, "DejaVuSans.ttf")),
  });
}

const BLUE = rgb(0x01 / 255, 0x51 / 255, 0x97 / 255);
const DARK = rgb(0.1, 0.12, 0.16);
const GREY = rgb(0.35, 0.38, 0.42);
const RULE = rgb(0.55, 0.58, 0.62);
const SHADE = rgb(0.94, 0.95, 0.97);

export interface SheetPerson {
  name: string;
  /** Organisation and position, one line of text (wrapped on the sheet). */
  organisation: string;
  phone: string | null;
  /** What the person's QR code holds: the address of their tick page. */
  tickUrl: string;
}

export interface SheetText {
  title: string;
  /** Lines under the title: place, venue, date and hours, trainers. */
  lines: string[];
  columns: { no: string; name: string; organisation: string; phone: string; signature: string; qr: string };
  /** "Хуудас {x} / {y}" with the numbers filled in by the caller's function. */
  page: (x: number, y: number) => string;
  walkIn: string;
  footer: string;
  documentTitle: string;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 34;
/** The footer sits lower than the side margins: printers keep about 5 mm clear. */
const BOTTOM = 22;
const ROW_H = 47;
const QR_SIZE = 42; // ≈ 15 mm
export const BLANK_ROWS = 5;

/** Splits text into lines no wider than `max` points; a word longer than a line is cut. */
function wrap(text: string, font: PDFFont, size: number, max: number): string[] {
  const lines: string[] = [];
  let line = "";
  const push = (word: string) => {
    // a single word wider than the box (a long surname) is broken by characters
    while (font.widthOfTextAtSize(word, size) > max && word.length > 1) {
      let cut = word.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(`${word.slice(0, cut)}-`, size) > max) cut--;
      lines.push(`${word.slice(0, cut)}-`);
      word = word.slice(cut);
    }
    return word;
  };
  for (const raw of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${raw}` : raw;
    if (font.widthOfTextAtSize(next, size) <= max) line = next;
    else {
      if (line) lines.push(line);
      line = push(raw);
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** At most `count` lines; the last one ends in an ellipsis when text was left out. */
function clampLines(lines: string[], count: number, font: PDFFont, size: number, max: number): string[] {
  if (lines.length <= count) return lines;
  const kept = lines.slice(0, count);
  let last = kept[count - 1];
  while (last.length > 1 && font.widthOfTextAtSize(`${last}…`, size) > max) last = last.slice(0, -1);
  kept[count - 1] = `${last}…`;
  return kept;
}

function drawQr(page: PDFPage, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: "L" });
  const n = qr.modules.size;
  const cell = size / (n + 2); // one module of quiet zone each side
  let d = "";
  for (let row = 0; row < n; row++)
    for (let col = 0; col < n; col++) if (qr.modules.get(row, col)) d += `M${(col + 1) * cell} ${(row + 1) * cell}h${cell}v${cell}h${-cell}z`;
  page.drawRectangle({ x, y, width: size, height: size, color: rgb(1, 1, 1) });
  page.drawSvgPath(d, { x, y: y + size, color: rgb(0, 0, 0), borderWidth: 0 });
}

export async function renderSignInSheet(text: SheetText, people: SheetPerson[]): Promise<Uint8Array> {
  const bytes = fontBytes();
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(text.documentTitle);
  doc.setCreator("Erdem");
  const [bold, sans] = await Promise.all([doc.embedFont(bytes.bold, { subset: true }), doc.embedFont(bytes.sans, { subset: true })]);
  const [W, H] = A4;
  const inner = W - 2 * MARGIN;
  // column widths: №, name, organisation/position, phone, signature (the rest), QR
  const widths = [22, 120, 114, 62, 0, QR_SIZE + 8];
  widths[4] = inner - widths.reduce((a, b) => a + b, 0);
  const xs = widths.reduce<number[]>((acc, w, i) => [...acc, acc[i] + w], [MARGIN]);

  // the header's height decides how many rows fit; measure it once
  // the title keeps clear of "page x / y" in the top right corner
  const titleW = inner - 80;
  const titleLines = clampLines(wrap(text.title, bold, 14, titleW), 3, bold, 14, titleW);
  const infoLines = text.lines.flatMap((l) => clampLines(wrap(l, sans, 9, inner), 2, sans, 9, inner));
  const headerH = titleLines.length * 18 + infoLines.length * 12.5 + 8;
  const tableTop = H - MARGIN - headerH - 8;
  const headRowH = 20;
  const footLines = clampLines(wrap(text.footer, sans, 7.5, inner), 4, sans, 7.5, inner);
  const footerH = footLines.length * 9 + 8;
  const perPage = Math.max(1, Math.floor((tableTop - headRowH - BOTTOM - footerH) / ROW_H));
  const rows: (SheetPerson | null)[] = [...people, ...Array.from({ length: BLANK_ROWS }, () => null)];
  const pages = Math.max(1, Math.ceil(rows.length / perPage));

  for (let p = 0; p < pages; p++) {
    const page = doc.addPage(A4);
    let y = H - MARGIN - 12;
    for (const line of titleLines) {
      page.drawText(line, { x: MARGIN, y, size: 14, font: bold, color: BLUE });
      y -= 18;
    }
    for (const line of infoLines) {
      page.drawText(line, { x: MARGIN, y, size: 9, font: sans, color: DARK });
      y -= 12.5;
    }
    const pageLabel = text.page(p + 1, pages);
    page.drawText(pageLabel, { x: W - MARGIN - sans.widthOfTextAtSize(pageLabel, 9), y: H - MARGIN - 12, size: 9, font: sans, color: GREY });

    // column headings
    const headY = tableTop - headRowH;
    page.drawRectangle({ x: MARGIN, y: headY, width: inner, height: headRowH, color: SHADE, borderColor: RULE, borderWidth: 0.6 });
    const heads = [text.columns.no, text.columns.name, text.columns.organisation, text.columns.phone, text.columns.signature, text.columns.qr];
    heads.forEach((h, i) => {
      const size = Math.min(8, (8 * (widths[i] - 6)) / Math.max(1, bold.widthOfTextAtSize(h, 8)));
      page.drawText(h, { x: xs[i] + 3, y: headY + 7, size, font: bold, color: DARK });
    });

    const slice = rows.slice(p * perPage, (p + 1) * perPage);
    slice.forEach((person, i) => {
      const number = p * perPage + i + 1;
      const top = headY - i * ROW_H;
      const bottom = top - ROW_H;
      page.drawRectangle({ x: MARGIN, y: bottom, width: inner, height: ROW_H, borderColor: RULE, borderWidth: 0.6 });
      for (let c = 1; c < widths.length; c++) page.drawLine({ start: { x: xs[c], y: top }, end: { x: xs[c], y: bottom }, thickness: 0.6, color: RULE });
      page.drawText(String(number), { x: xs[0] + 3, y: top - 15, size: 9, font: sans, color: DARK });
      if (!person) {
        const hint = clampLines(wrap(text.walkIn, sans, 6, widths[1] - 6), 3, sans, 6, widths[1] - 6);
        hint.forEach((l, k) => page.drawText(l, { x: xs[1] + 3, y: bottom + 4 + (hint.length - 1 - k) * 7, size: 6, font: sans, color: GREY }));
        return;
      }
      // the name: up to two lines, smaller when a line would not fit
      // a long word (a surname of twenty letters) is set smaller before it is broken
      const longest = Math.max(...person.name.split(/\s+/).map((w) => bold.widthOfTextAtSize(w, 9.5)));
      const nameSize = Math.max(7.5, Math.min(9.5, (9.5 * (widths[1] - 6)) / longest));
      const nameLines = clampLines(wrap(person.name, bold, nameSize, widths[1] - 6), 3, bold, nameSize, widths[1] - 6);
      nameLines.forEach((l, k) => page.drawText(l, { x: xs[1] + 3, y: top - 13 - k * (nameSize + 2), size: nameSize, font: bold, color: DARK }));
      const orgLines = clampLines(wrap(person.organisation, sans, 7, widths[2] - 6), 4, sans, 7, widths[2] - 6);
      orgLines.forEach((l, k) => page.drawText(l, { x: xs[2] + 3, y: top - 11 - k * 8.5, size: 7, font: sans, color: DARK }));
      if (person.phone) {
        const size = Math.min(8.5, (8.5 * (widths[3] - 6)) / sans.widthOfTextAtSize(person.phone, 8.5));
        page.drawText(person.phone, { x: xs[3] + 3, y: top - 14, size, font: sans, color: DARK });
      }
      drawQr(page, person.tickUrl, xs[5] + (widths[5] - QR_SIZE) / 2, bottom + (ROW_H - QR_SIZE) / 2, QR_SIZE);
    });

    // how to tick it off, on every page
    footLines.forEach((l, k) => page.drawText(l, { x: MARGIN, y: BOTTOM + (footLines.length - 1 - k) * 9, size: 7.5, font: sans, color: GREY }));
  }
  return doc.save();
}
