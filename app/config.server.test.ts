import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import { environment, parseConfig, SETTING_NAMES } from "./config.server";

describe("the .env file", () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "erdem-env-")), ".env");
  writeFileSync(file, "SMTP_URL=smtp://dev@127.0.0.1:2525\nPORT=4000\nMAIL_FROM='\"Эрдэм\" <dev@erdem.local>'\n");

  it("is read outside production and tests, under the real environment", () => {
    const env = environment({ NODE_ENV: "development", PORT: "5000" }, file);
    expect(env).toMatchObject({ SMTP_URL: "smtp://dev@127.0.0.1:2525", PORT: "5000", MAIL_FROM: '"Эрдэм" <dev@erdem.local>' });
    expect(parseConfig(env).PORT).toBe(5000);
    expect(environment({}, file).SMTP_URL).toBe("smtp://dev@127.0.0.1:2525");
  });

  it("is not read in production or in tests, nor when it is missing", () => {
    expect(environment({ NODE_ENV: "production" }, file).SMTP_URL).toBeUndefined();
    expect(environment({ NODE_ENV: "test" }, file).SMTP_URL).toBeUndefined();
    expect(environment({ NODE_ENV: "development" }, `${file}.missing`)).toEqual({ NODE_ENV: "development" });
  });
});

describe("parseConfig", () => {
  it("has a default for every setting", () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      WEB_CONCURRENCY: 1,
      PG_POOL_MAX: 10,
      TRUST_PROXY: false,
      PAGE_CACHE: true,
      ALLOWED_ORIGINS: [],
      CONTENT_DIR: "content",
      VERIFY_MAX_PER_MINUTE: 60,
    });
    expect(c.database).toEqual({ kind: "sqlite", filename: "data/erdem.sqlite" });
  });

  it("reads TRUST_PROXY as a hop count or a list of proxies, never as a blanket yes", () => {
    expect(parseConfig({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(parseConfig({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(parseConfig({ TRUST_PROXY: "0" }).TRUST_PROXY).toBe(false);
    expect(parseConfig({ TRUST_PROXY: "false" }).TRUST_PROXY).toBe(false);
    expect(parseConfig({ TRUST_PROXY: "loopback, 10.0.0.5,10.0.1.0/24, fd00::/8" }).TRUST_PROXY).toEqual(["loopback", "10.0.0.5", "10.0.1.0/24", "fd00::/8"]);
    expect(() => parseConfig({ TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY: "true" would trust any X-Forwarded-For/);
    expect(() => parseConfig({ TRUST_PROXY: "proxy.internal" })).toThrow(/TRUST_PROXY: not a hop count.*proxy\.internal/);
    expect(() => parseConfig({ TRUST_PROXY: "10.0.0.0/33" })).toThrow(/TRUST_PROXY/);
    expect(() => parseConfig({ TRUST_PROXY: "99" })).toThrow(/TRUST_PROXY/);
  });

  it("normalises ALLOWED_ORIGINS and refuses what is not an origin", () => {
    expect(parseConfig({ ALLOWED_ORIGINS: "https://lms.gov.mn/, http://localhost:8080" }).ALLOWED_ORIGINS).toEqual([
      "https://lms.gov.mn",
      "http://localhost:8080",
    ]);
    expect(() => parseConfig({ ALLOWED_ORIGINS: "lms.gov.mn" })).toThrow(/ALLOWED_ORIGINS/);
    expect(() => parseConfig({ ALLOWED_ORIGINS: "javascript:alert(1)" })).toThrow(/ALLOWED_ORIGINS/);
  });

  it("refuses values out of range rather than guessing", () => {
    expect(parseConfig({ PAGE_CACHE: "off" }).PAGE_CACHE).toBe(false);
    expect(() => parseConfig({ PAGE_CACHE: "no" })).toThrow(/PAGE_CACHE/);
    expect(() => parseConfig({ WEB_CONCURRENCY: "0" })).toThrow(/WEB_CONCURRENCY/);
    expect(() => parseConfig({ PG_POOL_MAX: "ten" })).toThrow(/PG_POOL_MAX/);
    expect(() => parseConfig({ VERIFY_MAX_PER_MINUTE: "-1" })).toThrow(/VERIFY_MAX_PER_MINUTE/);
  });
});

describe("documentation of the settings", () => {
  const root = path.resolve(__dirname, "..");
  it("README's configuration table and .env.example list every setting", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const example = readFileSync(path.join(root, ".env.example"), "utf8");
    expect(SETTING_NAMES).toContain("TRUST_PROXY");
    expect(SETTING_NAMES.filter((name) => !readme.includes(`| \`${name}\``) && !readme.includes(`/ \`${name}\``))).toEqual([]);
    expect(SETTING_NAMES.filter((name) => !new RegExp(`^# ${name}=`, "m").test(example))).toEqual([]);
  });
});

// Settings are read in app/config.server.ts only. Test files and tests/ set the environment up
// and are not scanned. A file may *set* a variable (the server entry gives NODE_ENV its production
// default before React loads); reading one anywhere else fails here.
const ROOT = path.resolve(__dirname, "..");
const SCANNED = ["app", "server", "db", "scripts"];
// A server entry at the top level, should one come back.
const TOP_LEVEL = ["server.js", "server.ts", "server.mjs"];
const READERS = new Set(["app/config.server.ts"]);
// Variables tolerated outside the config module, per file (none today).
const PENDING: Record<string, string[]> = {};

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(e.name) && !/\.test\.[a-z]+$/.test(e.name) ? [rel] : [];
  });
}

/** Every `process.env` use in the text that is not the target of an assignment, with the variable it names. */
function envReads(text: string): { line: number; name: string | null }[] {
  const reads: { line: number; name: string | null }[] = [];
  for (const m of text.matchAll(/process\.env\b(?:\.(\w+)|\[\s*["'`](\w+)["'`]\s*\])?(\s*(?:\?\?=|=(?!=)))?/g)) {
    if (m[3]) continue;
    reads.push({ line: text.slice(0, m.index).split("\n").length, name: m[1] ?? m[2] ?? null });
  }
  return reads;
}

describe("settings are read in one place", () => {
  it("tells reads from assignments", () => {
    expect(envReads('process.env.NODE_ENV ??= "production";\nprocess.env.X = "1";')).toEqual([]);
    expect(envReads('const a = process.env.A;\nif (process.env["B"] === "1") f({ ...process.env });')).toEqual([
      { line: 1, name: "A" },
      { line: 2, name: "B" },
      { line: 2, name: null },
    ]);
  });

  it("no source file outside app/config.server.ts reads process.env", () => {
    const offenders: string[] = [];
    for (const file of [...SCANNED.flatMap(sourceFiles), ...TOP_LEVEL.filter((f) => existsSync(path.join(ROOT, f)))]) {
      if (READERS.has(file)) continue;
      for (const read of envReads(readFileSync(path.join(ROOT, file), "utf8"))) {
        if (read.name && PENDING[file]?.includes(read.name)) continue;
        offenders.push(`${file}:${read.line} ${read.name ?? "process.env"}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
