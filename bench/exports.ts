// The table export module alone, without server or database: a 200,000-row learner table written as
// CSV and as .xlsx, each in a fresh process, read as fast as it comes. Time to the first bytes, total
// time, size, and the process's peak RSS and live-memory growth (heap and buffers, after a collection).
// npx tsx bench/exports.ts [rows]; `npm run bench exports` records it in docs/BENCHMARKS.md.
import { execFileSync } from "node:child_process";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { type Column, csvStream, type Page, xlsxStream } from "~/features/reports/table-export.server";
import { fmt, machine, ROOT, recordSection } from "./lib";

const ROWS = 200_000;

const columns: Column[] = [
  { header: "Овог", type: "text" },
  { header: "Нэр", type: "text" },
  { header: "И-мэйл", type: "text" },
  { header: "Байгууллага", type: "text" },
  { header: "Сургалт", type: "text" },
  { header: "Бүртгүүлсэн", type: "date" },
  { header: "Сүүлд орсон", type: "datetime" },
  { header: "Төлөв", type: "text" },
  { header: "Явц, %", type: "integer" },
  { header: "Шалгалтын оноо", type: "decimal" },
  { header: "Гүйцэтгэл", type: "percent" },
  { header: "Гэрчилгээний дугаар", type: "text" },
];

/** Pages of 1000 distinct rows, as the keyset-paged learner list hands them over. */
async function* learnerPages(rows: number): AsyncGenerator<Page> {
  for (let p = 0; p * 1000 < rows; p++) {
    yield Array.from({ length: Math.min(1000, rows - p * 1000) }, (_, i) => {
      const n = p * 1000 + i;
      return [
        `Өлзийбаяр-${n.toString(36)}`,
        `Үүрцайх ${(n * 7919).toString(36)}`,
        `learner.${n}@example.mn`,
        `Баянхонгор аймгийн ${n % 97}-р сумын ЗДТГ`,
        "Сумын оператор, Хурдан цэгийн албан хаагчдад зориулсан E-Mongolia үйлчилгээ",
        new Date(1.7e12 + n * 1e6),
        new Date(1.7e12 + n * 3e5),
        n % 3 ? "Үргэлжилж байна" : "Дууссан",
        n % 101,
        (n % 1000) / 10,
        (n % 997) / 997,
        n % 3 ? null : `EMA-2026-${String(n).padStart(6, "0")}`,
      ];
    });
  }
}

interface Result {
  format: "csv" | "xlsx";
  rows: number;
  firstByteMs: number;
  totalMs: number;
  cpuMs: number;
  bytes: number;
  peakRssMb: number;
  startRssMb: number;
  liveGrowthMb: number;
}

/** One export in this process (run in a child, so each format's RSS is its own). */
async function measure(format: "csv" | "xlsx", rows: number): Promise<Result> {
  const open = (n: number) => (format === "csv" ? csvStream(columns, learnerPages(n)) : xlsxStream("Суралцагчид", columns, learnerPages(n)));
  // warm-up: one page, so that loading exceljs and compiling the writer is not counted (a server pays it once)
  await new Response(open(1000)).arrayBuffer();
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  const live = () => {
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.external;
  };
  const before = live();
  const startRssMb = process.memoryUsage().rss / 2 ** 20;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const reader = open(rows).getReader();
  let firstByteMs = 0;
  let bytes = 0;
  let nextSample = 0;
  let growth = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!bytes) firstByteMs = performance.now() - start;
    bytes += value.length;
    // a collection every 4 MiB of output (1 MiB of .xlsx) costs little of the total time
    if (bytes >= nextSample) {
      nextSample += format === "csv" ? 4 * 2 ** 20 : 2 ** 20;
      growth = Math.max(growth, live() - before);
    }
  }
  const totalMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  return {
    format,
    rows,
    firstByteMs,
    totalMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    bytes,
    peakRssMb: peakRss / 2 ** 20,
    startRssMb,
    liveGrowthMb: growth / 2 ** 20,
  };
}

export async function benchExports(rows = ROWS) {
  const load = os.loadavg()[0];
  const results: Result[] = [];
  for (const format of ["csv", "xlsx"] as const) {
    const out = execFileSync("node", ["--expose-gc", "--import", "tsx", fileURLToPath(import.meta.url), "--child", format, String(rows)], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    results.push(JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as Result);
  }
  console.table(results);
  const line = (r: Result) =>
    `| ${r.format === "csv" ? "CSV" : ".xlsx"} | ${fmt(r.firstByteMs, 1)} ms | ${fmt(r.totalMs / 1000, 1)} s | ${fmt(r.cpuMs / 1000, 1)} s | ${fmt(r.rows / (r.totalMs / 1000))} | ${fmt(r.bytes / 2 ** 20, 1)} MiB | ${fmt(r.peakRssMb)} MiB (${fmt(r.startRssMb)} at start) | ${fmt(r.liveGrowthMb, 1)} MiB |`;
  recordSection(
    "exports",
    `## Report exports (the table-export module alone)

Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine()}, load average ${fmt(load, 1)} at the start.
Method: \`npm run bench exports\` writes ${fmt(rows)} learner rows of 12 columns (text, dates, numbers), from a
generator in pages of 1000, through \`csvStream\` and \`xlsxStream\`, each in a fresh Node process after a
one-page warm-up, and reads the stream as fast as it comes without keeping it; CPU time is the process's
own (user and system), which a busy machine stretches less than the wall-clock total. No server, no database (\`bench/reports.ts\` measures the
HTTP export at national volume). A CSV's first bytes are its header, sent before any page is asked
for; an .xlsx's come once the first page is written into the zip.

| format | first bytes | total | CPU time | rows/s | size | peak RSS | live-memory growth |
|---|---|---|---|---|---|---|---|
${results.map(line).join("\n")}`,
  );
}

if (process.argv[2] === "--child") {
  const result = await measure(process.argv[3] as "csv" | "xlsx", Number(process.argv[4] ?? ROWS));
  console.log(JSON.stringify(result));
  process.exit(0);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchExports(Number(process.argv[2] ?? ROWS));
}
