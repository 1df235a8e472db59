import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import en from "./locales/en";
import mn from "./locales/mn";

function flatten(obj: object, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(tsx?)$/.test(f) && !f.includes(".test.") ? [p] : [];
  });
}

describe("translations", () => {
  const mnKeys = flatten(mn);
  const enKeys = flatten(en);

  it("have the same keys in Mongolian and English", () => {
    expect([...mnKeys.keys()].filter((k) => !enKeys.has(k))).toEqual([]);
    expect([...enKeys.keys()].filter((k) => !mnKeys.has(k))).toEqual([]);
  });

  it("have no empty strings", () => {
    for (const [k, v] of [...mnKeys, ...enKeys]) expect(v.trim(), k).not.toBe("");
  });

  it("use the same {{placeholders}} in both languages", () => {
    for (const [k, v] of mnKeys) {
      const vars = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
      expect(vars(enKeys.get(k) ?? ""), k).toEqual(vars(v));
    }
  });

  it("contain every literal key the code translates", () => {
    const appDir = path.resolve(__dirname, "..");
    const used = new Set<string>();
    for (const file of sourceFiles(appDir)) {
      const src = readFileSync(file, "utf8");
      for (const m of src.matchAll(/\bt\(\s*"([a-zA-Z]+\.[a-zA-Z0-9_.]+)"/g)) used.add(m[1]);
      for (const m of src.matchAll(/"((?:errors|admin|profile|register|logout|login|nav|form|home|fields)\.[a-zA-Z0-9_]+)"/g)) used.add(m[1]);
    }
    const missing = [...used].filter((k) => !mnKeys.has(k) && !mnKeys.has(`${k}_other`));
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(50);
  });
});
