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
import { parseConfig } from "~/config.server";
import { config } from "~/config.server";
import {
  bitIsSet,
  generateIssuerJwk,
  jwkThumbprint,
  publishedJwks,
  resetIssuerKeys,
  signCredential,
  signStatusList,
  verifyCredentialJwt,
} from "./badge.server";
import { certificateState, issueCertificate, renewalDue, renewIfDue, revokeCertificate } from "./certificates.server";
import { renderCertificatePdf } from "./pdf.server";

const BASE = config.PUBLIC_URL;
const course = getCatalogue().courses.find((c) => c.slug === "ict-cyber-hygiene")!; // valid for 12 months
const noExpiry = { ...course, meta: { ...course.meta, certificateValidityMonths: null } };

let signingJwk: Awaited<ReturnType<typeof generateIssuerJwk>>;
function useKeys(current: object | undefined, retired: object[] = []) {
  config.ISSUER_PRIVATE_JWK = current ? JSON.stringify(current) : undefined;
  config.ISSUER_KEY_FILE = "/nonexistent/issuer-key.json";
  config.ISSUER_RETIRED_JWKS = JSON.stringify({ keys: retired });
  resetIssuerKeys();
}
const header = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[0], "base64url").toString());
const payload = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString());
const publicOf = ({ d: _d, ...pub }: Record<string, unknown>) => pub;

beforeAll(async () => {
  signingJwk = await generateIssuerJwk();
  useKeys(signingJwk);
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
    const jwt = await signCredential(cert);
    expect(header(jwt)).toEqual({ alg: "EdDSA", typ: "JWT", kid: `${BASE}/issuer/keys/${await jwkThumbprint(signingJwk)}` });
    const vc = payload(jwt);
    expect(vc.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
    expect(vc.credentialStatus).toMatchObject({ type: "BitstringStatusListEntry", statusPurpose: "revocation", statusListIndex: String(cert.status_index) });
    expect(await verifyCredentialJwt(jwt)).toMatchObject({ ok: true, state: "valid", code: cert.code });

    const names = vc.credentialSubject.identifier.map((i: any) => (i.identityType === "name" ? { ...i, identityHash: "Өөр Хүн" } : i));
    const forged = { ...vc, credentialSubject: { ...vc.credentialSubject, identifier: names } };
    const tampered = `${jwt.split(".")[0]}.${Buffer.from(JSON.stringify(forged)).toString("base64url")}.${jwt.split(".")[2]}`;
    expect(await verifyCredentialJwt(tampered)).toEqual({ ok: false, reason: "signature" });
    expect(await verifyCredentialJwt("not a jwt")).toEqual({ ok: false, reason: "malformed" });
    // signed by someone else's key
    useKeys(await generateIssuerJwk());
    const foreign = await signCredential(cert);
    useKeys(signingJwk);
    expect(await verifyCredentialJwt(foreign)).toEqual({ ok: false, reason: "signature" });

    await revokeCertificate(cert.id, "test", admin.id);
    expect(await verifyCredentialJwt(jwt)).toMatchObject({ ok: true, state: "revoked" });
    const list = await signStatusList();
    const status = payload(list);
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

describe("public origin", () => {
  it("is required in production and never guessed there", () => {
    expect(() => parseConfig({ NODE_ENV: "production" })).toThrow(/PUBLIC_URL: required in production/);
    expect(parseConfig({ NODE_ENV: "production", PUBLIC_URL: "https://erdem.example.mn/" }).PUBLIC_URL).toBe("https://erdem.example.mn");
    for (const bad of ["https://erdem.example.mn/app", "ftp://erdem.example.mn", "erdem.example.mn", "https://erdem.example.mn/?x=1"]) {
      expect(() => parseConfig({ NODE_ENV: "production", PUBLIC_URL: bad }), bad).toThrow(/PUBLIC_URL/);
    }
  });

  it("defaults to localhost on the configured port outside production", () => {
    expect(parseConfig({}).PUBLIC_URL).toBe("http://localhost:3000");
    expect(parseConfig({ NODE_ENV: "development", PORT: "4100" }).PUBLIC_URL).toBe("http://localhost:4100");
  });
});

describe("issuer keys", () => {
  it("names a key by its RFC 7638 thumbprint, whatever label the key file carries", async () => {
    const u = await createUser(db);
    const cert = await issueCertificate(u.id, course);
    // two hosts holding the same key under different labels sign under one kid
    useKeys({ ...signingJwk, kid: "erdem-2026-01-01" });
    const a = header(await signCredential(cert)).kid;
    useKeys({ ...signingJwk, kid: "erdem-2026-06-30" });
    const b = header(await signCredential(cert)).kid;
    expect(a).toBe(b);
    // RFC 7638 §3.1 by hand: SHA-256 over the required members in lexicographic order
    const { createHash } = await import("node:crypto");
    const canonical = JSON.stringify({ crv: "Ed25519", kty: "OKP", x: signingJwk.x });
    expect(a).toBe(`${BASE}/issuer/keys/${createHash("sha256").update(canonical).digest("base64url")}`);
    // a different key is a different kid
    useKeys(await generateIssuerJwk());
    try {
      expect(header(await signCredential(cert)).kid).not.toBe(a);
    } finally {
      useKeys(signingJwk);
    }
  });

  it("after rotation publishes the retired key too, so credentials it signed still verify", async () => {
    const u = await createUser(db);
    const cert = await issueCertificate(u.id, course);
    const old = signingJwk;
    const oldJwt = await signCredential(cert);
    const fresh = await generateIssuerJwk();
    useKeys(fresh, [publicOf(old)]);
    try {
      const jwks = await publishedJwks();
      expect(jwks.keys.map((k) => k.kid)).toEqual([`${BASE}/issuer/keys/${await jwkThumbprint(fresh)}`, `${BASE}/issuer/keys/${await jwkThumbprint(old)}`]);
      for (const k of jwks.keys) expect(k).not.toHaveProperty("d");
      expect(await verifyCredentialJwt(oldJwt)).toMatchObject({ ok: true, state: "valid" });
      const newJwt = await signCredential(cert);
      expect(header(newJwt).kid).toBe(jwks.keys[0].kid);
      expect(await verifyCredentialJwt(newJwt)).toMatchObject({ ok: true, state: "valid" });
      // without the retired key, the old credential no longer verifies: the list above is what saves it
      useKeys(fresh);
      expect(await verifyCredentialJwt(oldJwt)).toEqual({ ok: false, reason: "signature" });
    } finally {
      useKeys(old);
    }
  });

  it("refuses a retired key that still holds its private part, and a key whose halves do not match", async () => {
    const cert = await issueCertificate((await createUser(db)).id, course);
    try {
      useKeys(signingJwk, [await generateIssuerJwk()]);
      await expect(signCredential(cert)).rejects.toThrow(/must not hold the private part/);
      const other = await generateIssuerJwk();
      useKeys({ ...signingJwk, x: other.x });
      await expect(publishedJwks()).rejects.toThrow(/does the public part x match the private part d/);
    } finally {
      useKeys(signingJwk);
    }
  });
});

describe("status list", () => {
  it("grows past the minimum size so that revocations at high indexes are still published", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const u = await createUser(db);
    const cert = await issueCertificate(u.id, course);
    const high = 131_072 + 5;
    await db.updateTable("certificate").set({ status_index: high }).where("id", "=", cert.id).execute();
    await revokeCertificate(cert.id, "test", admin.id);
    const list = payload(await signStatusList()).credentialSubject.encodedList;
    expect(bitIsSet(list, high)).toBe(true);
    expect(bitIsSet(list, high - 1)).toBe(false);
  });
});

describe("revoked PDF", () => {
  it("says REVOKED on its face, in both languages, with the date and the reason", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const u = await createUser(db, { surname: "Батбаяр", givenName: "Өнөр" });
    const cert = await issueCertificate(u.id, course, { now: new Date("2026-03-01T04:00:00Z") });
    const render = async (c: typeof cert) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "erdem-pdf-"));
      const file = path.join(dir, "c.pdf");
      writeFileSync(file, await renderCertificatePdf(c, `${BASE}/verify/${c.code}`));
      return execFileSync("pdftotext", ["-layout", file, "-"]).toString();
    };
    expect(await render(cert)).not.toMatch(/REVOKED|ХҮЧИНГҮЙ/);
    await revokeCertificate(cert.id, "Шалгалтад хуурсан нь тогтоогдсон", admin.id, new Date("2026-11-20T02:00:00Z"));
    const revoked = await db.selectFrom("certificate").selectAll().where("id", "=", cert.id).executeTakeFirstOrThrow();
    const text = await render(revoked);
    expect(text).toContain("ХҮЧИНГҮЙ БОЛСОН");
    expect(text).toContain("REVOKED");
    expect(text).toContain("2026 оны 11 сарын 20");
    expect(text).toContain("Шалгалтад хуурсан нь тогтоогдсон");
    expect(text).toContain("Өнөр");
  });
});
