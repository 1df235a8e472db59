// The route modules as the file system has them: what the matrix must cover.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

export const ROUTES_DIR = path.resolve(__dirname, "../../app/routes");

/** Every route module under app/routes: flat files and folder routes (folder/route.tsx), never tests. */
export function routeFiles(): string[] {
  const files: string[] = [];
  for (const name of readdirSync(ROUTES_DIR).sort()) {
    const full = path.join(ROUTES_DIR, name);
    if (statSync(full).isDirectory()) {
      for (const inner of ["route.tsx", "route.ts", "route.jsx", "route.js"]) {
        if (existsSync(path.join(full, inner))) files.push(`${name}/${inner}`);
      }
    } else if (/\.(tsx?|jsx?)$/.test(name) && !/\.test\.|\.spec\./.test(name)) {
      files.push(name);
    }
  }
  return files;
}

export interface RouteModule {
  loader?: (args: unknown) => Promise<unknown>;
  action?: (args: unknown) => Promise<unknown>;
}

export async function loadRoute(file: string): Promise<RouteModule> {
  return (await import(/* @vite-ignore */ path.join(ROUTES_DIR, file))) as RouteModule;
}
