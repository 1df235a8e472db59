// Environment read and validated once; everything else imports `config`.
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** `file:` path or path for SQLite, `postgres://` URL for PostgreSQL. */
  DATABASE_URL: z.string().min(1).default("file:data/erdem.sqlite"),
  /** Public origin(s) allowed on non-GET requests, comma separated; the request's own host is always allowed. */
  ALLOWED_ORIGINS: z.string().default(""),
  SESSION_COOKIE_NAME: z.string().regex(/^[A-Za-z0-9_.-]+$/).default("erdem_session"),
  SESSION_COOKIE_SECURE: bool.default(true),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Log-in attempts per account (and per known device) before each further one must wait (decision 010). */
  LOGIN_ACCOUNT_FREE_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  /** The wait doubles from 1 minute per attempt up to this; no account is ever held for longer. */
  LOGIN_ACCOUNT_MAX_DELAY_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** After this long without a failed attempt, an account's count starts over. */
  LOGIN_ACCOUNT_FORGET_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(24),
  LOGIN_MAX_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(30),
  LOGIN_IP_WINDOW_MINUTES: z.coerce.number().int().min(1).default(60),
  /** Public certificate lookups per IP address per minute. */
  VERIFY_MAX_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  TRUST_PROXY: bool.default(false),
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
  /** The Open Badges signing key: the private JWK itself, or a file holding it. */
  ISSUER_PRIVATE_JWK: z.string().min(1).optional(),
  ISSUER_KEY_FILE: z.string().min(1).default("keys/issuer-ed25519.json"),
  /** Public keys of earlier signing keys (a JWKS), still published so their credentials verify. */
  ISSUER_RETIRED_JWKS: z.string().min(1).optional(),
  ISSUER_RETIRED_JWKS_FILE: z.string().min(1).default("keys/issuer-retired.jwks.json"),
});

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
  const database = /^postgres(ql)?:\/\//.test(url)
    ? ({ kind: "postgres", url } as const)
    : ({ kind: "sqlite", filename: url.replace(/^file:/, "") } as const);
  return { ...parsed.data, PUBLIC_URL, database };
}

export const config: Config = parseConfig(process.env);
