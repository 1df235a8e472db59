// One rule for phone numbers: what a learner saves on their profile is what a trainer's search finds.
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { createUser } from "../../../db/factories";
import { db } from "~/db.server";
import { searchPeople, updateProfile } from "./repository.server";
import { normalisePhone, ProfileSchema } from "./schemas";

describe("phone numbers", () => {
  it("are kept as digits, a Mongolian number without +976", () => {
    expect(normalisePhone("+976 9911-2233")).toBe("99112233");
    expect(normalisePhone("(976) 99112233")).toBe("99112233");
    expect(normalisePhone("9911 2233")).toBe("99112233");
    expect(normalisePhone("+7 912 345 67 89")).toBe("79123456789");
  });

  it("are optional on the profile and refused when they are not a number", () => {
    const base = { surname: "Дорж", givenName: "Болд", locale: "mn", position: "Мэргэжилтэн", aimagCode: "MN-069", sumId: "s", organisationId: "o" };
    expect(ProfileSchema.safeParse({ ...base, phone: "+976 9911 2233" }).data?.phone).toBe("99112233");
    expect(ProfileSchema.safeParse({ ...base }).data?.phone).toBe("");
    for (const bad of ["утас", "12", "9911-2233 ext 4", "1".repeat(16)]) expect(ProfileSchema.safeParse({ ...base, phone: bad }).success, bad).toBe(false);
  });

  it("saved on a profile are found by a trainer typing them any usual way", async () => {
    const u = await createUser(db, { surname: "Өлзий", givenName: "Нандин" });
    const detail = await db.selectFrom("users").selectAll().where("id", "=", u.id).executeTakeFirstOrThrow();
    await updateProfile(u.id, {
      surname: detail.surname,
      givenName: detail.given_name,
      phone: ProfileSchema.shape.phone.parse("+976 8800-1122"),
      position: detail.position,
      organisationId: detail.organisation_id,
      aimagCode: detail.aimag_code,
      sumId: detail.sum_id,
      locale: "mn",
    });
    for (const typed of ["88001122", "8800 1122", "+976 88001122"]) {
      expect(
        (await searchPeople(typed, { aimags: "all" })).map((p) => p.id),
        typed,
      ).toEqual([u.id]);
    }
    expect(await searchPeople("8800", { aimags: "all" })).toEqual([]);
  });
});
