// Open Badges 3.0: each certificate as an OpenBadgeCredential (W3C VC 2.0 data model), secured as a
// VC-JWT signed with the issuer's Ed25519 key (EdDSA, through jose), with a BitstringStatusList
// entry so verifiers see revocation. No JSON-LD processing is needed for VC-JWT, so nothing is
// fetched from the network. Every URL inside what is signed comes from PUBLIC_URL (publicBase).
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { calculateJwkThumbprint, compactVerify, decodeProtectedHeader, exportJWK, importJWK, SignJWT, type JWK } from "jose";
import { config } from "~/config.server";
import { publicBase } from "./base-url.server";
import type { Certificate } from "./certificates.server";
import { certificateState, findCertificateByCode, findHolderEmail, highestStatusIndex, listRevokedIndexes } from "./certificates.server";

interface SigningKey {
  thumbprint: string;
  privateKey: CryptoKey;
}

export interface IssuerKeys {
  /** The key new credentials are signed with; null when none is configured. */
  signing: SigningKey | null;
  /** Public keys by RFC 7638 thumbprint: the signing key's and every retired key's. */
  published: Map<string, JWK>;
}

let cached: Promise<IssuerKeys> | undefined;

/**
 * The signing key (ISSUER_PRIVATE_JWK, or the file ISSUER_KEY_FILE) and the retired public keys
 * (ISSUER_RETIRED_JWKS, or the file ISSUER_RETIRED_JWKS_FILE). A key is named by its thumbprint,
 * never by a label in the file, so one kid always names one key whichever host signed.
 */
export function issuerKeys(): Promise<IssuerKeys> {
  return (cached ??= loadIssuerKeys());
}

/** Forgets the loaded keys (tests and rotation switch keys). */
export function resetIssuerKeys() {
  cached = undefined;
}

function readSetting(inline: string | undefined, inlineName: string, file: string): { text: string; source: string } | null {
  if (inline) return { text: inline, source: inlineName };
  return existsSync(file) ? { text: readFileSync(file, "utf8"), source: file } : null;
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${source} is not valid JSON`);
  }
}

function isEd25519(jwk: unknown): jwk is JWK & { x: string } {
  const k = jwk as JWK | null;
  return typeof k === "object" && k !== null && k.kty === "OKP" && k.crv === "Ed25519" && typeof k.x === "string";
}

/** Only the members RFC 7638 hashes: no label, no private part. */
function publicPart(jwk: JWK & { x: string }): JWK {
  return { kty: "OKP", crv: "Ed25519", x: jwk.x };
}

async function loadIssuerKeys(): Promise<IssuerKeys> {
  const published = new Map<string, JWK>();
  let signing: SigningKey | null = null;
  const current = readSetting(config.ISSUER_PRIVATE_JWK, "ISSUER_PRIVATE_JWK", config.ISSUER_KEY_FILE);
  if (current) {
    const jwk = parseJson(current.text, current.source);
    if (!isEd25519(jwk) || typeof jwk.d !== "string")
      throw new Error(`${current.source}: the issuer key must be an Ed25519 private JWK (kty OKP, crv Ed25519, x and d)`);
    const pub = publicPart(jwk);
    const thumbprint = await calculateJwkThumbprint(pub, "sha256");
    // The import checks that x belongs to d: a key whose x was edited would publish a public key
    // that verifies nothing it signs.
    const privateKey = (await importJWK({ ...pub, d: jwk.d }, "EdDSA").catch(() => {
      throw new Error(`${current.source}: not a usable Ed25519 key (does the public part x match the private part d?)`);
    })) as CryptoKey;
    signing = { thumbprint, privateKey };
    published.set(thumbprint, pub);
  }
  const retired = readSetting(config.ISSUER_RETIRED_JWKS, "ISSUER_RETIRED_JWKS", config.ISSUER_RETIRED_JWKS_FILE);
  if (retired) {
    const parsed = parseJson(retired.text, retired.source) as { keys?: unknown } | unknown[];
    const keys = Array.isArray(parsed) ? parsed : parsed?.keys;
    if (!Array.isArray(keys)) throw new Error(`${retired.source}: expected a JWK set ({"keys": [...]})`);
    for (const k of keys) {
      if (!isEd25519(k)) throw new Error(`${retired.source}: every retired key must be an Ed25519 public JWK (kty OKP, crv Ed25519, x)`);
      if ("d" in k) throw new Error(`${retired.source}: retired keys are published, so they must not hold the private part "d"`);
      const pub = publicPart(k);
      const thumbprint = await calculateJwkThumbprint(pub, "sha256");
      if (!published.has(thumbprint)) published.set(thumbprint, pub);
    }
  }
  return { signing, published };
}

/** The key's URI: the `kid` of everything it signs, and where a verifier fetches the JWK (OB 3.0 §8.2). */
export function keyUri(thumbprint: string) {
  return `${publicBase()}/issuer/keys/${thumbprint}`;
}

function asPublished(thumbprint: string, jwk: JWK): JWK {
  return { ...jwk, kid: keyUri(thumbprint), alg: "EdDSA", use: "sig" };
}

/** Every key a credential of ours can carry: the signing key and the retired ones. */
export async function publishedJwks(): Promise<{ keys: JWK[] }> {
  const { published } = await issuerKeys();
  return { keys: [...published].map(([t, jwk]) => asPublished(t, jwk)) };
}

export async function publishedJwk(thumbprint: string): Promise<JWK | undefined> {
  const jwk = (await issuerKeys()).published.get(thumbprint);
  return jwk ? asPublished(thumbprint, jwk) : undefined;
}

/** A new private key, labelled with its thumbprint. */
export async function generateIssuerJwk(): Promise<JWK> {
  const { privateKey } = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(publicPart(jwk as JWK & { x: string }), "sha256"), alg: "EdDSA" };
}

export async function jwkThumbprint(jwk: JWK): Promise<string> {
  if (!isEd25519(jwk)) throw new Error("Not an Ed25519 JWK");
  return calculateJwkThumbprint(publicPart(jwk), "sha256");
}

const ISSUER_NAME = "E-Mongolia Academy SOE / И-Монголиа академи ТӨҮГ";
const OB_CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"];

export const issuerProfile = () => ({
  "@context": OB_CONTEXT,
  id: `${publicBase()}/issuer`,
  type: ["Profile"],
  name: ISSUER_NAME,
  url: publicBase(),
  description: "State-owned training academy for Mongolia's civil servants.",
});

/** The smallest list the Bitstring Status List spec allows; lists grow in steps of this size. */
export const STATUS_LIST_BITS = 131_072;

export function statusListUrl() {
  return `${publicBase()}/credentials/status/1`;
}

/** NumericDate seconds; validFrom/validUntil are kept to whole seconds so that nbf/exp equal them. */
const toSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const wholeSeconds = (seconds: number) => new Date(seconds * 1000).toISOString().replace(".000Z", "Z");

/** OB 3.0 IdentityHash: `sha256$` and the hex digest of the identity followed by the salt. */
export function identityHash(identity: string, salt: string) {
  return `sha256$${createHash("sha256")
    .update(identity + salt, "utf8")
    .digest("hex")}`;
}

/** One salt per certificate, the same at every download, and unlinkable across certificates. */
function identitySalt(cert: Certificate) {
  return createHash("sha256").update(`erdem-identity-salt:${cert.id}`).digest("hex").slice(0, 32);
}

export function credentialFor(cert: Certificate, holderEmail: string | undefined) {
  const base = publicBase();
  const salt = identitySalt(cert);
  return {
    "@context": OB_CONTEXT,
    id: `${base}/verify/${cert.code}`,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: `${cert.course_title_en} / ${cert.course_title_mn}`,
    issuer: { id: `${base}/issuer`, type: ["Profile"], name: ISSUER_NAME },
    validFrom: wholeSeconds(toSeconds(cert.issued_at)),
    ...(cert.expires_at ? { validUntil: wholeSeconds(toSeconds(cert.expires_at)) } : {}),
    credentialSubject: {
      // The learner's account, pseudonymous; the identifiers below let a verifier match a person.
      id: `urn:uuid:${cert.user_id}`,
      type: ["AchievementSubject"],
      identifier: [
        ...(holderEmail
          ? [{ type: "IdentityObject", identityType: "emailAddress", hashed: true, identityHash: identityHash(holderEmail.toLowerCase(), salt), salt }]
          : []),
        // The name is public on the verification page already.
        { type: "IdentityObject", identityType: "name", hashed: false, identityHash: cert.learner_name },
      ],
      achievement: {
        id: `${base}/courses/${cert.course_slug}`,
        type: ["Achievement"],
        achievementType: "Certificate",
        name: cert.course_title_en,
        description: `${cert.course_title_mn} (${cert.hours} h, version ${cert.course_version})`,
        criteria: { narrative: "All required lessons completed and the final exam passed." },
      },
    },
    credentialStatus: {
      id: `${statusListUrl()}#${cert.status_index}`,
      type: "BitstringStatusListEntry",
      statusPurpose: "revocation",
      statusListIndex: String(cert.status_index),
      statusListCredential: statusListUrl(),
    },
    evidence: [{ type: ["Evidence"], name: `Serial ${cert.serial}` }],
  };
}

export class BadgeNotConfigured extends Error {}

/**
 * OB 3.0 §8.2 allows only alg, kid (a URI that dereferences to the JWK), jwk and typ ("JWT") in
 * the header of an OpenBadgeCredential; the status list follows VC-JOSE-COSE (typ vc+jwt).
 */
async function sign(payload: Record<string, unknown>, typ: "JWT" | "vc+jwt"): Promise<string> {
  const { signing } = await issuerKeys();
  if (!signing) throw new BadgeNotConfigured("No issuer key: run npm run keys:generate");
  return new SignJWT(payload).setProtectedHeader({ alg: "EdDSA", kid: keyUri(signing.thumbprint), typ }).sign(signing.privateKey);
}

export async function signCredential(cert: Certificate) {
  const vc = credentialFor(cert, await findHolderEmail(cert.user_id));
  return sign(
    {
      ...vc,
      iss: vc.issuer.id,
      jti: vc.id,
      sub: vc.credentialSubject.id,
      nbf: toSeconds(vc.validFrom),
      ...(vc.validUntil ? { exp: toSeconds(vc.validUntil) } : {}),
    },
    "JWT",
  );
}

/** The revocation list as a signed BitstringStatusListCredential, long enough for every index issued. */
export async function signStatusList(now = new Date()) {
  const size = Math.ceil(((await highestStatusIndex()) + 1) / STATUS_LIST_BITS) * STATUS_LIST_BITS;
  const bits = new Uint8Array(size / 8);
  for (const { status_index } of await listRevokedIndexes()) bits[Math.floor(status_index / 8)] |= 0x80 >> (status_index % 8);
  const encodedList = `u${Buffer.from(gzipSync(bits)).toString("base64url")}`;
  const id = statusListUrl();
  const issuer = `${publicBase()}/issuer`;
  const nbf = Math.floor(now.getTime() / 1000);
  return sign(
    {
      "@context": ["https://www.w3.org/ns/credentials/v2"],
      id,
      type: ["VerifiableCredential", "BitstringStatusListCredential"],
      issuer,
      validFrom: wholeSeconds(nbf),
      credentialSubject: { id: `${id}#list`, type: "BitstringStatusList", statusPurpose: "revocation", encodedList },
      iss: issuer,
      jti: id,
      sub: `${id}#list`,
      nbf,
    },
    "vc+jwt",
  );
}

export function bitIsSet(encodedList: string, index: number): boolean {
  const bits = gunzipSync(Buffer.from(encodedList.replace(/^u/, ""), "base64url"));
  return (bits[Math.floor(index / 8)] & (0x80 >> (index % 8))) !== 0;
}

export type CredentialCheck =
  | { ok: false; reason: "malformed" | "signature" | "issuer" | "unknown" }
  | { ok: true; state: ReturnType<typeof certificateState>; code: string; credential: Record<string, any> };

/** Verifies an uploaded VC-JWT: our signature (current or retired key), our issuer, and the certificate's current status. */
export async function verifyCredentialJwt(jwt: string, now = new Date()): Promise<CredentialCheck> {
  const token = jwt.trim();
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) return { ok: false, reason: "malformed" };
  const { published } = await issuerKeys();
  if (published.size === 0) throw new BadgeNotConfigured();
  try {
    if (decodeProtectedHeader(token).alg !== "EdDSA") return { ok: false, reason: "signature" };
  } catch {
    return { ok: false, reason: "malformed" };
  }
  // Every key of ours is tried, not only the one the header names: credentials issued before kids
  // were key URIs carry a bare label. The signature, not the kid, is what is trusted.
  let payload: Uint8Array | undefined;
  for (const jwk of published.values()) {
    try {
      ({ payload } = await compactVerify(token, await importJWK(jwk, "EdDSA")));
      break;
    } catch {
      // not this key
    }
  }
  if (!payload) return { ok: false, reason: "signature" };
  let credential: Record<string, any>;
  try {
    credential = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const issuer = `${publicBase()}/issuer`;
  if (credential?.issuer?.id !== issuer && credential?.iss !== issuer) return { ok: false, reason: "issuer" };
  const code = String(credential.id ?? "").split("/verify/")[1];
  const cert = code ? await findCertificateByCode(code) : undefined;
  if (!cert) return { ok: false, reason: "unknown" };
  return { ok: true, state: certificateState(cert, now), code: cert.code, credential };
}
