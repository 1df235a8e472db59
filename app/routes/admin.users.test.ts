import { describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { createUser } from "../../db/factories";
import { args, get, sessionCookieFor, settle } from "../../tests/helpers";
import { loader } from "./admin.users._index";

describe("user list", () => {
  it("filters by role and shows staff roles on each row", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const trainer = await createUser(db, { aimagCode: "MN-047", roles: [{ role: "trainer" }, { role: "learner" }] });
    const learner = await createUser(db, { aimagCode: "MN-047", roles: [{ role: "learner" }] });
    const cookie = await sessionCookieFor(admin.id);
    const body = await (await settle(() => loader(args(get("/admin/users?aimag=MN-047&role=trainer", { cookie }))))).json();
    expect(body.users.map((u: any) => u.id)).toEqual([trainer.id]);
    expect(body.users[0].roles).toEqual(["trainer"]); // the learner role goes without saying
    const all = await (await settle(() => loader(args(get("/admin/users?aimag=MN-047", { cookie }))))).json();
    expect(all.users.map((u: any) => u.id).sort()).toEqual([trainer.id, learner.id].sort());
    // an unknown role is ignored rather than an error
    const odd = await settle(() => loader(args(get("/admin/users?aimag=MN-047&role=emperor", { cookie }))));
    expect(odd.status).toBe(200);
  });

  it("narrows to the people of one sum or organisation of the aimag (the dashboards' links)", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const sums = await db.selectFrom("sum").select("id").where("aimag_code", "=", "MN-049").orderBy("sort_order").limit(2).execute();
    const here = await createUser(db, { aimagCode: "MN-049", sumId: sums[1].id });
    const there = await createUser(db, { aimagCode: "MN-049", sumId: sums[0].id });
    const cookie = await sessionCookieFor(admin.id);
    const bySum = await (await settle(() => loader(args(get(`/admin/users?aimag=MN-049&sum=${sums[1].id}`, { cookie }))))).json();
    expect(bySum.users.map((u: any) => u.id)).toContain(here.id);
    expect(bySum.users.map((u: any) => u.id)).not.toContain(there.id);
    expect(bySum.place).not.toBe("");
    const byOrg = await (await settle(() => loader(args(get(`/admin/users?aimag=MN-049&organisation=org-${sums[0].id}`, { cookie }))))).json();
    expect(byOrg.users.map((u: any) => u.id)).toEqual([there.id]);
    // a sum of another aimag is ignored: the whole aimag is listed
    const stray = await (await settle(() => loader(args(get(`/admin/users?aimag=MN-051&sum=${sums[1].id}`, { cookie }))))).json();
    expect(stray.filter.sum).toBe("");
  });

  it("pages by keyset forwards and back, finds people by the start of a name, and starts from a rare role", async () => {
    const admin = await createUser(db, { roles: [{ role: "admin" }] });
    const A = "MN-053";
    const names = ["Анх", "Батбаяр", "Батсүх", "Гэрэл", "Өнөр", "Үүрийн", "Цэцэг"];
    const people = [];
    for (const [i, surname] of names.entries())
      people.push(
        await createUser(db, { aimagCode: A, surname, givenName: `Нэр${i}`, roles: i === 3 ? [{ role: "trainer" }, { role: "learner" }] : undefined }),
      );
    const cookie = await sessionCookieFor(admin.id);
    const page = async (query: string) => (await settle(() => loader(args(get(`/admin/users?aimag=${A}${query}`, { cookie }))))).json();
    // the whole aimag fits one page of the list
    const all = await page("");
    const ids = all.users.map((u: { id: string }) => u.id);
    expect([...ids].sort()).toEqual(people.map((p) => p.id).sort());
    expect(all.total).toBe(7);
    expect(all.next).toBeNull();
    const bat = await page("&q=%D0%B1%D0%B0%D1%82"); // "бат"
    expect(bat.users.map((u: { id: string }) => u.id).sort()).toEqual([people[1].id, people[2].id].sort());
    expect(bat.total).toBe(2);
    const trainers = await page("&role=trainer");
    expect(trainers.users.map((u: { id: string }) => u.id)).toEqual([people[3].id]);
    // small pages, forwards to the end and back again, meet every person once in the same order
    const { listUsers, decodePersonCursor } = await import("~/features/users/repository.server");
    const forwards: string[] = [];
    let after: ReturnType<typeof decodePersonCursor> = null;
    for (let i = 0; i < 10; i++) {
      const r = await listUsers({ aimags: "all", aimagCode: A }, { after: after ?? undefined, limit: 3 });
      forwards.push(...r.users.map((u) => u.id));
      if (!r.more) break;
      const last = r.users.at(-1)!;
      after = { surname: last.surname, givenName: last.given_name, id: last.id };
    }
    expect(forwards).toEqual(ids);
    const last = await listUsers({ aimags: "all", aimagCode: A }, { before: { surname: "\uffff", givenName: "", id: "" }, limit: 3 });
    expect(last.users.map((u) => u.id)).toEqual(ids.slice(-3));
    expect(last.more).toBe(true);
    // a cursor that is not one reads as none
    expect((await page("&after=bm9uc2Vuc2U")).users).toHaveLength(7);
  });
});
