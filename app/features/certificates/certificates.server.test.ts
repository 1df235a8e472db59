import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../../db/factories";
import { db } from "~/db.server";
import { getCatalogue } from "~/features/content/content.server";
import { bitIsSet, generateIssuerJwk, resetIssuerKey, signCredential, signStatusList, verifyCredentialJwt } from "./badge.server";
import { certificateState, issueCertificate, renewalDue, renewIfDue, revokeCertificate } from "./certificates.server";
import { renderCertificatePdf } from "./pdf.server";

const BASE = "https://erdem.example.mn";
const course = getCatalogue().courses.find((c) => c.slug === "ict-cyber-hygiene")!; // valid for 12 months
const noExpiry = { ...course, meta: { ...course.meta, certificateValidityMonths: null } };

beforeAll(async () => {
  process.env.ISSUER_PRIVATE_JWK = JSON.stringify(await generateIssuerJwk("test-key"));
  resetIssuerKey();
});

describe("issuing", () => {
  it("gives unique, consecutive serials and status indexes under concurrency", async () => {
    const users = await Promise.all(Array.from({ length: 12 }, () => createUser(db)));
    const now = new Date("2031-03-01T04:00:00Z");
    const certs = await Promise.all(users.map((u) => issueCertificate(u.id, course, { now })));
    const serials = certs.map((c) => c.serial).sort();
    expect(new Set(serials).size).toBe(12);
    expect(serials[0]).toBe("EMA-2031-000001");
    expect(serials[11]).toBe("EMA-2031-000012");
    expect(new Set(certs.map((c) => c.status_index)).size).toBe(12);
    for (const c of certs) expect(c.code).toMatch(/^[a-z2-7]{32}$/); // 160 random bits
  });

  it("records the learner's name, place and the course as they are when issued", async () => {
    const u = await createUser(db, { surname: "Өлзийбаяр", givenName: "Түмэн", aimagCode: "MN-069" });
    const cert = await issueCertificate(u.id, course, { now: new Date("2026-11-24T03:00:00Z") });
    expect(cert).toMatchObject({
      learner_name: "Өлзийбаяр Түмэн",
      aimag_mn: "Баянхонгор",
      organisation_mn: "Баянхонгор аймгийн Баянхонгор сумын Засаг даргын Тамгын газар",
      course_version: course.meta.version,
      hours: course.meta.hours,
      expires_at: "2027-11-24T03:00:00.000Z",
    });
    const audit = await db.selectFrom("audit_log").select("action").where("target_id", "=", cert.id).execute();
    expect(audit.map((a) => a.action)).toEqual(["certificate.issue"]);
  });
});

describe("verification states", () => {
  it("valid, then expired after the validity period, never for a course without one", async () => {
    const u = await createUser(db);
    const cert = await issueCertificate(u.id, course, { now: new Date("2026-01-10T00:00:00Z") });
    expect(certificateState(cert, new Date("2026-12-31T00:00:00Z"))).toBe("valid");
    expect(certificateState(cert, new Date("2027-01-10T00:00:01Z"))).toBe("expired");
    const forever = await issueCertificate(u.id, noExpiry as typeof course, { now: new Date("2026-01-10T00:00:00Z") });
    expect(forever.expires_at).toBeNull();
    expect(certificateState(forever, new Date("2090-01-01T00:00:00Z"))).toBe("valid");
  });

  it("revoked with a reason, once, and audited", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const u = await createUser(db);
    const cert = await issueCertificate(u.id, course);
    expect(await revokeCertificate(cert.id, "Шалгалтад хуурсан нь тогтоогдсон", admin.id)).toBe(true);
    expect(await revokeCertificate(cert.id, "again", admin.id)).toBe(false);
    const row = await db.selectFrom("certificate").selectAll().where("id", "=", cert.id).executeTakeFirstOrThrow();
    expect(certificateState(row)).toBe("revoked");
    expect(row.revoked_reason).toBe("Шалгалтад хуурсан нь тогтоогдсон");
    const audit = await db.selectFrom("audit_log").select(["action", "actor_id"]).where("target_id", "=", cert.id).execute();
    expect(audit).toContainEqual({ action: "certificate.revoke", actor_id: admin.id });
  });
});

describe("renewal", () => {
  it("is due in the last 60 days; passing the exam again issues a new certificate linked to the old one", async () => {
    const u = await createUser(db);
    const first = await issueCertificate(u.id, course, { now: new Date("2026-01-01T00:00:00Z") });
    expect(renewalDue(first, new Date("2026-10-01T00:00:00Z"))).toBe(false);
    expect(renewalDue(first, new Date("2026-11-15T00:00:00Z"))).toBe(true);
    // a pass from before the certificate does not renew it
    expect(await renewIfDue(u.id, course, "2025-12-31T00:00:00Z", new Date("2026-11-15T00:00:00Z"))).toBeNull();
    const second = await renewIfDue(u.id, course, "2026-11-15T00:00:00Z", new Date("2026-11-15T00:00:00Z"));
    expect(second).toMatchObject({ renewed_from: first.id, expires_at: "2027-11-15T00:00:00.000Z" });
    expect(second!.serial).not.toBe(first.serial);
    // the new certificate is not yet due, so nothing more happens
    expect(await renewIfDue(u.id, course, "2026-11-16T00:00:00Z", new Date("2026-11-16T00:00:00Z"))).toBeNull();
    const audit = await db.selectFrom("audit_log").select("action").where("target_id", "=", second!.id).execute();
    expect(audit.map((a) => a.action)).toEqual(["certificate.renew"]);
  });
});

describe("Open Badges credential", () => {
  it("verifies when intact, fails when tampered with, and shows revocation", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const u = await createUser(db, { surname: "Бат" });
    const cert = await issueCertificate(u.id, course);
    const jwt = await signCredential(cert, BASE);
    const [header, payload] = jwt.split(".");
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toMatchObject({ alg: "EdDSA", typ: "vc+jwt", kid: "test-key" });
    const vc = JSON.parse(Buffer.from(payload, "base64url").toString());
    expect(vc.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
    expect(vc.credentialStatus).toMatchObject({ type: "BitstringStatusListEntry", statusPurpose: "revocation", statusListIndex: String(cert.status_index) });
    expect(await verifyCredentialJwt(jwt, BASE)).toMatchObject({ ok: true, state: "valid", code: cert.code });

    const forged = { ...vc, credentialSubject: { ...vc.credentialSubject, name: "Өөр Хүн" } };
    const tampered = `${header}.${Buffer.from(JSON.stringify(forged)).toString("base64url")}.${jwt.split(".")[2]}`;
    expect(await verifyCredentialJwt(tampered, BASE)).toEqual({ ok: false, reason: "signature" });
    expect(await verifyCredentialJwt("not a jwt", BASE)).toEqual({ ok: false, reason: "malformed" });
    // signed by someone else's key
    const other = JSON.stringify(await generateIssuerJwk("other"));
    const mine = process.env.ISSUER_PRIVATE_JWK;
    process.env.ISSUER_PRIVATE_JWK = other;
    resetIssuerKey();
    const foreign = await signCredential(cert, BASE);
    process.env.ISSUER_PRIVATE_JWK = mine;
    resetIssuerKey();
    expect(await verifyCredentialJwt(foreign, BASE)).toEqual({ ok: false, reason: "signature" });

    await revokeCertificate(cert.id, "test", admin.id);
    expect(await verifyCredentialJwt(jwt, BASE)).toMatchObject({ ok: true, state: "revoked" });
    const list = await signStatusList(BASE);
    const status = JSON.parse(Buffer.from(list.split(".")[1], "base64url").toString());
    expect(bitIsSet(status.credentialSubject.encodedList, cert.status_index)).toBe(true);
    expect(bitIsSet(status.credentialSubject.encodedList, cert.status_index + 1)).toBe(false);
  });
});

describe("PDF", () => {
  it("carries the Cyrillic name and a QR code that decodes to the verification URL", async () => {
    const u = await createUser(db, { surname: "Өлзийбаяр", givenName: "Үүрцайх" });
    const cert = await issueCertificate(u.id, course);
    const url = `${BASE}/verify/${cert.code}`;
    const pdf = await renderCertificatePdf(cert, url);
    const dir = mkdtempSync(path.join(os.tmpdir(), "erdem-pdf-"));
    const file = path.join(dir, "c.pdf");
    writeFileSync(file, pdf);
    const text = execFileSync("pdftotext", ["-layout", file, "-"]).toString();
    expect(text).toContain("Өлзийбаяр Үүрцайх");
    expect(text).toContain("ГЭРЧИЛГЭЭ");
    expect(text).toContain(cert.serial);
    expect(text).toContain(course.meta.title.mn.slice(0, 20));
    execFileSync("pdftoppm", ["-png", "-r", "150", "-singlefile", file, path.join(dir, "page")]);
    const png = PNG.sync.read(readFileSync(path.join(dir, "page.png")));
    const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(qr?.data).toBe(url);
    const info = execFileSync("pdfinfo", [file]).toString();
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.28 pts \(A4\)/);
  });
});
