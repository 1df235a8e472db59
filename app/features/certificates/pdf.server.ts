// The certificate as an A4 landscape PDF, in Mongolian and English, with a QR code to the public
// verification page. DejaVu fonts carry Ө ө Ү ү; they are read once and subset per document.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";
import { degrees, PDFDocument, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import QRCode from "qrcode";
import { formatDateLong } from "~/i18n/format";
import type { Certificate } from "./certificates.server";

const require = createRequire(import.meta.url);
const fontDir = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
let fonts: { serifBold: Uint8Array; sans: Uint8Array } | undefined;
function fontBytes() {
  return (fonts ??= {
    serifBold: readFileSync(path.join(fontDir, "DejaVuSerif-Bold.ttf")),
    sans: readFileSync(path.join(fontDir, "DejaVuSans.ttf")),
  });
}

const BLUE = rgb(0x01 / 255, 0x51 / 255, 0x97 / 255);
const DARK = rgb(0.1, 0.12, 0.16);
const GREY = rgb(0.35, 0.38, 0.42);
const GOLD = rgb(0.72, 0.56, 0.2);
const RED = rgb(0.73, 0.07, 0.07);

export const ISSUER = {
  mn: "И-Монголиа академи ТӨҮГ",
  en: "E-Mongolia Academy SOE",
};

function centered(page: PDFPage, text: string, y: number, font: PDFFont, size: number, color = DARK) {
  const width = font.widthOfTextAtSize(text, size);
  page.drawText(text, { x: (page.getWidth() - width) / 2, y, size, font, color });
}

/** Splits text into lines no wider than `max` points. */
function wrap(text: string, font: PDFFont, size: number, max: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) > max && line) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** The largest size up to `size` at which the text fits the width (width grows linearly with size). */
function fit(text: string, font: PDFFont, size: number, max: number) {
  const width = font.widthOfTextAtSize(text, size);
  return width <= max ? size : Math.max(6, Math.floor((size * max) / width));
}

export async function renderCertificatePdf(cert: Certificate, verifyUrl: string): Promise<Uint8Array> {
  const bytes = fontBytes();
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const revoked = Boolean(cert.revoked_at);
  doc.setTitle(`${revoked ? "ХҮЧИНГҮЙ / REVOKED — " : ""}Гэрчилгээ ${cert.serial} — ${cert.learner_name}`);
  doc.setAuthor(ISSUER.en);
  doc.setSubject(cert.course_title_en);
  doc.setCreator("Erdem");
  // Two faces only: every embedded font is subset per document, and that is most of the time spent.
  const [serifBold, sans] = await Promise.all([doc.embedFont(bytes.serifBold, { subset: true }), doc.embedFont(bytes.sans, { subset: true })]);
  const page = doc.addPage([841.89, 595.28]);
  const W = page.getWidth();
  const H = page.getHeight();

  // Frame: a deep-blue border with a thin gold rule inside.
  page.drawRectangle({ x: 18, y: 18, width: W - 36, height: H - 36, borderColor: BLUE, borderWidth: 4 });
  page.drawRectangle({ x: 28, y: 28, width: W - 56, height: H - 56, borderColor: GOLD, borderWidth: 0.8 });
  // Header band (on a revoked certificate, the revocation notice takes its place).
  if (!revoked) centered(page, "И-МОНГОЛИА АКАДЕМИ  ·  E-MONGOLIA ACADEMY", H - 70, sans, 11, BLUE);
  page.drawLine({ start: { x: W / 2 - 120, y: H - 80 }, end: { x: W / 2 + 120, y: H - 80 }, thickness: 0.8, color: GOLD });

  centered(page, "ГЭРЧИЛГЭЭ", H - 130, serifBold, 40, BLUE);
  centered(page, "CERTIFICATE OF COMPLETION", H - 155, sans, 13, GREY);

  centered(page, "Энэхүү гэрчилгээг  ·  This certifies that", H - 195, sans, 11.5, GREY);
  const nameSize = fit(cert.learner_name, serifBold, 30, W - 160);
  centered(page, cert.learner_name, H - 235, serifBold, nameSize, DARK);
  const nameWidth = Math.max(260, serifBold.widthOfTextAtSize(cert.learner_name, nameSize) + 40);
  page.drawLine({ start: { x: (W - nameWidth) / 2, y: H - 245 }, end: { x: (W + nameWidth) / 2, y: H - 245 }, thickness: 0.6, color: GOLD });
  const place = `${cert.organisation_mn}, ${cert.aimag_mn}`;
  centered(page, place, H - 265, sans, fit(place, sans, 10.5, W - 160), GREY);

  let y = H - 300;
  for (const line of wrap(`«${cert.course_title_mn}» сургалтыг амжилттай дүүргэсэн тул олгов.`, serifBold, 13.5, W - 200)) {
    centered(page, line, y, serifBold, 13.5, DARK);
    y -= 19;
  }
  y -= 2;
  for (const line of wrap(`has successfully completed the course “${cert.course_title_en}”.`, sans, 11, W - 200)) {
    centered(page, line, y, sans, 11, GREY);
    y -= 16;
  }
  const hours = Number.isInteger(cert.hours) ? String(cert.hours) : cert.hours.toFixed(1);
  centered(
    page,
    `Сургалтын хугацаа ${hours} цаг · Хувилбар ${cert.course_version}   /   ${hours} hours · version ${cert.course_version}`,
    y - 6,
    sans,
    10,
    GREY,
  );

  // Bottom left: dates and serial, Mongolian above English.
  const left = 60;
  const small = (text: string, y: number, color = DARK) => page.drawText(text, { x: left, y, size: 9, font: sans, color });
  small(`Олгосон: ${formatDateLong(cert.issued_at, "mn")}`, 150);
  small(`Issued: ${formatDateLong(cert.issued_at, "en")}`, 138, GREY);
  if (cert.expires_at) {
    small(`Хүчинтэй: ${formatDateLong(cert.expires_at, "mn")} хүртэл`, 120);
    small(`Valid until: ${formatDateLong(cert.expires_at, "en")}`, 108, GREY);
  } else {
    small("Хугацаагүй хүчинтэй", 120);
    small("Does not expire", 108, GREY);
  }
  small("Дугаар / Serial", 86, GREY);
  page.drawText(cert.serial, { x: left, y: 70, size: 12, font: serifBold, color: BLUE });

  // Bottom centre: signature line.
  const sigX = W / 2 - 95;
  page.drawLine({ start: { x: sigX, y: 110 }, end: { x: sigX + 190, y: 110 }, thickness: 0.7, color: DARK });
  centered(page, "Захирал  /  Director", 96, sans, 9.5, GREY);
  centered(page, ISSUER.mn, 80, serifBold, 10.5, DARK);
  centered(page, ISSUER.en, 66, sans, 9, GREY);

  // Bottom right: QR code to the verification page (as vector squares: sharp in print, no image
  // to encode), and the address in text.
  const qr = QRCode.create(verifyUrl, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const qrSize = 92;
  const cell = qrSize / (n + 2); // one module of quiet zone each side
  const qrX = W - 60 - qrSize;
  const qrY = 86;
  page.drawRectangle({ x: qrX, y: qrY, width: qrSize, height: qrSize, color: rgb(1, 1, 1) });
  let path = "";
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (qr.modules.get(row, col)) path += `M${(col + 1) * cell} ${(row + 1) * cell}h${cell}v${cell}h${-cell}z`;
    }
  }
  // drawSvgPath puts (0,0) at the given point and grows downwards, as SVG does.
  page.drawSvgPath(path, { x: qrX, y: qrY + qrSize, color: rgb(0, 0, 0), borderWidth: 0 });
  page.drawText("Баталгаажуулах / Verify:", { x: W - 60 - 170, y: 70, size: 8, font: sans, color: GREY });
  const urlSize = fit(verifyUrl, sans, 7.5, 170);
  page.drawText(verifyUrl, { x: W - 60 - sans.widthOfTextAtSize(verifyUrl, urlSize), y: 58, size: urlSize, font: sans, color: BLUE });

  if (revoked) drawRevokedMark(page, cert, serifBold, sans);

  return doc.save();
}

/**
 * A revoked certificate stays downloadable (its holder may already have printed it), but every copy
 * says so on its face: a red notice with the date and the reason, which the verification page shows
 * publicly too, and a diagonal stamp across the page that survives cropping.
 */
function drawRevokedMark(page: PDFPage, cert: Certificate, bold: PDFFont, sans: PDFFont) {
  const W = page.getWidth();
  const H = page.getHeight();
  const top = H - 34;
  const height = 56;
  page.drawRectangle({ x: 34, y: top - height, width: W - 68, height, color: RED });
  const white = rgb(1, 1, 1);
  centered(page, "ХҮЧИНГҮЙ БОЛСОН  ·  REVOKED", top - 17, bold, 15, white);
  const when = `Хүчингүй болгосон: ${formatDateLong(cert.revoked_at!, "mn")}  ·  Revoked on ${formatDateLong(cert.revoked_at!, "en")}`;
  centered(page, when, top - 32, sans, fit(when, sans, 9, W - 100), white);
  if (cert.revoked_reason) {
    const [first, ...rest] = wrap(`Шалтгаан / Reason: ${cert.revoked_reason}`, sans, 9, W - 100);
    centered(page, rest.length ? `${first} …` : first, top - 46, sans, 9, white);
  }
  // Diagonal stamp through the middle of the page, under 40% opacity so the text beneath stays legible.
  for (const [text, dy] of [
    ["ХҮЧИНГҮЙ", 30],
    ["REVOKED", -50],
  ] as const) {
    const size = 78;
    const width = bold.widthOfTextAtSize(text, size);
    const angle = (22 * Math.PI) / 180;
    // rotate about the text's own centre: start half a width back along the baseline
    const cx = W / 2 - Math.sin(angle) * dy;
    const cy = H / 2 - 40 + Math.cos(angle) * dy;
    page.drawText(text, {
      x: cx - (Math.cos(angle) * width) / 2,
      y: cy - (Math.sin(angle) * width) / 2,
      size,
      font: bold,
      color: RED,
      opacity: 0.28,
      rotate: degrees(22),
    });
  }
}

/** Renders a throwaway certificate so that the first real download does not pay for warming up. */
export async function warmUpCertificatePdf(): Promise<void> {
  const now = new Date().toISOString();
  await renderCertificatePdf(
    {
      id: "warm-up",
      serial: "EMA-0000-000000",
      code: "a".repeat(32),
      status_index: 0,
      user_id: "",
      course_slug: "",
      course_version: "1",
      course_title_mn: "Сургалт",
      course_title_en: "Course",
      hours: 1,
      learner_name: "Өө Үү",
      learner_surname: "Өө",
      aimag_code: "MN-1",
      aimag_mn: "Улаанбаатар",
      aimag_en: "Ulaanbaatar",
      organisation_mn: "Байгууллага",
      organisation_en: "Organisation",
      issued_at: now,
      expires_at: null,
      issued_by: null,
      offline_reason: null,
      renewed_from: null,
      revoked_at: null,
      revoked_reason: null,
      revoked_by: null,
    },
    "http://localhost/verify/warm-up",
  );
}
