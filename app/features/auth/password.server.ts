// argon2id with OWASP's parameters. Each hash takes ~50 ms of CPU, so only a few run at once:
// a burst of logins queues instead of starving every other request.
import { hash, verify } from "@node-rs/argon2";
import pLimit from "p-limit";

const ARGON2ID = 2; // Algorithm.Argon2id (const enum in the typings)
const options = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
const limit = pLimit(2);

export function hashPassword(password: string): Promise<string> {
  return limit(() => hash(password, options));
}

/** How many verifications this process has run: lets tests see how many guesses were really checked. */
export const verificationCount = { value: 0 };

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return limit(async () => {
    verificationCount.value++;
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  });
}

/** A valid hash of a random secret, verified against when the account does not exist so timing does not tell. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  return (dummyHash ??= hashPassword(crypto.randomUUID()));
}
