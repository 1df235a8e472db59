import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.VERIFY_MAX_PER_MINUTE = "8";
});

import { createUser } from "../../db/factories";
import { db } from "~/db.server";
import { generateIssuerJwk, resetIssuerKey, signCredential } from "~/features/certificates/badge.server";
import { issueCertificate, revokeCertificate } from "~/features/certificates/certificates.server";
import { getCatalogue } from "~/features/content/content.server";
import { args, context, get, post, sessionCookieFor, settle } from "../../tests/helpers";
import * as pdfRoute from "./certificates.$id.pdf";
import * as verifyCode from "./verify.$code";
import * as verifyJson from "./verify.$code.json";
import * as verifyIndex from "./verify._index";

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

  it("answers a plain 404 for unknown codes", async () => {
    for (const code of ["nope", "a".repeat(32), "../../etc"]) {
      const res = await settle(() => verifyJson.loader(args(get(`/verify/x/json`), { code }, freshIp())));
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ status: "not_found" });
    }
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
    const hit = await settle(() => verifyIndex.action(args(post("/verify", { intent: "search", serial: cert.serial.toLowerCase(), surname: "өнөрбаяр" }), {}, freshIp())));
    expect(hit.status).toBe(302);
    expect(hit.headers.get("Location")).toBe(`/verify/${cert.code}`);
    const miss = await settle(() => verifyIndex.action(args(post("/verify", { intent: "search", serial: cert.serial, surname: "Бат" }), {}, freshIp())));
    expect(miss.status).toBe(404);
    expect((await miss.json()).values).toEqual({ serial: cert.serial, surname: "Бат" });
  });

  it("checks an uploaded credential's signature", async () => {
    process.env.ISSUER_PRIVATE_JWK = JSON.stringify(await generateIssuerJwk("t"));
    resetIssuerKey();
    const u = await createUser(db);
    const cert = await issueCertificate(u.id, course);
    const jwt = await signCredential(cert, "http://localhost");
    const ok = await settle(() => verifyIndex.action(args(post("/verify", { intent: "upload", jwt }), {}, freshIp())));
    expect(await ok.json()).toEqual({ intent: "upload", ok: true, code: cert.code, state: "valid" });
    const broken = jwt.slice(0, -4) + (jwt.endsWith("AAAA") ? "BBBB" : "AAAA");
    const bad = await settle(() => verifyIndex.action(args(post("/verify", { intent: "upload", jwt: broken }), {}, freshIp())));
    expect(await bad.json()).toMatchObject({ ok: false, error: "verify.bad_signature" });
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
    expect(Buffer.from(await mine.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
    const theirs = await settle(() => pdfRoute.loader(args(get(`/certificates/${cert.id}/pdf`, { cookie: otherCookie }), { id: cert.id })));
    expect(theirs.status).toBe(404);
    const anonymous = await settle(() => pdfRoute.loader(args(get(`/certificates/${cert.id}/pdf`), { id: cert.id })));
    expect(anonymous.status).toBe(302);
  });
});
