// Open Badges 3.0: each certificate as an OpenBadgeCredential (W3C VC 2.0 data model), secured as a
// VC-JWT signed with the issuer's Ed25519 key (EdDSA, through jose), with a BitstringStatusList
// entry so verifiers see revocation. No JSON-LD processing is needed for VC-JWT, so nothing is
// fetched from the network.
import { existsSync, readFileSync } from "node:fs";
import { gzipSync, gunzipSync } from "node:zlib";
import { compactVerify, decodeProtectedHeader, exportJWK, importJWK, SignJWT, type JWK } from "jose";
import type { Certificate } from "./certificates.server";
import { certificateState, findCertificateByCode, listRevokedIndexes } from "./certificates.server";

export interface IssuerKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

let cached: Promise<IssuerKey | null> | undefined;

/** The issuer key from ISSUER_PRIVATE_JWK (JSON) or ISSUER_KEY_FILE (default keys/issuer-ed25519.json). */
export function issuerKey(): Promise<IssuerKey | null> {
  return (cached ??= (async () => {
    const file = process.env.ISSUER_KEY_FILE ?? "keys/issuer-ed25519.json";
    const raw = process.env.ISSUER_PRIVATE_JWK ?? (existsSync(file) ? readFileSync(file, "utf8") : null);
    if (!raw) return null;
    const jwk = JSON.parse(raw) as JWK;
    if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || !jwk.d) throw new Error("The issuer key must be an Ed25519 private JWK");
    const privateKey = (await importJWK(jwk, "EdDSA", { extractable: true })) as CryptoKey;
    const { d: _d, ...publicJwk } = jwk;
    return { kid: jwk.kid ?? "issuer-key-1", privateKey, publicJwk: { ...publicJwk, kid: jwk.kid ?? "issuer-key-1", alg: "EdDSA", use: "sig" } };
  })());
}

/** Forgets the loaded key (tests switch keys). */
export function resetIssuerKey() {
  cached = undefined;
}

export async function generateIssuerJwk(kid = `erdem-${new Date().toISOString().slice(0, 10)}`): Promise<JWK> {
  const { privateKey } = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
  return { ...(await exportJWK(privateKey)), kid, alg: "EdDSA" };
}

export const issuerProfile = (base: string) => ({
  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
  id: `${base}/issuer`,
  type: ["Profile"],
  name: "E-Mongolia Academy SOE / И-Монголиа академи ТӨҮГ",
  url: base,
  description: "State-owned training academy for Mongolia's civil servants.",
});

const STATUS_LIST_BITS = 131_072; // the minimum size the Bitstring Status List spec asks for (privacy)

export function statusListUrl(base: string) {
  return `${base}/credentials/status/1`;
}

export function credentialFor(cert: Certificate, base: string) {
  return {
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    id: `${base}/verify/${cert.code}`,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: `${cert.course_title_en} / ${cert.course_title_mn}`,
    issuer: { id: `${base}/issuer`, type: ["Profile"], name: "E-Mongolia Academy SOE / И-Монголиа академи ТӨҮГ" },
    validFrom: cert.issued_at,
    ...(cert.expires_at ? { validUntil: cert.expires_at } : {}),
    credentialSubject: {
      type: ["AchievementSubject"],
      name: cert.learner_name,
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
      id: `${statusListUrl(base)}#${cert.status_index}`,
      type: "BitstringStatusListEntry",
      statusPurpose: "revocation",
      statusListIndex: String(cert.status_index),
      statusListCredential: statusListUrl(base),
    },
    evidence: [{ type: ["Evidence"], name: `Serial ${cert.serial}` }],
  };
}

export class BadgeNotConfigured extends Error {}

async function sign(payload: Record<string, unknown>): Promise<string> {
  const key = await issuerKey();
  if (!key) throw new BadgeNotConfigured("No issuer key: run npm run keys:generate");
  return new SignJWT(payload).setProtectedHeader({ alg: "EdDSA", typ: "vc+jwt", cty: "vc", kid: key.kid }).sign(key.privateKey);
}

export function signCredential(cert: Certificate, base: string) {
  const credential = credentialFor(cert, base);
  return sign({ ...credential, iss: credential.issuer.id, jti: credential.id });
}

/** The revocation list as a signed BitstringStatusListCredential. */
export async function signStatusList(base: string) {
  const bits = new Uint8Array(STATUS_LIST_BITS / 8);
  for (const { status_index } of await listRevokedIndexes()) {
    if (status_index < STATUS_LIST_BITS) bits[Math.floor(status_index / 8)] |= 0x80 >> status_index % 8;
  }
  const encodedList = `u${Buffer.from(gzipSync(bits)).toString("base64url")}`;
  const id = statusListUrl(base);
  return sign({
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    id,
    type: ["VerifiableCredential", "BitstringStatusListCredential"],
    issuer: `${base}/issuer`,
    validFrom: new Date().toISOString(),
    credentialSubject: { id: `${id}#list`, type: "BitstringStatusList", statusPurpose: "revocation", encodedList },
    iss: `${base}/issuer`,
  });
}

export function bitIsSet(encodedList: string, index: number): boolean {
  const bits = gunzipSync(Buffer.from(encodedList.replace(/^u/, ""), "base64url"));
  return (bits[Math.floor(index / 8)] & (0x80 >> index % 8)) !== 0;
}

export type CredentialCheck =
  | { ok: false; reason: "malformed" | "signature" | "issuer" | "unknown" }
  | { ok: true; state: ReturnType<typeof certificateState>; code: string; credential: Record<string, any> };

/** Verifies an uploaded VC-JWT: our signature, our issuer, and the certificate's current status. */
export async function verifyCredentialJwt(jwt: string, base: string, now = new Date()): Promise<CredentialCheck> {
  const token = jwt.trim();
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) return { ok: false, reason: "malformed" };
  const key = await issuerKey();
  if (!key) throw new BadgeNotConfigured();
  try {
    if (decodeProtectedHeader(token).alg !== "EdDSA") return { ok: false, reason: "signature" };
    const publicKey = await importJWK(key.publicJwk, "EdDSA");
    const { payload } = await compactVerify(token, publicKey);
    const credential = JSON.parse(new TextDecoder().decode(payload));
    if (credential?.issuer?.id !== `${base}/issuer` && credential?.iss !== `${base}/issuer`) return { ok: false, reason: "issuer" };
    const code = String(credential.id ?? "").split("/verify/")[1];
    const cert = code ? await findCertificateByCode(code) : undefined;
    if (!cert) return { ok: false, reason: "unknown" };
    return { ok: true, state: certificateState(cert, now), code: cert.code, credential };
  } catch {
    return { ok: false, reason: "signature" };
  }
}
