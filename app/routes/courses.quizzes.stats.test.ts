// The exam statistics page and its files: who may read them, what a trainer's attempts list holds,
// hostile query strings, and the CSV and .xlsx read back by csv-parse and exceljs.
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { createUser, type Grade, insertGradedAttempt } from "../../db/factories";
import { db } from "~/db.server";
import { createEvent } from "~/features/events/events.server";
import { encodeCursor } from "~/features/quiz/statistics.server";
import { args, get, sessionCookieFor, settle } from "../../tests/helpers";
import { loader as exportLoader } from "./courses.$course.quizzes.$quiz.stats.export";
import { loader } from "./courses.$course.quizzes.$quiz.stats";

const PARAMS = { course: "sample", quiz: "final" };
const PAGE = "/courses/sample/quizzes/final/stats";
const g = (questionId: string, correct: boolean): Grade => ({ questionId, score: correct ? 1 : 0, max: 1, correct });

const cookies: Record<"admin" | "trainer" | "otherTrainer" | "learner" | "coordinator", string> = {} as never;

async function teach(adminId: string, trainerId: string, aimagCode: string) {
  const start = new Date(Date.now() + 86400_000);
  const created = await createEvent(
    { id: adminId, roles: [{ role: "admin", aimag_code: null }] },
    {
      campaignId: null,
      titleMn: "Шалгалтын сургалт",
      titleEn: "Exam training",
      aimagCode,
      sumId: null,
      venue: "Танхим",
      audience: ["sum_operator"],
      capacity: 20,
      thresholdPercent: 80,
      courses: ["sample"],
      trainers: [trainerId],
      sessions: [{ starts_at: start.toISOString(), ends_at: new Date(start.getTime() + 3600_000).toISOString(), self_check_in: false }],
    },
  );
  if (!("id" in created)) throw new Error(created.problem);
}

beforeAll(async () => {
  const admin = await createUser(db, { roles: [{ role: "admin" }] });
  const trainer = await createUser(db, { roles: [{ role: "trainer" }] });
  const otherTrainer = await createUser(db, { roles: [{ role: "trainer" }] });
  const learner = await createUser(db);
  const coordinator = await createUser(db, { roles: [{ role: "coordinator", aimag_code: "MN-069" }] });
  // the trainer teaches the course in Uvs only; the other trainer teaches nothing
  await teach(admin.id, trainer.id, "MN-046");
  Object.assign(cookies, {
    admin: await sessionCookieFor(admin.id),
    trainer: await sessionCookieFor(trainer.id),
    otherTrainer: await sessionCookieFor(otherTrainer.id),
    learner: await sessionCookieFor(learner.id),
    coordinator: await sessionCookieFor(coordinator.id),
  });
  const at = Date.parse("2026-11-03T01:30:00Z");
  // twelve learners, six in Uvs (MN-046) and six in Bayankhongor; a name that looks like a formula
  for (let i = 1; i <= 12; i++) {
    const u = await createUser(db, { surname: i === 1 ? "=1+1" : `Өлзий${i}`, givenName: `Үүрээ${i}`, aimagCode: i % 2 ? "MN-069" : "MN-046" });
    await insertGradedAttempt(db, u.id, {
      percent: i * 8,
      grades: [g("capital", i > 4), g("aimags-tf", i <= 3)],
      answers: { capital: { type: "single", optionId: i > 4 ? "a" : "b" } },
      at: new Date(at + i * 60_000),
    });
  }
});

async function page(who: keyof typeof cookies, query = "") {
  return settle(() => loader(args(get(`${PAGE}${query}`, { cookie: cookies[who] }), PARAMS)));
}

async function download(who: keyof typeof cookies, query: string) {
  return settle(() => exportLoader(args(get(`${PAGE}/export${query}`, { cookie: cookies[who] }), PARAMS)));
}

describe("exam statistics page", () => {
  it("is for administrators and the course's trainers; learners, coordinators and other trainers are refused", async () => {
    expect((await page("admin")).status).toBe(200);
    expect((await page("trainer")).status).toBe(200);
    for (const who of ["learner", "coordinator", "otherTrainer"] as const) {
      expect((await page(who)).status, who).toBe(403);
      expect((await download(who, "?table=attempts")).status, who).toBe(403);
    }
    const anonymous = await settle(() => loader(args(get(PAGE), PARAMS)));
    expect(anonymous.status).toBe(302);
    expect((await settle(() => loader(args(get(PAGE, { cookie: cookies.admin }), { course: "sample", quiz: "nope" })))).status).toBe(404);
  });

  it("shows the distribution, the questions with their hints, and the attempts in the reader's scope", async () => {
    const d = await (await page("admin")).json();
    expect(d.summary).toMatchObject({ attempts: "12", learners: "12", passRate: "42%", median: "52%" });
    expect(d.summary.bins.map((b: { count: string }) => b.count)).toEqual(["1", "1", "1", "1", "2", "1", "1", "1", "2", "1"]);
    const capital = d.questions.find((q: { id: string }) => q.id === "capital");
    // 8 of 12 right; top 3 (i = 10…12) all right, bottom 3 (i = 1…3) none: D = 1
    expect(capital).toMatchObject({ facility: "67%", discrimination: "1", pUpper: "100%", pLower: "0%", hints: [] });
    expect(capital.options).toEqual([
      { id: "a", text: "Улаанбаатар", correct: true, chosen: "8", share: "67%" },
      { id: "b", text: "Дархан", correct: false, chosen: "4", share: "33%" },
      { id: "c", text: "Эрдэнэт", correct: false, chosen: "0", share: "0%" },
    ]);
    // right only for the three weakest: p = 0.25, D = −1; groups of 3 are too small for group hints
    expect(d.questions.find((q: { id: string }) => q.id === "aimags-tf")).toMatchObject({ facility: "25%", discrimination: "-1", hints: [] });
    expect(d.questions.find((q: { id: string }) => q.id === "steps")).toMatchObject({ drawn: false });
    expect(d.attempts).toHaveLength(12);
    expect(d.attempts[0]).toMatchObject({ name: "Өлзий12 Үүрээ12", submitted: "2026.11.03 09:42", percent: "96%", passed: true });
    expect(d.scoped).toBe(false);
    // the trainer reads the names of the aimag they teach in only; the figures stay national
    const t = await (await page("trainer")).json();
    expect(t.summary.attempts).toBe("12");
    expect(t.scoped).toBe(true);
    expect(t.attempts.map((a: { name: string }) => a.name)).toEqual([12, 10, 8, 6, 4, 2].map((i) => `Өлзий${i} Үүрээ${i}`));
  });

  it("never fails on a hostile query string", async () => {
    for (const q of ["?after=%%%", "?after=bm90IGpzb24", "?after=WyJhIiwxXQ", `?after=${"x".repeat(5000)}`, "?after=&after=1", "?table[]=x"]) {
      expect((await page("admin", q)).status, q).toBe(200);
    }
    for (const q of ["?table=nope&format=pdf", "?table=attempts&format=", "?format=xlsx&format=csv", "?table=%00"]) {
      const res = await download("admin", q);
      expect(res.status, q).toBe(200);
      await res.arrayBuffer();
    }
  });

  it("pages the attempts list with a cursor", async () => {
    const all = await (await page("admin")).json();
    expect(all.next).toBeNull();
    expect(all.paged).toBe(false);
    // after the newest attempt (i = 12, handed in at 01:42 UTC): the list goes on with i = 11
    const newest = await db.selectFrom("quiz_attempt").select(["id", "submitted_at"]).where("percent", "=", 96).executeTakeFirstOrThrow();
    const after = encodeCursor({ submittedAt: newest.submitted_at!, id: newest.id });
    const next = await (await page("admin", `?after=${after}`)).json();
    expect(next.paged).toBe(true);
    expect(next.attempts.map((a: { percent: string }) => a.percent).slice(0, 2)).toEqual(["88%", "80%"]);
    expect(next.attempts).toHaveLength(11);
  });
});

describe("exam statistics files", () => {
  it("CSV of the questions and of the trainer's attempts, read back", async () => {
    const res = await download("trainer", "?table=questions&format=csv");
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const rows = parse(Buffer.from(await res.arrayBuffer()), { bom: true }) as string[][];
    expect(rows[0]).toEqual([
      "Сан",
      "Асуултын код",
      "Төрөл",
      "Асуулт",
      "Асуусан",
      "Хөнгөвчлөл (p)",
      "Ялгах чадвар (D)",
      "Дээд 27%-ийн зөв хувь",
      "Доод 27%-ийн зөв хувь",
      "Дундаж онооны хувь",
      "Буруу сонголт (удаа)",
      "Анхааруулга",
    ]);
    const capital = rows.find((r) => r[1] === "capital")!;
    expect(capital.slice(0, 2)).toEqual(["all", "capital"]);
    expect(capital.slice(3)).toEqual(["Монгол Улсын нийслэл аль нь вэ?", "12", String(8 / 12), "1", "1", "0", String(8 / 12), "b: 4; c: 0", ""]);
    expect(rows.find((r) => r[1] === "steps")!.slice(4, 7)).toEqual(["0", "", ""]);

    const attempts = parse(Buffer.from(await (await download("trainer", "?table=attempts&format=csv")).arrayBuffer()), { bom: true }) as string[][];
    expect(attempts[0]).toEqual(["Овог", "Нэр", "Илгээсэн", "Оролдлого №", "Оноо", "Хувь", "Тэнцсэн"]);
    expect(attempts.slice(1).map((r) => r[1])).toEqual([12, 10, 8, 6, 4, 2].map((i) => `Үүрээ${i}`));
    expect(attempts[1]).toEqual(["Өлзий12", "Үүрээ12", "2026-11-03 09:42", "1", "9.6", "0.96", "Тийм"]);
    // every download of names is in the audit log
    const audit = await db.selectFrom("audit_log").select(["action", "detail"]).where("action", "=", "report.export.examAttempts").execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it(".xlsx of the attempts, read back with exceljs: typed cells, and a formula-looking name kept as text", async () => {
    const res = await download("admin", "?table=attempts&format=xlsx");
    expect(res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers.get("Content-Disposition")).toContain(".xlsx");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.name).toBe("Оролдлогын жагсаалт");
    expect(sheet.rowCount).toBe(13);
    const last = sheet.getRow(13);
    expect(last.getCell(1).value).toBe("=1+1");
    expect(last.getCell(2).value).toBe("Үүрээ1");
    expect(last.getCell(3).value).toEqual(new Date("2026-11-03T09:31:00Z"));
    expect(last.getCell(5).value).toBe(0.8);
    expect(last.getCell(6).value).toBe(0.08);
    expect(last.getCell(6).numFmt).toBe("0.0%");
    expect(last.getCell(7).value).toBe("Үгүй");

    const q = new ExcelJS.Workbook();
    await q.xlsx.load((await (await download("admin", "?table=questions&format=xlsx")).arrayBuffer()) as ArrayBuffer);
    const qs = q.worksheets[0];
    const capital = qs.getRows(2, qs.rowCount - 1)!.find((r) => r.getCell(2).value === "capital")!;
    expect(capital.getCell(5).value).toBe(12);
    expect(capital.getCell(6).value).toBeCloseTo(2 / 3, 10);
    expect(capital.getCell(7).value).toBe(1);
  });
});
