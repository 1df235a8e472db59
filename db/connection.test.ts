// writeTransaction against a second writer. On SQLite the second writer is another connection to
// the same file, as another server process would be; on PostgreSQL it is another pooled client.
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, writeTransaction, type Database } from "./connection";

const opened: Database[] = [];
const open = () => {
  const d = openDatabase(process.env.DATABASE_URL!);
  opened.push(d);
  return d;
};
afterEach(async () => {
  await Promise.all(opened.splice(0).map((d) => d.close()));
});

const countAimags = async (d: Database) =>
  Number(
    (
      await d.db
        .selectFrom("aimag")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe.runIf(process.env.TEST_DATABASE !== "postgres")("writeTransaction on SQLite", () => {
  it("waits for another connection's write lock without stopping the event loop, then commits", async () => {
    const ours = open();
    const other = open();
    if (other.engine !== "sqlite") throw new Error("SQLite only");
    other.sqlite.exec("begin immediate");
    other.sqlite.prepare("update aimag set name_en = name_en where code = 'MN-069'").run();

    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    const pending = writeTransaction(ours, async (trx) => {
      await trx.updateTable("aimag").set({ name_en: "Bayankhongor (test)" }).where("code", "=", "MN-069").execute();
      return "written";
    });
    // reads on our connection are still served while the write waits for the lock
    await new Promise((r) => setTimeout(r, 60));
    expect(await countAimags(ours)).toBe(22);
    const ticksWhileLocked = ticks;
    other.sqlite.exec("commit");

    expect(await pending).toBe("written");
    clearInterval(ticker);
    expect(ticksWhileLocked).toBeGreaterThanOrEqual(5);
    const row = await ours.db.selectFrom("aimag").select("name_en").where("code", "=", "MN-069").executeTakeFirstOrThrow();
    expect(row.name_en).toBe("Bayankhongor (test)");
    await ours.db.updateTable("aimag").set({ name_en: "Bayankhongor" }).where("code", "=", "MN-069").execute();
  });

  it("rolls back when the work throws and leaves the connection usable", async () => {
    const ours = open();
    await expect(
      writeTransaction(ours, async (trx) => {
        await trx.updateTable("aimag").set({ name_en: "changed" }).where("code", "=", "MN-1").execute();
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    const row = await ours.db.selectFrom("aimag").select("name_en").where("code", "=", "MN-1").executeTakeFirstOrThrow();
    expect(row.name_en).toBe("Ulaanbaatar");
    expect(await writeTransaction(ours, async (trx) => (await sql<{ one: number }>`select 1 as one`.execute(trx)).rows[0].one)).toBe(1);
  });
});

describe("writeTransaction", () => {
  it("serialises concurrent read-then-write work: no lost update", async () => {
    const a = open();
    const b = open();
    await a.db.schema
      .createTable("tx_counter")
      .ifNotExists()
      .addColumn("id", "integer", (c) => c.primaryKey())
      .addColumn("n", "integer")
      .execute();
    await sql`insert into tx_counter (id, n) values (1, 0)`.execute(a.db);
    const bump = (d: Database) =>
      writeTransaction(d, async (trx) => {
        const read =
          d.engine === "postgres"
            ? sql<{ n: number }>`select n from tx_counter where id = 1 for update`
            : sql<{ n: number }>`select n from tx_counter where id = 1`;
        const { n } = (await read.execute(trx)).rows[0];
        await sql`update tx_counter set n = ${Number(n) + 1} where id = 1`.execute(trx);
      });
    await Promise.all(Array.from({ length: 40 }, (_, i) => bump(i % 2 ? a : b)));
    const { n } = (await sql<{ n: number }>`select n from tx_counter where id = 1`.execute(a.db)).rows[0];
    expect(Number(n)).toBe(40);
    await a.db.schema.dropTable("tx_counter").execute();
  });
});
