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
  LOGIN_MAX_FAILS_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_ACCOUNT_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  LOGIN_MAX_FAILS_PER_IP: z.coerce.number().int().min(1).default(30),
  LOGIN_IP_WINDOW_MINUTES: z.coerce.number().int().min(1).default(60),
  TRUST_PROXY: bool.default(false),
  PUBLIC_URL: z.string().url().optional(),
});

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
