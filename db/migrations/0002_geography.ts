// Loads Mongolia's aimags, sums and Ulaanbaatar's districts from the checked list
// (db/data/mn-admin-units.csv) and creates a governor's office organisation for each unit.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";

export interface AdminUnitRow {
  aimag_code: string;
  kind: "aimag" | "sum" | "district";
  name_mn: string;
  name_en: string;
  is_center: number;
}

export function readAdminUnits(file = path.resolve(process.cwd(), "db/data/mn-admin-units.csv")): AdminUnitRow[] {
  const lines = readFileSync(file, "utf8").trim().split(/\r?\n/);
  const header = lines.shift();
  if (header !== "aimag_code,kind,name_mn,name_en,is_center") throw new Error(`Unexpected header in ${file}`);
  return lines.map((line, i) => {
    const [aimag_code, kind, name_mn, name_en, is_center] = line.split(",");
    if (!aimag_code || !name_mn || !name_en || !["aimag", "sum", "district"].includes(kind)) {
      throw new Error(`${file}:${i + 2}: malformed row`);
    }
    return { aimag_code, kind: kind as AdminUnitRow["kind"], name_mn, name_en, is_center: Number(is_center) };
  });
}

export async function up(db: Kysely<any>): Promise<void> {
  const rows = readAdminUnits();
  const now = new Date().toISOString();
  const aimags = rows.filter((r) => r.kind === "aimag");
  await db
    .insertInto("aimag")
    .values(aimags.map((a, i) => ({ code: a.aimag_code, name_mn: a.name_mn, name_en: a.name_en, sort_order: i })))
    .execute();

  const aimagName = new Map(aimags.map((a) => [a.aimag_code, a]));
  const counters = new Map<string, number>();
  const sums: any[] = [];
  const orgs: any[] = [];
  for (const a of aimags) {
    const capital = a.aimag_code === "MN-1";
    orgs.push({
      id: `org-${a.aimag_code}`,
      name_mn: capital ? "Нийслэлийн Засаг даргын Тамгын газар" : `${a.name_mn} аймгийн Засаг даргын Тамгын газар`,
      name_en: capital ? "Governor's Office of the Capital City" : `Governor's Office of ${a.name_en} Aimag`,
      kind: "aimag_governor_office",
      aimag_code: a.aimag_code,
      sum_id: null,
      created_at: now,
    });
  }
  for (const r of rows) {
    if (r.kind === "aimag") continue;
    const n = (counters.get(r.aimag_code) ?? 0) + 1;
    counters.set(r.aimag_code, n);
    const id = `${r.aimag_code}-${String(n).padStart(2, "0")}`;
    sums.push({ id, aimag_code: r.aimag_code, kind: r.kind, name_mn: r.name_mn, name_en: r.name_en, is_center: r.is_center, sort_order: n });
    const a = aimagName.get(r.aimag_code)!;
    orgs.push(
      r.kind === "district"
        ? {
            id: `org-${id}`,
            name_mn: `${r.name_mn} дүүргийн Засаг даргын Тамгын газар`,
            name_en: `Governor's Office of ${r.name_en} District`,
            kind: "district_governor_office",
            aimag_code: r.aimag_code,
            sum_id: id,
            created_at: now,
          }
        : {
            id: `org-${id}`,
            name_mn: `${a.name_mn} аймгийн ${r.name_mn} сумын Засаг даргын Тамгын газар`,
            name_en: `Governor's Office of ${r.name_en} Sum, ${a.name_en}`,
            kind: "sum_governor_office",
            aimag_code: r.aimag_code,
            sum_id: id,
            created_at: now,
          },
    );
  }
  // Chunked so that PostgreSQL's and SQLite's bound-parameter limits are never reached.
  for (let i = 0; i < sums.length; i += 100)
    await db
      .insertInto("sum")
      .values(sums.slice(i, i + 100))
      .execute();
  for (let i = 0; i < orgs.length; i += 100)
    await db
      .insertInto("organisation")
      .values(orgs.slice(i, i + 100))
      .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom("organisation").where("id", "like", "org-MN-%").execute();
  await db.deleteFrom("sum").execute();
  await db.deleteFrom("aimag").execute();
}
