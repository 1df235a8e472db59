// The report files read back by other libraries (exceljs, csv-parse, jszip for the raw XML), and the
// streaming measured: first bytes at once, pages asked for only as the reader reads, memory flat.
import v8 from "node:v8";
import vm from "node:vm";
import { parse as parseDisposition } from "content-disposition";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { type Cell, type Column, csvStream, once, type Page, sheetTitle, tableResponse, xlsxStream } from "./table-export.server";

const columns: Column[] = [
  { header: "Овог нэр", type: "text", width: 24 },
  { header: "Бүртгүүлсэн огноо", type: "date" },
  { header: "Сүүлд орсон", type: "datetime" },
  { header: "Суралцагч", type: "integer" },
  { header: "Дундаж оноо", type: "decimal" },
  { header: "Гүйцэтгэл", type: "percent" },
];
// 20:30 UTC on the 24th is 04:30 on the 25th in Ulaanbaatar
const evening = new Date("2026-11-24T20:30:00Z");
const rows: Cell[][] = [
  ["Өлзийбаяр Үүрцайх ө ү", evening, evening, 1106, 72.45, 0.453],
  ["=1+1", "2026-12-31", "2026-11-24T01:05:00.000Z", "1106", 5n, 1],
  ['Say "hi"\nnext line, then', null, undefined, "—", null, null],
  ["-2+3", new Date("2026-01-01T15:59:59Z"), new Date("2026-01-01T16:00:00Z"), -5, 0.05, 0],
  ["@SUM(A1:A2)", "", "", "", "", ""],
];

const bytesOf = async (stream: ReadableStream<Uint8Array>) => Buffer.from(await new Response(stream).arrayBuffer());

async function readXlsx(bytes: Buffer) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book.worksheets[0];
}

describe("the .xlsx file", () => {
  it("has typed cells in Ulaanbaatar time, a bold, frozen, filterable header, and text that is never a formula", async () => {
    const bytes = await bytesOf(xlsxStream("Суралцагчид: 2026/11 [Өвөрхангай]", columns, once(rows)));
    const sheet = await readXlsx(bytes);
    expect(sheet.name).toBe("Суралцагчид 2026 11 Өвөрхангай");

    const header = sheet.getRow(1);
    expect(header.values).toEqual([undefined, ...columns.map((c) => c.header)]);
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.autoFilter).toBe("A1:F6");
    expect(sheet.getColumn(1).width).toBe(24);
    expect(sheet.getColumn(2).width).toBeGreaterThanOrEqual(12);

    const [first, second, third, fourth, fifth] = [2, 3, 4, 5, 6].map((n) => sheet.getRow(n));
    expect(first.getCell(1).value).toBe("Өлзийбаяр Үүрцайх ө ү");
    // the date cell is the Ulaanbaatar day; the datetime its wall clock (exceljs reads a cell's serial as UTC)
    expect(first.getCell(2).value).toEqual(new Date("2026-11-25T00:00:00Z"));
    expect(first.getCell(2).numFmt).toBe("yyyy.mm.dd");
    expect(first.getCell(3).value).toEqual(new Date("2026-11-25T04:30:00Z"));
    expect(first.getCell(3).numFmt).toBe("yyyy.mm.dd hh:mm");
    expect([4, 5, 6].map((c) => first.getCell(c).value)).toEqual([1106, 72.45, 0.453]);
    expect([4, 5, 6].map((c) => first.getCell(c).numFmt)).toEqual(["#,##0", "0.0", "0.0%"]);
    // a calendar day is taken as it is; numbers from PostgreSQL (strings, bigints) are numbers
    expect(second.getCell(2).value).toEqual(new Date("2026-12-31T00:00:00Z"));
    expect(second.getCell(3).value).toEqual(new Date("2026-11-24T09:05:00Z"));
    expect([4, 5, 6].map((c) => second.getCell(c).value)).toEqual([1106, 5, 1]);
    // empty stays empty; what a number column cannot read is kept as text
    expect(third.getCell(1).value).toBe('Say "hi"\nnext line, then');
    expect([2, 3, 5, 6].map((c) => third.getCell(c).value)).toEqual([null, null, null, null]);
    expect(third.getCell(4).value).toBe("—");
    // 15:59:59 UTC is still the 1st in Ulaanbaatar, 16:00 is the 2nd
    expect(fourth.getCell(2).value).toEqual(new Date("2026-01-01T00:00:00Z"));
    expect(fourth.getCell(3).value).toEqual(new Date("2026-01-02T00:00:00Z"));
    expect(fourth.getCell(4).value).toBe(-5);

    for (const [row, text] of [
      [second, "=1+1"],
      [fourth, "-2+3"],
      [fifth, "@SUM(A1:A2)"],
    ] as const) {
      const cell = row.getCell(1);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(text);
      expect(cell.formula).toBeUndefined();
    }
    // in the file itself: plain string cells with a value and no <f>, so Excel has nothing to evaluate
    const xml = await (await JSZip.loadAsync(bytes)).file("xl/worksheets/sheet1.xml")?.async("string");
    expect(xml).not.toContain("<f>");
    expect(xml).toMatch(/<c r="A3"[^>]* t="str"><v>=1\+1<\/v><\/c>/);
  });

  it("makes any name an acceptable sheet name", () => {
    expect(sheetTitle("a[b]c:d*e?f/g\\h")).toBe("a b c d e f g h");
    expect(sheetTitle("Хурдан цэгийн албан хаагчдын сургалтын тайлан 2026")).toBe("Хурдан цэгийн албан хаагчдын су");
    expect(Array.from(sheetTitle("Ө".repeat(40)))).toHaveLength(31);
    expect(sheetTitle("'Тайлан'")).toBe("Тайлан");
    expect(sheetTitle(" ?*: ")).toBe("Sheet1");
    expect(sheetTitle("history")).toBe("History 1");
  });

  it("writes the header alone when there are no rows", async () => {
    const sheet = await readXlsx(await bytesOf(xlsxStream("Хоосон", columns, once([]))));
    expect(sheet.rowCount).toBe(1);
    expect(sheet.autoFilter).toBe("A1:F1");
  });
});

describe("the CSV file", () => {
  it("has a byte-order mark, CRLF, quoted quotes and newlines, inert formulas, Ulaanbaatar dates and plain numbers", async () => {
    const bytes = await bytesOf(csvStream(columns, once(rows)));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    expect(text.split("\r\n")[0]).toBe("\uFEFFОвог нэр,Бүртгүүлсэн огноо,Сүүлд орсон,Суралцагч,Дундаж оноо,Гүйцэтгэл");
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "").replace('"\nnext', "")).not.toContain("\n");

    const parsed = parse(bytes, { bom: true }) as string[][];
    expect(parsed).toEqual([
      columns.map((c) => c.header),
      ["Өлзийбаяр Үүрцайх ө ү", "2026-11-25", "2026-11-25 04:30", "1106", "72.45", "0.453"],
      ["'=1+1", "2026-12-31", "2026-11-24 09:05", "1106", "5", "1"],
      ['Say "hi"\nnext line, then', "", "", "—", "", ""],
      ["'-2+3", "2026-01-01", "2026-01-02 00:00", "-5", "0.05", "0"],
      ["'@SUM(A1:A2)", "", "", "", "", ""],
    ]);
  });

  it("reads past empty pages instead of stalling", async () => {
    async function* pages(): AsyncGenerator<Page> {
      yield [];
      yield [["Бат", null, null, 1, null, null]];
      yield [];
    }
    const parsed = parse(await bytesOf(csvStream(columns, pages())), { bom: true }) as string[][];
    expect(parsed.map((r) => r[0])).toEqual(["Овог нэр", "Бат"]);
  });

  it("refuses a row longer than its header", async () => {
    await expect(bytesOf(csvStream(columns, once([["a", null, null, 1, 2, 3, "extra"]])))).rejects.toThrow("7 cells for 6 columns");
  });
});

describe("the download", () => {
  it("names the file in UTF-8 with an ASCII fallback, and is never cached", async () => {
    const res = tableResponse({
      format: "xlsx",
      filename: "erdem-суралцагчид-Өвөрхангай-2026-11-24.xlsx",
      sheetName: "Суралцагчид",
      columns,
      pages: once(rows),
    });
    expect(res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    const disposition = res.headers.get("Content-Disposition") ?? "";
    expect(disposition.startsWith('attachment; filename="erdem-2026-11-24.xlsx"; filename*=')).toBe(true);
    expect(parseDisposition(disposition)).toEqual({
      type: "attachment",
      parameters: expect.objectContaining({ filename: "erdem-суралцагчид-Өвөрхангай-2026-11-24.xlsx" }),
    });
    expect((await readXlsx(Buffer.from(await res.arrayBuffer()))).rowCount).toBe(6);

    const csv = tableResponse({ format: "csv", filename: "тайлан.csv", sheetName: "", columns, pages: once([]) });
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("Content-Disposition")).toBe("attachment; filename=\"export.csv\"; filename*=UTF-8''%D1%82%D0%B0%D0%B9%D0%BB%D0%B0%D0%BD.csv");
    // an ASCII name needs no second form
    expect(tableResponse({ format: "csv", filename: "erdem summary.csv", sheetName: "", columns, pages: once([]) }).headers.get("Content-Disposition")).toBe(
      'attachment; filename="erdem summary.csv"',
    );
  });
});

// ---- streaming -------------------------------------------------------------------------------

const learnerColumns: Column[] = [
  { header: "Овог", type: "text" },
  { header: "Нэр", type: "text" },
  { header: "И-мэйл", type: "text" },
  { header: "Байгууллага", type: "text" },
  { header: "Бүртгүүлсэн", type: "date" },
  { header: "Сүүлд орсон", type: "datetime" },
  { header: "Явц", type: "integer" },
  { header: "Оноо", type: "decimal" },
  { header: "Гүйцэтгэл", type: "percent" },
  { header: "Гэрчилгээний дугаар", type: "text" },
];

/** `count` rows of distinct values in pages of 1000, as a keyset-paged repository gives them; counts what was asked for. */
function learners(count: number) {
  const asked = { pages: 0, finished: false, closed: false };
  async function* pages(): AsyncGenerator<Page> {
    try {
      for (let p = 0; p * 1000 < count; p++) {
        asked.pages++;
        yield Array.from({ length: Math.min(1000, count - p * 1000) }, (_, i) => {
          const n = p * 1000 + i;
          return [
            `Өлзийбаяр-${n.toString(36)}`,
            `Үүрцайх ${(n * 7919).toString(36)}`,
            `learner.${n}@example.mn`,
            `Баянхонгор аймгийн ${n % 97}-р сургууль`,
            new Date(1.7e12 + n * 1e6),
            new Date(1.7e12 + n * 3e5),
            n % 101,
            (n % 1000) / 10,
            (n % 997) / 997,
            `EMA-2026-${String(n).padStart(6, "0")}`,
          ];
        });
      }
      asked.finished = true;
    } finally {
      asked.closed = true;
    }
  }
  return { asked, pages: pages() };
}

/** Resolves once `read()` has stopped changing for `quietMs` (or after `maxMs`). */
async function settled(read: () => number, quietMs = 300, maxMs = 5000) {
  const start = Date.now();
  let last = read();
  let since = Date.now();
  while (Date.now() - start < maxMs && Date.now() - since < quietMs) {
    await new Promise((r) => setTimeout(r, 25));
    if (read() !== last) [last, since] = [read(), Date.now()];
  }
  return last;
}

// Live memory (heap and buffers) after a full collection, so garbage not yet collected does not count.
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;
const live = () => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};

/** Reads the whole stream without keeping it: time to the first bytes, bytes, and the largest growth of live memory. */
async function consume(stream: ReadableStream<Uint8Array>, sampleEvery: number) {
  const before = live();
  const start = performance.now();
  const reader = stream.getReader();
  let firstByteMs = 0;
  let bytes = 0;
  let next = 0;
  let growth = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!bytes) firstByteMs = performance.now() - start;
    bytes += value.length;
    if (bytes >= next) {
      next += sampleEvery;
      growth = Math.max(growth, live() - before);
    }
  }
  return { firstByteMs, bytes, growth };
}

const MB = 2 ** 20;

describe("streaming", () => {
  // Buffering either file would hold all of it (or all of its rows) at once: tens of megabytes
  // for these sizes. Streamed, the export holds a page or so.
  it("sends a 200,000-row CSV with the first bytes at once and memory flat", { timeout: 60_000 }, async () => {
    const { asked, pages } = learners(200_000);
    const r = await consume(csvStream(learnerColumns, pages), 2 * MB);
    expect(asked.finished).toBe(true);
    expect(r.bytes).toBeGreaterThan(35 * MB);
    expect(r.firstByteMs).toBeLessThan(1000);
    expect(r.growth).toBeLessThan(16 * MB);
  });

  it("sends a 50,000-row .xlsx with the first bytes at once and memory flat", { timeout: 60_000 }, async () => {
    const { asked, pages } = learners(50_000);
    const r = await consume(xlsxStream("Суралцагчид", learnerColumns, pages), MB / 4);
    expect(asked.finished).toBe(true);
    expect(r.firstByteMs).toBeLessThan(1000);
    expect(r.growth).toBeLessThan(16 * MB);
  });

  for (const format of ["csv", "xlsx"] as const) {
    it(`asks for the next page of a ${format} file only as the reader reads, and stops when the reader goes away`, async () => {
      const { asked, pages } = learners(200_000);
      const stream = format === "csv" ? csvStream(learnerColumns, pages) : xlsxStream("Суралцагчид", learnerColumns, pages);
      const reader = stream.getReader();
      await reader.read();
      // a reader who takes nothing more: the writer runs ahead by a page (CSV) or the zip's few small buffers (.xlsx)
      const ahead = await settled(() => asked.pages);
      expect(ahead).toBeLessThanOrEqual(format === "csv" ? 2 : 15);
      await reader.read();
      await reader.cancel();
      await settled(() => Number(asked.closed), 100, 2000);
      expect(asked.closed).toBe(true);
      expect(asked.finished).toBe(false);
      expect(asked.pages).toBeLessThan(30);
    });

    it(`starts a ${format} download before its first page arrives`, async () => {
      async function* slow(): AsyncGenerator<Page> {
        await new Promise((r) => setTimeout(r, 1500));
        yield [["Бат", null, null, 1, null, null, null, null, null, null]];
      }
      const stream = format === "csv" ? csvStream(learnerColumns, slow()) : xlsxStream("Суралцагчид", learnerColumns, slow());
      const start = performance.now();
      const reader = stream.getReader();
      expect((await reader.read()).value?.length).toBeGreaterThan(0);
      expect(performance.now() - start).toBeLessThan(1000);
      while (!(await reader.read()).done);
    });

    it(`errors a ${format} stream when the rows fail half way, instead of hanging`, async () => {
      async function* pages(): AsyncGenerator<Page> {
        for await (const page of learners(3000).pages) yield page;
        throw new Error("the database went away");
      }
      const stream = format === "csv" ? csvStream(learnerColumns, pages()) : xlsxStream("Суралцагчид", learnerColumns, pages());
      await expect(bytesOf(stream)).rejects.toThrow("the database went away");
    });
  }
});
