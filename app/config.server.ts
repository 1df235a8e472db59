// Environment read and validated once; everything else — the app, the HTTP server (server/), the
// scripts — imports `config` (or calls `parseConfig`). A test fails on any other `process.env` read.
import { existsSync, readFileSync } from "node:fs";
import { isIP } from "node:net";
import { parseEnv } from "node:util";
import { z } from "zod";

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const toggle = z.enum(["on", "off", "true", "false", "1", "0"]).transform((v) => v === "on" || v === "true" || v === "1");

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
          '"true" would trust any X-Forwarded-For a client writes; give the number of reverse proxies in front of Erdem (e.g. 1) or their addresses (e.g. loopback or 10.0.0.5,10.0.1.0/24)',
      });
      return z.NEVER;
    }
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops > 10) ctx.addIssue({ code: "custom", message: "at most 10 proxy hops" });
      return hops;
    }
    const entries = value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = entries.filter((e) => !isProxyAddress(e));
    if (bad.length) {
      ctx.addIssue({ code: "custom", message: `not a hop count, IP address, CIDR range or loopback/linklocal/uniquelocal: ${bad.join(", ")}` });
      return z.NEVER;
    }
    return entries;
  });

/** Comma-separated origins, each normalised to scheme://host[:port]. */
const origins = z.string().transform((value, ctx) => {
  const list: string[] = [];
  for (const entry of value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
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
  /** Worker processes of the HTTP server (beside a small supervising process). */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** The V8 heap of each worker, MB (--max-old-space-size): it keeps a worker's memory bounded under load (decision 027). */
  WORKER_HEAP_MB: z.coerce.number().int().min(64).max(16_384).default(160),
  /** `file:` path or path for SQLite, `postgres://` URL for PostgreSQL. */
  DATABASE_URL: z.string().min(1).default("file:data/erdem.sqlite"),
  PG_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(10),
  /** Public origin(s) allowed on non-GET requests, comma separated; the request's own host is always allowed. */
  ALLOWED_ORIGINS: origins.default([]),
  TRUST_PROXY: trustProxy.default(false),
  /** Largest request body the server reads (form posts and uploads); above it the answer is 413. */
  BODY_MAX_BYTES: z.coerce.number().int().min(10_000).max(100_000_000).default(2_000_000),
  /** Exam requests (pages, start, save, submit) each worker serves at once; the rest wait in a fair queue (decision 030). */
  EXAM_QUEUE_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(2),
  /** Longest wait in that queue, ms: after it the learner's page sends again by itself (503, Retry-After). */
  EXAM_QUEUE_MAX_WAIT_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  /** The one-minute cache of anonymous lesson pages. */
  PAGE_CACHE: toggle.default(true),
  SESSION_COOKIE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/)
    .default("erdem_session"),
  SESSION_COOKIE_SECURE: bool.default(true),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Log-in attempts per account (and per known device) before each further one must wait (decision 010). */
  LOGIN_ACCOUNT_FREE_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  /** The wait doubles from 1 minute per attempt up to this; no account is ever held for longer. */
  LOGIN_ACCOUNT_MAX_DELAY_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** After this long without a failed attempt, an account's count starts over. */
  LOGIN_ACCOUNT_FORGET_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  LOGIN_MAX_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(30),
  LOGIN_IP_WINDOW_MINUTES: z.coerce.number().int().min(1).default(60),
  /** Public certificate lookups per IP address per minute. */
  VERIFY_MAX_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /**
   * The site's public origin. It goes into everything signed or printed (credentials, the status
   * list, certificate QR codes), so it is never taken from a request's Host header; required in
   * production, `http://localhost:PORT` elsewhere.
   */
  PUBLIC_URL: z
    .string()
    .trim()
    .refine(isOrigin, "must be an origin such as https://erdem.example.mn (http or https, no path)")
    .transform((v) => new URL(v).origin)
    .optional(),
  /**
   * Where e-mail is sent through (decision 031): `smtps://user:password@host:465` (TLS from the
   * start) or `smtp://user:password@host:587` (STARTTLS, required). Unset: messages wait in the
   * outbox and the administrators' home says so.
   */
  SMTP_URL: z
    .string()
    .trim()
    .refine((v) => /^smtps?:\/\/[^/\s]+(:\d+)?\/?$/.test(v), "must be smtps://user:password@host:port or smtp://user:password@host:port")
    .optional(),
  /** STARTTLS may be skipped on smtp:// (a relay on the same machine, a developer's mailbox); never for a remote server. */
  SMTP_ALLOW_PLAIN: bool.default(false),
  /** The From address of every message. */
  MAIL_FROM: z.string().trim().min(3).default('"Эрдэм" <no-reply@erdem.local>'),
  /** How often each server looks for e-mail to send, ms. */
  OUTBOX_POLL_MS: z.coerce.number().int().min(200).max(3_600_000).default(10_000),
  /**
   * Whether the servers run the scheduled reminders themselves (decision 032). Set it to false
   * where `npm run jobs` runs them instead; several servers may leave it on (a database lease).
   */
  JOBS_IN_APP: bool.default(true),
  /** How often the reminders' scans run, minutes. */
  REMINDERS_EVERY_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  /** `npm run dev` only: the local mailbox that catches e-mail when SMTP_URL is not set (SMTP port, and the page to read it). */
  DEV_MAILBOX_SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(1025),
  DEV_MAILBOX_WEB_PORT: z.coerce.number().int().min(1).max(65535).default(1080),
  /** Where courses are read from. */
  CONTENT_DIR: z.string().min(1).default("content"),
  /** Where compiled lessons are kept between restarts. */
  CONTENT_CACHE_DIR: z.string().min(1).default(".cache/lessons"),
  /** Where each server writes the published content versions it serves (decision 038). */
  CONTENT_VERSIONS_DIR: z.string().min(1).default(".cache/content"),
  /** How often each server looks for a newly published content version, seconds. */
  CONTENT_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  /** The Open Badges signing key: the private JWK itself, or a file holding it. */
  ISSUER_PRIVATE_JWK: z.string().min(1).optional(),
  ISSUER_KEY_FILE: z.string().min(1).default("keys/issuer-ed25519.json"),
  /** Public keys of earlier signing keys (a JWKS), still published so their credentials verify. */
  ISSUER_RETIRED_JWKS: z.string().min(1).optional(),
  ISSUER_RETIRED_JWKS_FILE: z.string().min(1).default("keys/issuer-retired.jwks.json"),
});

/** Every variable the configuration reads. */
export const SETTING_NAMES = Object.keys(EnvSchema.shape);

function isOrigin(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === "https:" || u.protocol === "http:") && u.pathname === "/" && !u.search && !u.hash && !u.username && !u.password;
  } catch {
    return false;
  }
}

export type Config = Omit<z.infer<typeof EnvSchema>, "PUBLIC_URL"> & {
  PUBLIC_URL: string;
  database: { kind: "sqlite"; filename: string } | { kind: "postgres"; url: string };
};

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  if (parsed.data.NODE_ENV === "production" && !parsed.data.PUBLIC_URL) {
    throw new Error(
      "Invalid environment configuration:\n  PUBLIC_URL: required in production, e.g. PUBLIC_URL=https://erdem.example.mn " +
        "(the address people use to reach the site; it is signed into credentials and printed in certificate QR codes)",
    );
  }
  const PUBLIC_URL = parsed.data.PUBLIC_URL ?? `http://localhost:${parsed.data.PORT}`;
  const url = parsed.data.DATABASE_URL;
  const database = /^postgres(ql)?:\/\//.test(url) ? ({ kind: "postgres", url } as const) : ({ kind: "sqlite", filename: url.replace(/^file:/, "") } as const);
  return { ...parsed.data, PUBLIC_URL, database };
}

/**
 * The environment, over a `.env` file's values when not in production or a test (a developer's
 * settings, Node's convention): a variable set in the real environment wins over the file.
 */
export function environment(env: Record<string, string | undefined> = process.env, file = ".env"): Record<string, string | undefined> {
  if (env.NODE_ENV === "production" || env.NODE_ENV === "test" || !existsSync(file)) return env;
  return { ...parseEnv(readFileSync(file, "utf8")), ...env };
}

export const config: Config = parseConfig(environment());
