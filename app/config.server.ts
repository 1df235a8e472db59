// Environment read and validated once; everything else — the app, the HTTP server (server/), the
// scripts — imports `config` (or calls `parseConfig`). A test fails on any other `process.env` read.
import { isIP } from "node:net";
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1");

const toggle = z
  .enum(["on", "off", "true", "false", "1", "0"])
  .transform((v) => v === "on" || v === "true" || v === "1");

const PROXY_RANGE_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split("/");
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  const bits = family === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= bits;
}

/**
 * Which hops of X-Forwarded-For to believe. `true` is refused: it would take the left-most address,
 * which any client can write. A number is how many reverse proxies stand in front of the server; a
 * list names them (addresses, CIDR ranges, or loopback / linklocal / uniquelocal).
 * Result: false (no proxy), a hop count, or the list — the forms Express's "trust proxy" accepts.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): false | number | string[] => {
    if (value === "" || value === "false" || value === "0") return false;
    if (value === "true") {
      ctx.addIssue({
        code: "custom",
        message:
          "\"true\" would trust any X-Forwarded-For a client writes; give the number of reverse proxies in front of Erdem (e.g. 1) or their addresses (e.g. loopback or 10.0.0.5,10.0.1.0/24)",
      });
      return z.NEVER;
    }
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops > 10) ctx.addIssue({ code: "custom", message: "at most 10 proxy hops" });
      return hops;
    }
    const entries = value.split(",").map((s) => s.trim()).filter(Boolean);
    const bad = entries.filter((e) => !isProxyAddress(e));
    if (bad.length) {
      ctx.addIssue({ code: "custom", message: `not a hop count, IP address, CIDR range or loopback/linklocal/uniquelocal: ${bad.join(", ")}` });
      return z.NEVER;
    }
    return entries;
  });

/** Comma-separated origins, each normalised to scheme://host[:port]. */
const origins = z
  .string()
  .transform((value, ctx) => {
    const list: string[] = [];
    for (const entry of value.split(",").map((s) => s.trim()).filter(Boolean)) {
      try {
        const url = new URL(entry);
        if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("scheme");
        list.push(url.origin);
      } catch {
        ctx.addIssue({ code: "custom", message: `not an http(s) origin: ${entry}` });
        return z.NEVER;
      }
    }
    return list;
  });

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Worker processes of the HTTP server; 1 runs a single process. */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** `file:` path or path for SQLite, `postgres://` URL for PostgreSQL. */
  DATABASE_URL: z.string().min(1).default("file:data/erdem.sqlite"),
  PG_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(10),
  /** Public origin(s) allowed on non-GET requests, comma separated; the request's own host is always allowed. */
  ALLOWED_ORIGINS: origins.default([]),
  TRUST_PROXY: trustProxy.default(false),
  /** Largest request body the server reads (form posts and uploads); above it the answer is 413. */
  BODY_MAX_BYTES: z.coerce.number().int().min(10_000).max(100_000_000).default(2_000_000),
  /** The one-minute cache of anonymous lesson pages. */
  PAGE_CACHE: toggle.default(true),
  SESSION_COOKIE_NAME: z.string().regex(/^[A-Za-z0-9_.-]+$/).default("erdem_session"),
  SESSION_COOKIE_SECURE: bool.default(true),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  LOGIN_MAX_FAILS_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_ACCOUNT_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  LOGIN_MAX_FAILS_PER_IP: z.coerce.number().int().min(1).default(30),
  LOGIN_IP_WINDOW_MINUTES: z.coerce.number().int().min(1).default(60),
  /** Public certificate lookups allowed per IP address per minute. */
  VERIFY_MAX_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** Where courses are read from. */
  CONTENT_DIR: z.string().min(1).default("content"),
  /** Where compiled lessons are kept between restarts. */
  CONTENT_CACHE_DIR: z.string().min(1).default(".cache/lessons"),
  PUBLIC_URL: z.string().url().optional(),
});

/** Every variable the configuration reads. */
export const SETTING_NAMES = Object.keys(EnvSchema.shape);

export type Config = z.infer<typeof EnvSchema> & {
  database: { kind: "sqlite"; filename: string } | { kind: "postgres"; url: string };
};

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  const url = parsed.data.DATABASE_URL;
  const database = /^postgres(ql)?:\/\//.test(url)
    ? ({ kind: "postgres", url } as const)
    : ({ kind: "sqlite", filename: url.replace(/^file:/, "") } as const);
  return { ...parsed.data, database };
}

export const config: Config = parseConfig(process.env);
