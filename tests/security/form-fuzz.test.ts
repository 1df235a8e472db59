// Property-based fuzzing of every form action in the route matrix: hostile values (very long,
// control characters, Cyrillic, SQL, HTML), wrong types, missing and repeated fields, stray fields,
// and bodies that are not forms at all. Whatever comes in, an action answers with a Response below
// 500, redirects only within the site, puts no payload into HTML it renders raw, and changes nothing
// in the database when it refuses. FUZZ_SEED=<n> replays a run; FUZZ_RUNS=<n> runs longer.
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { db } from "~/db.server";
import { createUser } from "../../db/factories";
import { args, BASE, get, sessionCookieFor } from "../helpers";
import { changedTables, snapshot } from "./db-snapshot";
import { cookieFor, COURSE, createFixtures, EXAM, freshContext, openExamAttempt, ROLE_KEYS, type Fixtures, type RoleKey } from "./fixtures";
import { expected, HOSTILE_REDIRECTS, matches, ROUTE_MATRIX, type FuzzSpec, type MatrixEntry } from "./route-matrix";
import { loadRoute } from "./routes";

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const PARAMS = { seed: SEED, numRuns: RUNS, endOnFailure: true } as const;
const replay = `replay with FUZZ_SEED=${SEED}`;

let f: Fixtures;
beforeAll(async () => {
  f = await createFixtures();
});

// ---------------------------------------------------------------------------------------------
// What comes in

const CYRILLIC = ["Өлзийбаяр", "Үүрийн гэгээ", "ӨӨӨ үүү ӨҮөү", "Дорж Болд", "Ё ё Ж ж", "АБВГДЕЁЖЗИЙКЛМНОӨПРСТУҮФХЦЧШЩЪЫЬЭЮЯ", "сум\u0301", "Ө\u200dҮ"];
const SQL = [
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '" OR 1=1 --',
  "1; SELECT pg_sleep(5)",
  "admin'--",
  "%' AND 1=0 UNION SELECT * FROM session --",
  "\\'; --",
];
const HTML = [
  '<script>alert("xss")</script>',
  '"><img src=x onerror=alert(1)>',
  "<svg onload=alert(1)>",
  "javascript:alert(1)",
  "</textarea><script>alert(1)</script>",
  "{{constructor.constructor('alert(1)')()}}",
];
const ODD = [
  "",
  " ",
  "null",
  "undefined",
  "true",
  "[]",
  "{}",
  "NaN",
  "-1",
  "0",
  "1e309",
  "9999999999999999999999",
  "0x1F",
  "../../etc/passwd",
  "%00",
  "\u0000",
  "\uFEFF",
  "\uD800",
];

const control = fc.array(fc.integer({ min: 0, max: 31 }), { minLength: 1, maxLength: 12 }).map((cs) => String.fromCharCode(...cs));
const long = fc.tuple(fc.integer({ min: 500, max: 200_000 }), fc.constantFrom("a", "Ө", "<", "'", "\u0000", "ү ")).map(([n, c]) => c.repeat(n));
const hostile: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 30 }), weight: 2 },
  { arbitrary: fc.constantFrom(...CYRILLIC), weight: 2 },
  { arbitrary: fc.constantFrom(...SQL), weight: 2 },
  { arbitrary: fc.constantFrom(...HTML), weight: 2 },
  { arbitrary: fc.oneof(fc.integer(), fc.double(), fc.bigInt()).map(String), weight: 1 },
  { arbitrary: fc.constantFrom(...ODD), weight: 2 },
  { arbitrary: control, weight: 1 },
  { arbitrary: long, weight: 1 },
);

type Value = string | { file: string; name: string; type: string };
type Entries = [string, Value][];

const fileValue = fc.record({
  file: hostile,
  name: fc.constantFrom("list.csv", "credential.jwt", "../../x.csv", "", "файл.csv"),
  type: fc.constantFrom("text/csv", "application/octet-stream", ""),
});

/** One form: each known field missing, once or repeated; known good values mixed with hostile ones; stray fields. */
function formArbitrary(spec: FuzzSpec, known: Record<string, string[]>): fc.Arbitrary<Entries> {
  const field = (name: string) => {
    const choices: fc.WeightedArbitrary<Value>[] = [
      { arbitrary: hostile, weight: 3 },
      { arbitrary: fileValue, weight: 1 },
    ];
    if (known[name]?.length) choices.push({ arbitrary: fc.constantFrom(...known[name]), weight: 4 });
    const value = fc.oneof(...choices);
    return fc
      .oneof(
        { arbitrary: fc.constant([] as Value[]), weight: 1 },
        { arbitrary: value.map((v) => [v]), weight: 5 },
        { arbitrary: fc.array(value, { minLength: 2, maxLength: 3 }), weight: 1 },
      )
      .map((vs) => vs.map((v) => [name, v] as [string, Value]));
  };
  const strayName = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom("__proto__", "constructor", "prototype", "intent[]", "q.", "toString", "_data", "$$id"),
  );
  return fc
    .tuple(fc.tuple(...spec.fields.map(field)), fc.array(fc.tuple(strayName, hostile as fc.Arbitrary<Value>), { maxLength: 3 }))
    .map(([known, stray]) => [...known.flat(), ...stray]);
}

type Encoding = "urlencoded" | "multipart" | "urlencoded-utf16" | "json" | "text" | "broken-multipart" | "no-content-type";
/** What a browser's form sends. */
const formEncoding = fc.oneof(
  { arbitrary: fc.constant<Encoding>("urlencoded"), weight: 4 },
  { arbitrary: fc.constant<Encoding>("multipart"), weight: 2 },
  { arbitrary: fc.constant<Encoding>("urlencoded-utf16"), weight: 1 },
);
/** What only a script sends: the action must still answer, with a 4xx. */
const oddEncoding = fc.constantFrom<Encoding>("json", "text", "broken-multipart", "no-content-type");
const originHeaders = fc.constantFrom<Record<string, string>[]>(
  { Origin: BASE },
  { Origin: BASE, Referer: `${BASE}/somewhere` },
  { Origin: "null", Referer: `${BASE}/somewhere` },
);

const asText = (v: Value) => (typeof v === "string" ? v : v.file);

function body(kind: Encoding, entries: Entries): { body: BodyInit; headers: Record<string, string> } {
  switch (kind) {
    case "urlencoded":
    case "urlencoded-utf16": {
      const p = new URLSearchParams();
      for (const [k, v] of entries) p.append(k, asText(v));
      const type = kind === "urlencoded" ? "application/x-www-form-urlencoded" : "application/x-www-form-urlencoded; charset=utf-16";
      return { body: p.toString(), headers: { "Content-Type": type } };
    }
    case "multipart": {
      const fd = new FormData();
      for (const [k, v] of entries) typeof v === "string" ? fd.append(k, v) : fd.append(k, new File([v.file], v.name || "blob", { type: v.type }));
      return { body: fd, headers: {} }; // the Request sets the boundary
    }
    case "json":
      return { body: JSON.stringify(Object.fromEntries(entries.map(([k, v]) => [k, asText(v)]))), headers: { "Content-Type": "application/json" } };
    case "text":
      return { body: entries.map(([k, v]) => `${k}=${asText(v)}`).join("\n"), headers: { "Content-Type": "text/plain;charset=UTF-8" } };
    case "broken-multipart":
      return {
        body: `--XyZ\r\nContent-Disposition: form-data; name="${entries[0]?.[0] ?? "intent"}"\r\n\r\n${asText(entries[0]?.[1] ?? "x")}`,
        headers: { "Content-Type": "multipart/form-data; boundary=AbC" },
      };
    case "no-content-type":
      return { body: new TextEncoder().encode(new URLSearchParams(entries.map(([k, v]) => [k, asText(v)])).toString()), headers: {} };
  }
}

// ---------------------------------------------------------------------------------------------
// What must hold of what goes out

/** Every string under a key a page renders as raw HTML (lesson and question bodies, explanations). */
function rawHtmlValues(data: unknown, out: string[] = []): string[] {
  if (Array.isArray(data)) for (const d of data) rawHtmlValues(d, out);
  else if (data && typeof data === "object") {
    for (const [k, v] of Object.entries(data)) {
      if (/html$/i.test(k) && typeof v === "string") out.push(v);
      else rawHtmlValues(v, out);
    }
  }
  return out;
}
const SCRIPTY = /<script|onerror\s*=|onload\s*=|javascript:/i;

function stayOnSite(location: string | null): boolean {
  if (location === null) return true;
  try {
    return new URL(location, BASE).origin === BASE;
  } catch {
    return false;
  }
}

interface Outcome {
  status: number;
  location: string | null;
  json: unknown;
}

/** Runs a loader or action; a thrown Error (not a Response) is what Remix turns into a 500. */
async function call(fn: (a: unknown) => Promise<unknown>, request: Request, params: Record<string, string>): Promise<Outcome> {
  let result: unknown;
  try {
    result = await fn(args(request, params, freshContext()));
  } catch (e) {
    if (!(e instanceof Response)) throw new Error(`threw instead of answering: ${(e as Error)?.stack ?? String(e)}`);
    result = e;
  }
  if (!(result instanceof Response)) return { status: 200, location: null, json: result };
  const type = result.headers.get("Content-Type") ?? "";
  const json = type.includes("json") ? await result.json().catch(() => undefined) : (await result.body?.cancel(), undefined);
  return { status: result.status, location: result.headers.get("Location"), json };
}

function target(entry: MatrixEntry, spec: FuzzSpec) {
  return spec.target ? spec.target(f) : Promise.resolve({ url: entry.url(f), params: entry.params?.(f) ?? {} });
}

const ACTIONS = Object.entries(ROUTE_MATRIX).filter((e): e is [string, MatrixEntry & { action: NonNullable<MatrixEntry["action"]> }] => e[1].action !== null);

describe("form actions under fuzzing", () => {
  it("cover every action in the route matrix", () => {
    expect(ACTIONS.length).toBeGreaterThan(0);
    for (const [file, entry] of ACTIONS) expect(entry.action.fuzz.fields.length, file).toBeGreaterThan(0);
  });

  for (const [file, entry] of ACTIONS) {
    const spec = entry.action.fuzz;
    const check = (encoding: fc.Arbitrary<Encoding>, numRuns: number) => async () => {
      const mod = await loadRoute(file);
      const { url, params } = await target(entry, spec);
      const property = fc.asyncProperty(
        fc.constantFrom<RoleKey[]>(...spec.roles),
        formArbitrary(spec, spec.values?.(f) ?? {}),
        encoding,
        originHeaders,
        async (role, entries, kind, origin) => {
          const cookie = await cookieFor(f, role);
          const { body: b, headers } = body(kind, entries);
          const request = new Request(new URL(url, BASE), {
            method: "POST",
            body: b,
            headers: { ...origin, ...headers, ...(cookie ? { Cookie: cookie } : {}) },
          });
          const before = await snapshot(spec.writes);
          const out = await call(mod.action!, request, params);
          const what = `${role} ${kind} → ${out.status}${out.location ? ` ${out.location}` : ""}`;
          expect(out.status, what).toBeLessThan(500);
          expect(stayOnSite(out.location), `redirect off the site: ${what}`).toBe(true);
          for (const html of rawHtmlValues(out.json)) expect(html, `raw HTML with a payload: ${what}`).not.toMatch(SCRIPTY);
          if (out.status >= 400) expect(changedTables(before, await snapshot(spec.writes)), `refused but changed the database: ${what}`).toEqual([]);
        },
      );
      // Always tried first: a NUL byte in every field, alone and beside values that get past the first
      // checks (PostgreSQL refuses NUL in text, so it must be stopped before it reaches a query).
      const known = spec.values?.(f) ?? {};
      const nul = (useKnown: boolean): Entries => spec.fields.map((n) => [n, useKnown && known[n]?.length ? known[n][0] : "x\u0000"]);
      const examples: [RoleKey, Entries, Encoding, Record<string, string>][] = [
        [spec.roles[0], nul(false), "urlencoded", { Origin: BASE }],
        [spec.roles[0], nul(true), "urlencoded", { Origin: BASE }],
      ];
      await assertProperty(property, { ...PARAMS, numRuns, examples: encoding === formEncoding ? examples : [] });
    };
    // Deny by default holds whatever the form says: a role the matrix does not allow gets the
    // matrix's refusal, and nothing changes.
    const denied = ROLE_KEYS.filter((r) => entry.action.allow[r] === undefined && !spec.roles.includes(r));
    if (denied.length) {
      it(`POST ${file}: refuses ${denied.join(", ")} whatever the form`, async () => {
        const mod = await loadRoute(file);
        const url = entry.url(f);
        const params = entry.params?.(f) ?? {};
        const property = fc.asyncProperty(
          fc.constantFrom(...denied),
          formArbitrary(spec, spec.values?.(f) ?? {}),
          formEncoding,
          async (role, entries, kind) => {
            const cookie = await cookieFor(f, role);
            const { body: b, headers } = body(kind, entries);
            const request = new Request(new URL(url, BASE), {
              method: "POST",
              body: b,
              headers: { Origin: BASE, ...headers, ...(cookie ? { Cookie: cookie } : {}) },
            });
            const before = await snapshot(spec.writes);
            const out = await call(mod.action!, request, params);
            const want = expected(entry, entry.action.allow, role);
            expect(matches(want, out, url), `${role} ${kind}: expected ${want}, got ${out.status}${out.location ? ` ${out.location}` : ""}`).toBe(true);
            expect(changedTables(before, await snapshot(spec.writes)), `${role} was refused but the database changed`).toEqual([]);
          },
        );
        await assertProperty(property, { ...PARAMS, numRuns: Math.ceil(RUNS / 2) });
      });
    }
    // bodies that are not forms first: they submit nothing, so the learner's attempt is still open after them
    it(`POST ${file}: bodies that are not forms`, check(oddEncoding, Math.ceil(RUNS / 3)));
    it(`POST ${file}: hostile form values`, check(formEncoding, RUNS));
  }
});

// Loaders read query strings: the same hostile values there, under the names the loaders read.
const QUERY_NAMES = [
  "q",
  "aimag",
  "sum",
  "organisation",
  "course",
  "status",
  "by",
  "page",
  "role",
  "view",
  "lng",
  "lang",
  "audience",
  "category",
  "actor",
  "campaign",
  "event",
  "from",
  "to",
  "format",
  "detail",
  "after",
  "confirm",
  "redirectTo",
];

describe("loaders under fuzzing", () => {
  for (const [file, entry] of Object.entries(ROUTE_MATRIX)) {
    it(`GET ${file}: never a 5xx, whatever the query string`, async () => {
      const mod = await loadRoute(file);
      const roles = ROLE_KEYS.filter((r) => entry.loader[r] !== undefined);
      const query = fc.dictionary(fc.constantFrom(...QUERY_NAMES), hostile, { maxKeys: 4 });
      const property = fc.asyncProperty(fc.constantFrom(...(roles.length ? roles : ROLE_KEYS)), query, async (role, extra) => {
        const url = new URL(entry.url(f), BASE);
        for (const [k, v] of Object.entries(extra)) url.searchParams.set(k, v);
        const out = await call(mod.loader!, get(`${url.pathname}${url.search}`, { cookie: await cookieFor(f, role) }), entry.params?.(f) ?? {});
        const what = `${role} ${url.search.slice(0, 200)} → ${out.status}${out.location ? ` ${out.location}` : ""}`;
        expect(out.status, what).toBeLessThan(500);
        expect(stayOnSite(out.location), `redirect off the site: ${what}`).toBe(true);
      });
      const nul: [RoleKey, Record<string, string>] = [
        roles.includes("admin") ? "admin" : (roles[0] ?? "anonymous"),
        Object.fromEntries(QUERY_NAMES.filter((n) => n !== "redirectTo").map((n) => [n, "x\u0000"])),
      ];
      await assertProperty(property, { ...PARAMS, numRuns: Math.ceil(RUNS / 3), examples: [nul] });
    });
  }
});

/** fc.assert, with the way to replay the run in the failure message. */
async function assertProperty<T>(property: fc.IAsyncProperty<T>, params: fc.Parameters<T>) {
  try {
    await fc.assert(property, params);
  } catch (e) {
    // long generated strings would fill the screen: "aaaa…" becomes "a×5000", "\\u0000\\u0000…" "\\u0000×800"
    if (e instanceof Error) e.message = `${replay}\n${e.message.replace(/(.{1,6}?)\1{20,}/gsu, (run, unit: string) => `${unit}×${run.length / unit.length}`)}`;
    throw e;
  }
}

describe("the database fingerprint", () => {
  it("notices a changed row in a hashed table, and an added row anywhere", async () => {
    const before = await snapshot(["aimag"]);
    await db.updateTable("aimag").set({ name_en: "Changed" }).where("code", "=", "MN-064").execute();
    await db.insertInto("counter").values({ name: "fingerprint-test", value: 1 }).execute();
    expect(changedTables(before, await snapshot(["aimag"])).sort()).toEqual(["aimag", "counter"]);
  });
});

// The known tricks always run first (fast-check's examples), then random targets.
describe("redirect targets", () => {
  const target = fc.oneof(
    fc.constantFrom(...HOSTILE_REDIRECTS),
    fc.string({ maxLength: 20 }).map((s) => `/${s}`),
    fc.string({ unit: "binary", maxLength: 20 }),
  );

  it("stay on the site after switching language", async () => {
    const mod = await loadRoute("language.tsx");
    const property = fc.asyncProperty(target, async (to) => {
      const out = await call(mod.loader!, get(`/language?lng=en&redirectTo=${encodeURIComponent(to)}`), {});
      expect(out.status, JSON.stringify(to)).toBe(302);
      expect(stayOnSite(out.location), `${JSON.stringify(to)} → ${out.location}`).toBe(true);
    });
    await assertProperty(property, { ...PARAMS, examples: HOSTILE_REDIRECTS.map((r) => [r] as [string]) });
  });

  it("stay on the site after logging in", async () => {
    const mod = await loadRoute("login.tsx");
    const property = fc.asyncProperty(target, async (to) => {
      // the login form's own fuzzing may have spent this account's attempts: this test is about where it lands
      await db.deleteFrom("login_throttle").execute();
      const form = new URLSearchParams({ email: f.otherB.email, password: f.otherB.password, redirectTo: to });
      const request = new Request(new URL("/login", BASE), {
        method: "POST",
        body: form.toString(),
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE },
      });
      const out = await call(mod.action!, request, {});
      expect(out.status, JSON.stringify(to)).toBe(302);
      expect(stayOnSite(out.location), `${JSON.stringify(to)} → ${out.location}`).toBe(true);
    });
    await assertProperty(property, { ...PARAMS, numRuns: Math.min(RUNS, 15), examples: HOSTILE_REDIRECTS.map((r) => [r] as [string]) });
  });
});

describe("answers a learner saves", () => {
  it("never come back inside HTML the attempt page renders raw", async () => {
    const mod = await loadRoute("courses.$course.quizzes.$quiz.attempts.$attempt.tsx");
    const learner = await createUser(db);
    const attempt = await openExamAttempt(learner.id);
    const url = `/courses/${COURSE}/quizzes/${EXAM}/attempts/${attempt}`;
    const params = { course: COURSE, quiz: EXAM, attempt };
    const payload = fc.constantFrom(...HTML, ...CYRILLIC);
    const property = fc.asyncProperty(
      fc.dictionary(fc.constantFrom("q.capital", "q.point-name", "q.services", "q.steps.a", "q.aimags-tf"), payload),
      async (answers) => {
        const cookie = await sessionCookieFor(learner.id);
        const form = new URLSearchParams({ intent: "save", ...answers });
        const saved = await call(
          mod.action!,
          new Request(new URL(url, BASE), {
            method: "POST",
            body: form.toString(),
            headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE, Cookie: cookie! },
          }),
          params,
        );
        expect(saved.status).toBeLessThan(500);
        const page = await call(mod.loader!, get(url, { cookie }), params);
        expect(page.status).toBe(200);
        for (const html of rawHtmlValues(page.json)) expect(html).not.toMatch(SCRIPTY);
      },
    );
    await assertProperty(property, { ...PARAMS, numRuns: Math.min(RUNS, 10) });
  });
});
