// Login throttling per account and per IP, stored in the application's own database
// (rate-limiter-flexible), so limits hold across restarts and across server processes.
import { RateLimiterPostgres, RateLimiterSQLite, type RateLimiterAbstract } from "rate-limiter-flexible";
import { config } from "~/config.server";
import { database } from "~/db.server";

interface Limiters {
  account: RateLimiterAbstract;
  ip: RateLimiterAbstract;
}

function create(tableName: string, points: number, minutes: number): Promise<RateLimiterAbstract> {
  return new Promise((resolve, reject) => {
    const opts = { tableName, points, duration: minutes * 60, keyPrefix: tableName };
    const done = (err?: unknown) => (err ? reject(err) : resolve(limiter));
    const limiter: RateLimiterAbstract =
      database.engine === "sqlite"
        ? new RateLimiterSQLite({ ...opts, storeClient: database.sqlite, storeType: "better-sqlite3" }, done)
        : new RateLimiterPostgres({ ...opts, storeClient: database.pool }, done);
  });
}

let limiters: Promise<Limiters> | undefined;
function getLimiters(): Promise<Limiters> {
  return (limiters ??= Promise.all([
    create("rl_login_account", config.LOGIN_MAX_FAILS_PER_ACCOUNT, config.LOGIN_ACCOUNT_WINDOW_MINUTES),
    create("rl_login_ip", config.LOGIN_MAX_FAILS_PER_IP, config.LOGIN_IP_WINDOW_MINUTES),
  ]).then(([account, ip]) => ({ account, ip })));
}

const accountKey = (email: string) => email.trim().toLowerCase();

export type LoginGate = { allowed: true } | { allowed: false; retryAfterMinutes: number };

export async function checkLoginAllowed(email: string, ip: string): Promise<LoginGate> {
  const { account, ip: byIp } = await getLimiters();
  const [a, i] = await Promise.all([account.get(accountKey(email)), byIp.get(ip)]);
  const blocked = [
    a && a.consumedPoints >= config.LOGIN_MAX_FAILS_PER_ACCOUNT ? a.msBeforeNext : 0,
    i && i.consumedPoints >= config.LOGIN_MAX_FAILS_PER_IP ? i.msBeforeNext : 0,
  ];
  const wait = Math.max(...blocked);
  return wait > 0 ? { allowed: false, retryAfterMinutes: Math.max(1, Math.ceil(wait / 60000)) } : { allowed: true };
}

export async function recordLoginFailure(email: string, ip: string): Promise<void> {
  const { account, ip: byIp } = await getLimiters();
  // `penalty` adds points without throwing when the limit is already reached.
  await Promise.all([account.penalty(accountKey(email), 1), byIp.penalty(ip, 1)]);
}

export async function recordLoginSuccess(email: string): Promise<void> {
  const { account } = await getLimiters();
  await account.delete(accountKey(email));
}

let verifyLimiter: Promise<RateLimiterAbstract> | undefined;

/** Public verification lookups: VERIFY_MAX_PER_MINUTE a minute per IP address. Returns false when over the limit. */
export async function allowVerifyLookup(ip: string): Promise<boolean> {
  const limiter = await (verifyLimiter ??= create("rl_verify_ip", config.VERIFY_MAX_PER_MINUTE, 1));
  try {
    await limiter.consume(ip, 1);
    return true;
  } catch (e) {
    if (e instanceof Error) throw e;
    return false; // a RateLimiterRes: the limit is reached
  }
}
