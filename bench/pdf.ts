// Certificate PDF generation time, after warm-up, for a learner with a Cyrillic name.
import { machine, recordSection, fmt } from "./lib";
import { renderCertificatePdf } from "~/features/certificates/pdf.server";
import type { Certificate } from "~/features/certificates/certificates.server";

export async function benchPdf() {
  const cert: Certificate = {
    id: "bench",
    serial: "EMA-2026-000123",
    code: "abcdefghijklmnopqrstuvwxyz234567",
    status_index: 1,
    user_id: "u",
    course_slug: "e-mongolia-service-operators",
    course_version: "1.0",
    course_title_mn: "Сумын оператор, Хурдан цэгийн албан хаагчдад зориулсан E-Mongolia үйлчилгээ",
    course_title_en: "E-Mongolia services for sum operators and Khurdan Tseg officials",
    hours: 8,
    learner_name: "Өлзийбаяр Үүрцайх",
    learner_surname: "Өлзийбаяр",
    aimag_code: "MN-069",
    aimag_mn: "Баянхонгор",
    aimag_en: "Bayankhongor",
    organisation_mn: "Баянхонгор аймгийн Бөмбөгөр сумын Засаг даргын Тамгын газар",
    organisation_en: "Governor's Office of Bömbögör Sum, Bayankhongor",
    issued_at: "2026-11-24T03:00:00Z",
    expires_at: "2028-11-24T03:00:00Z",
    issued_by: null,
    offline_reason: null,
    renewed_from: null,
    revoked_at: null,
    revoked_reason: null,
    revoked_by: null,
  };
  const url = `https://erdem.example.mn/verify/${cert.code}`;
  const first = performance.now();
  let size = (await renderCertificatePdf(cert, url)).length;
  const cold = performance.now() - first;
  for (let i = 0; i < 10; i++) await renderCertificatePdf(cert, url); // warm-up
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    size = (await renderCertificatePdf(cert, url)).length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const p50 = times[24];
  const p95 = times[47];
  console.log({ cold, p50, p95, max: times.at(-1), size });
  recordSection(
    "pdf",
    `## Certificate PDF

Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine()}.
Method: \`npm run bench\` renders the same certificate (A4 landscape, three DejaVu fonts subset per
document, QR code) 50 times in one process after 10 warm-up renders, timing \`renderCertificatePdf\`.

| measure | target | result | |
|---|---|---|---|
| generation time | ≤ 100 ms | p50 ${fmt(p50)} ms, p95 ${fmt(p95)} ms, max ${fmt(times.at(-1)!)} ms (first render after start ${fmt(cold)} ms) | ${p95 <= 100 ? "met" : "**not met**"} |
| file size | — | ${fmt(size / 1024, 1)} KB | |`,
  );
}
