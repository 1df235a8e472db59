import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import type { Kysely } from "kysely";
import type { DB } from "../db/schema";

/** A session row as the app creates it (token → SHA-256 id), for load tests. */
export async function createSessionRow(db: Kysely<DB>, userId: string): Promise<string> {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  const token = encodeBase32LowerCaseNoPadding(bytes);
  const now = Date.now();
  await db
    .insertInto("session")
    .values({
      id: encodeHexLowerCase(sha256(new TextEncoder().encode(token))),
      user_id: userId,
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + 30 * 86400_000).toISOString(),
      user_agent: "bench",
    })
    .execute();
  return token;
}
