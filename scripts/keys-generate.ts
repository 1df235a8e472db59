// npm run keys:generate [-- --if-missing] [-- --print] — creates the issuer's Ed25519 signing key for
// Open Badges credentials in keys/issuer-ed25519.json (git-ignored). Keep it secret and backed up:
// credentials signed with a lost key can no longer be verified against a new one.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generateIssuerJwk } from "~/features/certificates/badge.server";

const file = path.resolve(process.env.ISSUER_KEY_FILE ?? "keys/issuer-ed25519.json");
if (process.argv.includes("--if-missing") && (existsSync(file) || process.env.ISSUER_PRIVATE_JWK)) {
  console.log(`Issuer key present (${process.env.ISSUER_PRIVATE_JWK ? "ISSUER_PRIVATE_JWK" : path.relative(process.cwd(), file)}).`);
  process.exit(0);
}
if (existsSync(file) && !process.argv.includes("--force")) {
  console.error(`${file} exists; use --force to replace it (old credentials will stop verifying).`);
  process.exit(1);
}
const jwk = await generateIssuerJwk();
if (process.argv.includes("--print")) {
  console.log(JSON.stringify(jwk));
} else {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(jwk, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  console.log(`Issuer key written to ${path.relative(process.cwd(), file)} (kid ${jwk.kid}).`);
}
