// npm run keys:generate [-- --if-missing | --print | --rotate | --force] — the issuer's Ed25519
// signing key for Open Badges credentials, in ISSUER_KEY_FILE (default keys/issuer-ed25519.json,
// git-ignored). A key is named by its RFC 7638 thumbprint, so one kid always means one key.
//
//   (no option)   create the key; refuses to replace an existing one
//   --if-missing  create it only when there is none (npm run serve)
//   --print       print a new key instead of writing it (for ISSUER_PRIVATE_JWK)
//   --rotate      sign with a new key from now on; the old key's public part moves to
//                 ISSUER_RETIRED_JWKS_FILE, which /issuer/jwks keeps publishing, so the
//                 credentials it signed still verify
//   --force       replace the key without keeping the old one (its credentials stop verifying)
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { JWK } from "jose";
import { config } from "~/config.server";
import { generateIssuerJwk, jwkThumbprint } from "~/features/certificates/badge.server";

const flag = (name: string) => process.argv.includes(`--${name}`);
const file = path.resolve(config.ISSUER_KEY_FILE);
const retiredFile = path.resolve(config.ISSUER_RETIRED_JWKS_FILE);
const rel = (f: string) => path.relative(process.cwd(), f);

const SHARE = [
  "Every server of this site must sign with this same key: copy the file to each host (ISSUER_KEY_FILE)",
  "or give each host the same ISSUER_PRIVATE_JWK. A host that makes a key of its own signs credentials",
  "that the other hosts' /issuer/jwks does not list, so verifiers reaching those hosts reject them.",
  "Keep a backup offline: credentials signed with a lost key can no longer be checked by signature.",
].join("\n");

function writeSecret(target: string, jwk: JWK) {
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, JSON.stringify(jwk, null, 2), { mode: 0o600 });
  chmodSync(target, 0o600);
}

function publicOf(jwk: JWK): JWK {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
}

if (flag("print")) {
  const jwk = await generateIssuerJwk();
  console.log(JSON.stringify(jwk));
  console.error(`\nkid ${jwk.kid}. Set it as ISSUER_PRIVATE_JWK.\n${SHARE}`);
  process.exit(0);
}

if (flag("if-missing") && (config.ISSUER_PRIVATE_JWK || existsSync(file))) {
  console.log(`Issuer key present (${config.ISSUER_PRIVATE_JWK ? "ISSUER_PRIVATE_JWK" : rel(file)}).`);
  process.exit(0);
}

if (flag("rotate")) {
  const currentText = config.ISSUER_PRIVATE_JWK ?? (existsSync(file) ? readFileSync(file, "utf8") : null);
  if (!currentText) {
    console.error("There is no key to rotate; run npm run keys:generate first.");
    process.exit(1);
  }
  const current = JSON.parse(currentText) as JWK;
  const retiredKeys: JWK[] = existsSync(retiredFile) ? (JSON.parse(readFileSync(retiredFile, "utf8")).keys ?? []) : [];
  const thumbprint = await jwkThumbprint(current);
  const known = await Promise.all(retiredKeys.map((k) => jwkThumbprint(k)));
  const retired = { keys: known.includes(thumbprint) ? retiredKeys : [...retiredKeys, publicOf(current)] };
  const next = await generateIssuerJwk();
  if (config.ISSUER_PRIVATE_JWK) {
    // The key lives in the environment: say what to set rather than writing files beside it.
    console.log(`New signing key (kid ${next.kid}); set on every host:\n`);
    console.log(`ISSUER_PRIVATE_JWK='${JSON.stringify(next)}'`);
    console.log(`ISSUER_RETIRED_JWKS='${JSON.stringify(retired)}'\n`);
  } else {
    mkdirSync(path.dirname(retiredFile), { recursive: true });
    writeFileSync(retiredFile, JSON.stringify(retired, null, 2));
    writeSecret(file, next);
    console.log(`Key ${thumbprint} retired to ${rel(retiredFile)} (still published); new key ${next.kid} in ${rel(file)}.`);
    console.log("Copy both files to every host and restart them.\n");
  }
  console.log(SHARE);
  process.exit(0);
}

if (existsSync(file) && !flag("force")) {
  console.error(
    `${rel(file)} exists. Use --rotate to change keys and keep old credentials verifiable, or --force to replace it (old credentials stop verifying).`,
  );
  process.exit(1);
}
const jwk = await generateIssuerJwk();
writeSecret(file, jwk);
console.log(`Issuer key written to ${rel(file)} (kid ${jwk.kid}).\n${SHARE}`);
