// Route × role matrix: every loader and action of every route module, asked by every role about
// records that belong to someone else, must answer what tests/security/route-matrix.ts says.
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.CONTENT_DIR = "tests/fixtures/content";
});

import { args, get, post } from "../helpers";
import { cookieFor, createFixtures, freshContext, ROLE_KEYS, type Fixtures, type RoleKey } from "./fixtures";
import { expected, matches, ROUTE_MATRIX, type Cells, type MatrixEntry } from "./route-matrix";
import { loadRoute, routeFiles } from "./routes";

let f: Fixtures;
beforeAll(async () => {
  f = await createFixtures();
});

interface Answer {
  status: number;
  location: string | null;
  error?: unknown;
}

/** Calls the loader or action the way Remix would; a module without one answers 405, as Remix does. */
async function ask(file: string, entry: MatrixEntry, method: "GET" | "POST", role: RoleKey): Promise<Answer> {
  const mod = await loadRoute(file);
  const fn = method === "GET" ? mod.loader : mod.action;
  if (!fn) return { status: 405, location: null };
  const cookie = await cookieFor(f, role);
  const url = entry.url(f);
  const request = method === "GET" ? get(url, { cookie }) : post(url, entry.action!.form(f), { cookie });
  let result: unknown;
  try {
    result = await fn(args(request, entry.params?.(f) ?? {}, freshContext()));
  } catch (e) {
    if (!(e instanceof Response)) return { status: 500, location: null, error: e };
    result = e;
  }
  if (!(result instanceof Response)) return { status: 200, location: null }; // plain data: Remix answers 200
  await result.body?.cancel();
  return { status: result.status, location: result.headers.get("Location") };
}

async function mismatches(file: string, entry: MatrixEntry, method: "GET" | "POST", cells: Cells): Promise<string[]> {
  const wrong: string[] = [];
  for (const role of ROLE_KEYS) {
    const want = expected(entry, cells, role);
    const got = await ask(file, entry, method, role);
    if (!matches(want, got, entry.url(f))) {
      const detail = got.error ? `threw ${String((got.error as Error)?.message ?? got.error)}` : `${got.status}${got.location ? ` → ${got.location}` : ""}`;
      wrong.push(`${method} ${role}: expected ${want}, got ${detail}`);
    }
  }
  return wrong;
}

describe("route matrix coverage", () => {
  it("has an entry for every route module, and names no module that does not exist", () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThan(0);
    expect(
      files.filter((file) => !(file in ROUTE_MATRIX)),
      "route modules without a matrix entry",
    ).toEqual([]);
    expect(
      Object.keys(ROUTE_MATRIX).filter((file) => !files.includes(file)),
      "matrix entries without a route module",
    ).toEqual([]);
  });

  it("agrees with each module on whether it has a loader and an action", async () => {
    const wrong: string[] = [];
    for (const [file, entry] of Object.entries(ROUTE_MATRIX)) {
      const mod = await loadRoute(file);
      if (!mod.loader) wrong.push(`${file}: no loader, but the matrix expects one`);
      if (Boolean(mod.action) !== Boolean(entry.action))
        wrong.push(`${file}: action ${mod.action ? "exported" : "missing"}, matrix says ${entry.action ? "one" : "none"}`);
    }
    expect(wrong).toEqual([]);
  });
});

// Loaders first, then actions, so that no action's effect changes what a loader cell sees.
describe("route matrix: loaders", () => {
  for (const [file, entry] of Object.entries(ROUTE_MATRIX)) {
    it(`GET ${file}`, async () => {
      expect(await mismatches(file, entry, "GET", entry.loader)).toEqual([]);
    });
  }
});

describe("route matrix: actions", () => {
  for (const [file, entry] of Object.entries(ROUTE_MATRIX)) {
    it(`POST ${file}`, async () => {
      // without an action every role gets 405
      const cells = entry.action ? entry.action.allow : Object.fromEntries(ROLE_KEYS.map((r) => [r, 405]));
      const wrong = await mismatches(file, entry, "POST", cells);
      expect(wrong).toEqual([]);
    });
  }
});
