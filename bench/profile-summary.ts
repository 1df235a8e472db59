// Where a server's CPU and memory go, from the files Node writes:
//   npx tsx bench/profile-summary.ts cpu FILE.cpuprofile   — self time by package/area, and the top functions
//   npx tsx bench/profile-summary.ts heap FILE.heapsnapshot — live bytes by constructor, and the largest strings
// Profiles come from BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" (or --heapsnapshot-signal=SIGUSR2
// and `kill -USR2` on a worker under load) with `npm run bench throughput`; docs/BENCHMARKS.md has the readings.
import { readFileSync } from "node:fs";

interface CpuNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** The area a function belongs to, by its file. */
function area(node: CpuNode): string {
  const { url, functionName: f } = node.callFrame;
  if (f === "(garbage collector)") return "garbage collection";
  if (f === "(idle)") return "idle";
  if (f === "(program)") return "V8 (program)";
  if (/react-dom/.test(url)) return "React render";
  if (/@remix-run\/router|react-router/.test(url)) return "routing (React Router)";
  if (/@remix-run/.test(url)) return "Remix";
  if (/node:zlib|compression/.test(url)) return "gzip";
  if (/undici|webstreams|node:internal\/(webstreams|abort_controller|url)|encoding/.test(url)) return "Fetch API objects, streams, encoding";
  if (
    /node:_http|node:net|node:internal\/(http|stream|streams)|node:stream|node:events/.test(url) ||
    f === "writev" ||
    f === "writeLatin1String" ||
    f === "writeUtf8String"
  )
    return "Node HTTP and streams";
  if (/express|helmet|finalhandler|send\/|serve-static|cookie/.test(url)) return "Express, helmet";
  if (/kysely|better-sqlite3|node_modules\/pg/.test(url)) return "database (Kysely, driver)";
  if (/i18next/.test(url)) return "i18next";
  if (/build\/(index|server)\.js/.test(url)) return "Erdem's own code";
  if (/modules\/(cjs|esm)|fontkit|pdf-lib/.test(url)) return "start-up (module loading, fonts)";
  return "other";
}

function cpu(file: string) {
  const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: CpuNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    const dt = profile.timeDeltas[i] ?? 0;
    const a = area(node);
    if (a === "idle") return;
    busy += dt;
    areas.set(a, (areas.get(a) ?? 0) + dt);
    const key = `${node.callFrame.functionName || "(anonymous)"} ${node.callFrame.url.split("/").slice(-2).join("/")}:${node.callFrame.lineNumber}`;
    functions.set(key, (functions.get(key) ?? 0) + dt);
  });
  console.log(`busy ${(busy / 1e6).toFixed(1)} s`);
  for (const [a, t] of [...areas].sort((x, y) => y[1] - x[1])) console.log(`${a.padEnd(40)} ${((100 * t) / busy).toFixed(1).padStart(5)} %`);
  console.log("\ntop functions (self time)");
  for (const [f, t] of [...functions].sort((x, y) => y[1] - x[1]).slice(0, 20)) console.log(`${((100 * t) / busy).toFixed(1).padStart(5)} % ${f}`);
}

function heap(file: string) {
  const snap = JSON.parse(readFileSync(file, "utf8"));
  const fields: string[] = snap.snapshot.meta.node_fields;
  const types: string[] = snap.snapshot.meta.node_types[0];
  const [iType, iName, iSize] = ["type", "name", "self_size"].map((f) => fields.indexOf(f));
  const nodes: number[] = snap.nodes;
  const strings: string[] = snap.strings;
  const byKind = new Map<string, [number, number]>();
  const byString = new Map<string, [number, number]>();
  let total = 0;
  for (let i = 0; i < nodes.length; i += fields.length) {
    const type = types[nodes[i + iType]];
    const size = nodes[i + iSize];
    total += size;
    const kind = type === "object" || type === "closure" ? strings[nodes[i + iName]] : type;
    const k = byKind.get(kind) ?? [0, 0];
    byKind.set(kind, [k[0] + size, k[1] + 1]);
    if (type === "string") {
      const head = strings[nodes[i + iName]].slice(0, 60).replace(/\s+/g, " ");
      const s = byString.get(head) ?? [0, 0];
      byString.set(head, [s[0] + size, s[1] + 1]);
    }
  }
  const mb = (n: number) => (n / 2 ** 20).toFixed(1).padStart(6);
  console.log(`live ${mb(total)} MB`);
  for (const [k, [s, n]] of [...byKind].sort((a, b) => b[1][0] - a[1][0]).slice(0, 20)) console.log(`${mb(s)} MB ${String(n).padStart(8)} × ${k.slice(0, 60)}`);
  console.log("\nlargest strings, grouped by their first 60 characters");
  for (const [k, [s, n]] of [...byString].sort((a, b) => b[1][0] - a[1][0]).slice(0, 10))
    console.log(`${mb(s)} MB ${String(n).padStart(8)} × ${JSON.stringify(k)}`);
}

const [kind, file] = process.argv.slice(2);
if (kind === "cpu" && file) cpu(file);
else if (kind === "heap" && file) heap(file);
else throw new Error("usage: profile-summary.ts cpu FILE.cpuprofile | heap FILE.heapsnapshot");
