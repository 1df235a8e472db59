// Finding people by the start of their names, on the real database (SQLite, or PostgreSQL with
// TEST_DATABASE=postgres), and that the search walks the name index rather than the people.
import { CompiledQuery, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createUser } from "../../../db/factories";
import { database, db } from "~/db.server";
import { searchUsers, searchUsersQuery } from "./repository.server";

const tag = () => Math.random().toString(36).slice(2, 8);

describe("searching people by name", () => {
  it("finds the start of a surname or given name, each word, case-insensitively in Cyrillic", async () => {
    const t = tag();
    const batbold = await createUser(db, { surname: "Дорж", givenName: `Батболд${t}`, aimagCode: "MN-069" });
    const batsukh = await createUser(db, { surname: `Батсүх${t}`, givenName: "Өлзий", aimagCode: "MN-069" });
    const other = await createUser(db, { surname: "Наран", givenName: `Болд${t}`, aimagCode: "MN-069" });
    const ids = async (text: string, aimags: "all" | string[] = "all") => (await searchUsers({ text, aimags })).map((u) => u.id).sort();

    expect(await ids(`бат`)).toEqual(expect.arrayContaining([batbold.id, batsukh.id].sort()));
    expect(await ids(`БАТБОЛД${t}`)).toEqual([batbold.id]);
    expect(await ids(`батсүх${t.toUpperCase()}`)).toEqual([batsukh.id]);
    // every word must start a name of the same person: "дорж бат" finds Дорж Батболд only
    expect(await ids(`дорж батболд${t}`)).toEqual([batbold.id]);
    expect(await ids(`наран батболд${t}`)).toEqual([]);
    // Ө and Ү fold like the other letters
    expect(await ids(`ӨЛЗ батсүх${t}`)).toEqual([batsukh.id]);
    // the middle of a name is not its start
    expect(await ids(`олд${t}`)).toEqual([]);
    expect(await ids(`болд${t}`)).toEqual([other.id]);
    // the start of an e-mail address finds its owner
    expect(await ids(other.email.slice(0, other.email.indexOf("@") + 1))).toEqual([other.id]);
    // nothing to search for finds no one, rather than everyone
    expect(await searchUsers({ text: "   ", aimags: "all" })).toEqual([]);
  });

  it("stays inside the aimags given and returns the place and organisation", async () => {
    const t = tag();
    const inside = await createUser(db, { surname: `Сараа${t}`, aimagCode: "MN-069" });
    const outside = await createUser(db, { surname: `Сараа${t}`, aimagCode: "MN-037" });
    const found = await searchUsers({ text: `сараа${t}`, aimags: ["MN-069"] });
    expect(found.map((u) => u.id)).toEqual([inside.id]);
    expect(found[0]).toMatchObject({ email: inside.email, aimag_code: "MN-069", disabled_at: null });
    expect(found[0].sum_mn).toBeTruthy();
    expect(found[0].organisation_mn).toBeTruthy();
    expect(await searchUsers({ text: `сараа${t}`, aimags: [] })).toEqual([]);
    expect((await searchUsers({ text: `сараа${t}`, aimags: "all" })).map((u) => u.id).sort()).toEqual([inside.id, outside.id].sort());
  });

  it("finds a renamed person by the new name only", async () => {
    const t = tag();
    const p = await createUser(db, { surname: `Хуучин${t}` });
    await db
      .updateTable("users")
      .set({ surname: `Шинэ${t}` })
      .where("id", "=", p.id)
      .execute();
    expect(await searchUsers({ text: `хуучин${t}`, aimags: "all" })).toEqual([]);
    expect((await searchUsers({ text: `шинэ${t}`, aimags: "all" })).map((u) => u.id)).toEqual([p.id]);
  });

  it("fills the limit with those whose matching name comes first, lists them in name order, each person once", async () => {
    const t = tag();
    await createUser(db, { surname: `Олон${t}в`, givenName: "Ана" });
    const a = await createUser(db, { surname: `Олон${t}а`, givenName: "Ядам" });
    const b = await createUser(db, { surname: `Олон${t}б`, givenName: "Бат" });
    // both names start alike: found once
    const twice = await createUser(db, { surname: `Олон${t}`, givenName: `Олон${t}ой` });
    const page = await searchUsers({ text: `олон${t}`, aimags: "all", limit: 3 });
    expect(page.map((u) => u.id)).toEqual([twice.id, a.id, b.id]);
    // the rarer word leads the search; the answer is the same whichever is typed first
    expect((await searchUsers({ text: `бат олон${t}`, aimags: "all" })).map((u) => u.id)).toEqual([b.id]);
    expect((await searchUsers({ text: `олон${t} бат`, aimags: "all" })).map((u) => u.id)).toEqual([b.id]);
  });

  it("reads the name index by a range of its key, not every person", async () => {
    const query = searchUsersQuery({ text: "бат дорж", aimags: ["MN-069"], limit: 20 }).compile();
    let plan: string;
    if (database.engine === "sqlite") {
      const rows = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
      plan = rows.rows.map((r) => r.detail).join("\n");
      // the first word: a range search of the term key, never a scan of users
      expect(plan).toMatch(/SEARCH t USING COVERING INDEX sqlite_autoindex_user_name_term_1 \(term>\? AND term<\?\)/);
      expect(plan).not.toMatch(/SCAN users/);
      // walked in the index's order and stopped at the limit: nothing to sort
      expect(plan).not.toMatch(/TEMP B-TREE/);
    } else {
      // a test database is tiny and the planner would rightly read it whole; forbid that to see
      // whether the index can serve the range at all
      plan = await db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        const rows = await trx.executeQuery<{ "QUERY PLAN": string }>(CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]));
        return rows.rows.map((r) => r["QUERY PLAN"]).join("\n");
      });
      expect(plan).toMatch(/Index (Only )?Scan using user_name_term_pk on user_name_term t/);
      expect(plan).toMatch(/Index Cond: \(\(term >= .*\) AND \(term < .*\)\)/);
    }
  });
});
