import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.VERIFY_MAX_PER_MINUTE = "8";
});

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { config } from "~/config.server";
import { db } from "~/db.server";
import { generateIssuerJwk, resetIssuerKeys, signCredential } from "~/features/certificates/badge.server";
import { issueCertificate, revokeCertificate } from "~/features/certificates/certificates.server";
import { getCatalogue } from "~/features/content/content.server";
import { languageCookie } from "~/i18n/i18next.server";
import { createUser } from "../../db/factories";
import { args, context, get, post, sessionCookieFor, settle } from "../../tests/helpers";
import * as pdfRoute from "./certificates.$id.pdf";
import * as statusRoute from "./credentials.status.1";
import * as issuerRoute from "./issuer";
import * as jwksRoute from "./issuer.jwks";
import * as verifyIndex from "./verify._index";
import * as verifyCode from "./verify.$code";
import * as credentialRoute from "./verify.$code.credential";
import * as verifyJson from "./verify.$code.json";

const course = getCatalogue().courses.find((c) => c.slug === "internal-operations-system")!;
let ipCounter = 0;
const freshIp = () => context(`10.20.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`);

describe("public verification", () => {
  it("shows a valid certificate as a page and as JSON, to anyone", async () => {
    const u = await createUser(db, { surname: "Энхбаяр", givenName: "Ану" });
    const cert = await issueCertificate(u.id, course);
    const res = await settle(() => verifyJson.loader(args(get(`/verify/${cert.code}/json`), { code: cert.code }, freshIp())));
    const body = await res.json();
    expect(body).toMatchObject({ status: "valid", serial: cert.serial, holder: "Энхбаяр Ану", aimag: { code: "MN-069" } });
    expect(body.course.title.mn).toBe(course.meta.title.mn);
    const page = await settle(() => verifyCode.loader(args(get(`/verify/${cert.code}`), { code: cert.code }, freshIp())));
    expect((await page.json()).display.issued).toMatch(/оны \d+ сарын \d+/);
  });

  it("shows revocation with its date and reason", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const u = await createUser(db);
    const cert = await issueCertificate(u.id, course);
    await revokeCertificate(cert.id, "Буруу олгосон", admin.id);
    const res = await settle(() => verifyJson.loader(args(get(`/verify/${cert.code}/json`), { code: cert.code }, freshIp())));
    expect(await res.json()).toMatchObject({ status: "revoked", revocationReason: "Буруу олгосон" });
  });

  it("answers every unknown code in JSON: 404 with an error code and a message in the reader's language", async () => {
    for (const code of ["nope", "UNKNOWN", "a".repeat(32), "../../etc", ""]) {
      const res = await settle(() => verifyJson.loader(args(get(`/verify/x/json`), { code }, freshIp())));
      expect(res.status).toBe(404);
      expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
      expect(await res.json()).toEqual({ error: "not_found", status: "not_found", message: "Ийм кодтой гэрчилгээ олдсонгүй." });
    }
    const english = (await languageCookie.serialize("en")).split(";")[0];
    const res = await settle(() => verifyJson.loader(args(get(`/verify/x/json`, { cookie: english }), { code: "UNKNOWN" }, freshIp())));
    expect(await res.json()).toMatchObject({ error: "not_found", message: "No certificate has this code." });
  });

  it('shows an unknown code as a page of its own: 404, "no such certificate", and the paper search', async () => {
    const res = await settle(() => verifyCode.loader(args(get("/verify/UNKNOWN"), { code: "UNKNOWN" }, freshIp())));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ found: false, code: "UNKNOWN", title: "Ийм гэрчилгээ олдсонгүй — Эрдэм" });
    // a well-formed code that is not in the register is the same page
    const missing = await settle(() => verifyCode.loader(args(get(`/verify/${"b".repeat(32)}`), { code: "b".repeat(32) }, freshIp())));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ found: false });
  });

  it("is rate-limited per IP address", async () => {
    const ctx = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await settle(() => verifyCode.loader(args(get("/verify/x"), { code: "nope" }, ctx)))).status);
    expect(statuses.slice(0, 8).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(8)).toEqual([429, 429]);
    // another address is not affected
    expect((await settle(() => verifyCode.loader(args(get("/verify/x"), { code: "nope" }, freshIp())))).status).toBe(404);
  });

  it("finds a paper certificate by serial and surname, whatever their case", async () => {
    const u = await createUser(db, { surname: "Өнөрбаяр" });
    const cert = await issueCertificate(u.id, course);
    const hit = await settle(() =>
      verifyIndex.action(args(post("/verify", { intent: "search", serial: cert.serial.toLowerCase(), surname: "өнөрбаяр" }), {}, freshIp())),
    );
    expect(hit.status).toBe(302);
    expect(hit.headers.get("Location")).toBe(`/verify/${cert.code}`);
    const miss = await settle(() => verifyIndex.action(args(post("/verify", { intent: "search", serial: cert.serial, surname: "Бат" }), {}, freshIp())));
    expect(miss.status).toBe(404);
    expect((await miss.json()).values).toEqual({ serial: cert.serial, surname: "Бат" });
  });

  it("checks an uploaded credential's signature", async () => {
    await useFreshKey();
    const u = await createUser(db);
    const cert = await issueCertificate(u.id, course);
    const jwt = await signCredential(cert);
    const ok = await settle(() => verifyIndex.action(args(post("/verify", { intent: "upload", jwt }), {}, freshIp())));
    expect(await ok.json()).toEqual({ intent: "upload", ok: true, code: cert.code, state: "valid" });
    const broken = jwt.slice(0, -4) + (jwt.endsWith("AAAA") ? "BBBB" : "AAAA");
    const bad = await settle(() => verifyIndex.action(args(post("/verify", { intent: "upload", jwt: broken }), {}, freshIp())));
    expect(await bad.json()).toMatchObject({ ok: false, error: "verify.bad_signature" });
  });

  it("answers an upload without a file with a message, not a 500 (the form leaves the check to the server)", async () => {
    await useFreshKey();
    const form = new FormData();
    form.set("intent", "upload");
    form.set("credential", new File([], "", { type: "application/octet-stream" }));
    const request = new Request("http://localhost/verify", { method: "POST", body: form, headers: { Origin: "http://localhost" } });
    const res = await settle(() => verifyIndex.action(args(request, {}, freshIp())));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ intent: "upload", ok: false, error: "verify.bad_malformed" });
  });
});

async function useFreshKey() {
  config.ISSUER_PRIVATE_JWK = JSON.stringify(await generateIssuerJwk());
  config.ISSUER_RETIRED_JWKS = JSON.stringify({ keys: [] });
  resetIssuerKeys();
}

const HOSTILE = { Host: "evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https", Forwarded: "host=evil.example" };
const hostile = (pathname: string, init: { cookie?: string } = {}) => {
  const headers = new Headers(HOSTILE);
  if (init.cookie) headers.set("Cookie", init.cookie);
  return new Request(new URL(pathname, "http://evil.example"), { headers });
};
const jwtPayload = (jwt: string) => Buffer.from(jwt.split(".")[1], "base64url").toString();
const jwtHeader = (jwt: string) => Buffer.from(jwt.split(".")[0], "base64url").toString();

describe("a hostile Host header", () => {
  it("never reaches a signed credential, the status list, the issuer profile or the keys", async () => {
    await useFreshKey();
    const u = await createUser(db);
    const cert = await issueCertificate(u.id, course);
    const cookie = await sessionCookieFor(u.id);
    const jwt = await (await settle(() => credentialRoute.loader(args(hostile(`/verify/${cert.code}/credential`, { cookie }), { code: cert.code })))).text();
    const list = await (await settle(() => statusRoute.loader())).text();
    const issuer = await (await settle(() => issuerRoute.loader())).text();
    const jwks = await (await settle(() => jwksRoute.loader())).text();
    for (const signed of [jwtHeader(jwt), jwtPayload(jwt), jwtHeader(list), jwtPayload(list), issuer, jwks]) {
      expect(signed).not.toContain("evil.example");
      // every absolute URL in it is under the configured origin
      for (const url of signed.match(/https?:\/\/[^"#/]+/g) ?? []) {
        if (!/w3\.org|purl\.imsglobal\.org/.test(url)) expect(url).toBe(config.PUBLIC_URL);
      }
    }
    expect(JSON.parse(jwtPayload(jwt))).toMatchObject({ id: `${config.PUBLIC_URL}/verify/${cert.code}`, issuer: { id: `${config.PUBLIC_URL}/issuer` } });
  });

  it("never reaches the QR code or the address printed on the PDF", async () => {
    const u = await createUser(db);
    const cert = await issueCertificate(u.id, course);
    const cookie = await sessionCookieFor(u.id);
    const res = await settle(() => pdfRoute.loader(args(hostile(`/certificates/${cert.id}/pdf`, { cookie }), { id: cert.id })));
    expect(res.status).toBe(200);
    const dir = mkdtempSync(path.join(os.tmpdir(), "erdem-pdf-"));
    const file = path.join(dir, "c.pdf");
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    expect(execFileSync("pdftotext", [file, "-"]).toString()).not.toContain("evil.example");
    execFileSync("pdftoppm", ["-png", "-r", "150", "-singlefile", file, path.join(dir, "page")]);
    const png = PNG.sync.read(readFileSync(path.join(dir, "page.png")));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(`${config.PUBLIC_URL}/verify/${cert.code}`);
  });
});

describe("revoked and expired certificates", () => {
  it("an uploaded credential of a revoked or expired certificate is reported as such, never as a success", async () => {
    await useFreshKey();
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const u = await createUser(db);
    const revoked = await issueCertificate(u.id, course);
    const expired = await issueCertificate(u.id, course, { now: new Date("2020-01-01T00:00:00Z") });
    const valid = await issueCertificate(u.id, course);
    const upload = async (cert: typeof valid) => {
      const jwt = await signCredential(cert);
      return (await settle(() => verifyIndex.action(args(post("/verify", { intent: "upload", jwt }), {}, freshIp())))).json();
    };
    const revokedJwt = await signCredential(revoked);
    await revokeCertificate(revoked.id, "Буруу олгосон", admin.id);
    const r = await settle(() => verifyIndex.action(args(post("/verify", { intent: "upload", jwt: revokedJwt }), {}, freshIp())));
    expect(await r.json()).toEqual({ intent: "upload", ok: true, code: revoked.code, state: "revoked" });
    expect(await upload(expired)).toMatchObject({ ok: true, state: "expired" });
    expect(await upload(valid)).toMatchObject({ ok: true, state: "valid" });
  });

  it("a revoked certificate gets no fresh credential; its holder still gets the PDF", async () => {
    await useFreshKey();
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const u = await createUser(db);
    const cert = await issueCertificate(u.id, course);
    await revokeCertificate(cert.id, "Буруу олгосон", admin.id);
    const cookie = await sessionCookieFor(u.id);
    const english = `${cookie}; ${(await languageCookie.serialize("en")).split(";")[0]}`;
    const res = await settle(() => credentialRoute.loader(args(get(`/verify/${cert.code}/credential`, { cookie: english }), { code: cert.code })));
    expect(res.status).toBe(410);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({ error: "revoked", message: expect.stringContaining("revoked") });
    const pdf = await settle(() => pdfRoute.loader(args(get(`/certificates/${cert.id}/pdf`, { cookie }), { id: cert.id })));
    expect(pdf.status).toBe(200);
  });
});

describe("credential download", () => {
  it("is for the holder and administrators only: it carries the holder's hashed e-mail address", async () => {
    await useFreshKey();
    const owner = await createUser(db);
    const other = await createUser(db);
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const cert = await issueCertificate(owner.id, course);
    const as = async (userId?: string) => {
      const cookie = userId ? await sessionCookieFor(userId) : undefined;
      return settle(() => credentialRoute.loader(args(get(`/verify/${cert.code}/credential`, { cookie }), { code: cert.code })));
    };
    const mine = await as(owner.id);
    expect(mine.status).toBe(200);
    expect(mine.headers.get("Content-Type")).toBe("application/vc+jwt");
    expect((await as(admin.id)).status).toBe(200);
    const others = await as(other.id);
    expect(others.status).toBe(404);
    expect(others.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(await others.json()).toMatchObject({ error: "not_found" });
    expect((await as()).status).toBe(302);
  });

  it("answers an unknown code in JSON", async () => {
    const owner = await createUser(db);
    const cookie = await sessionCookieFor(owner.id);
    for (const code of ["UNKNOWN", "c".repeat(32)]) {
      const res = await settle(() => credentialRoute.loader(args(get(`/verify/${code}/credential`, { cookie }), { code })));
      expect(res.status).toBe(404);
      expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
      expect(await res.json()).toMatchObject({ error: "not_found", message: "Ийм кодтой гэрчилгээ олдсонгүй." });
    }
  });
});

describe("certificate PDF download", () => {
  it("is for the holder (and administrators) only", async () => {
    const owner = await createUser(db);
    const other = await createUser(db);
    const cert = await issueCertificate(owner.id, course);
    const ownerCookie = await sessionCookieFor(owner.id);
    const otherCookie = await sessionCookieFor(other.id);
    const mine = await settle(() => pdfRoute.loader(args(get(`/certificates/${cert.id}/pdf`, { cookie: ownerCookie }), { id: cert.id })));
    expect(mine.status).toBe(200);
    expect(mine.headers.get("Content-Type")).toBe("application/pdf");
    expect(
      Buffer.from(await mine.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    const theirs = await settle(() => pdfRoute.loader(args(get(`/certificates/${cert.id}/pdf`, { cookie: otherCookie }), { id: cert.id })));
    expect(theirs.status).toBe(404);
    const anonymous = await settle(() => pdfRoute.loader(args(get(`/certificates/${cert.id}/pdf`), { id: cert.id })));
    expect(anonymous.status).toBe(302);
  });
});
