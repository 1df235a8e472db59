import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password.server";

describe("passwords", () => {
  it("hashes with argon2id at m=19456, t=2, p=1 and verifies", async () => {
    const hash = await hashPassword("Нууц үг — 2026 оны намар");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "Нууц үг — 2026 оны намар")).toBe(true);
    expect(await verifyPassword(hash, "нууц үг — 2026 оны намар")).toBe(false);
  });

  it("salts: the same password hashes differently", async () => {
    const [a, b] = await Promise.all([hashPassword("correct horse"), hashPassword("correct horse")]);
    expect(a).not.toBe(b);
  });

  it("answers false, not an error, for a malformed hash", async () => {
    expect(await verifyPassword("not-a-hash", "whatever1")).toBe(false);
  });
});
