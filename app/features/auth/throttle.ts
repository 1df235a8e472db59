// The throttling rules as pure functions: given what a key has spent so far, may one more attempt
// be made now, and what is spent afterwards? The caller reads and writes the state in one write
// transaction (rate-limit.server.ts), so a reservation is atomic. See decision 010.

export interface ThrottleState {
  attempts: number;
  first_at: string;
  last_at: string;
  not_before: string | null;
}

export type ThrottlePolicy =
  /**
   * Slow-down (an account, a known device): the first `free` attempts go straight through; after
   * that each attempt must wait, 1 minute after the last one, then 2, 4, … up to `maxDelayMs`.
   * Nothing blocks for longer than `maxDelayMs`. After `forgetMs` without an attempt, it starts over.
   */
  | { kind: "slowdown"; free: number; baseDelayMs: number; maxDelayMs: number; forgetMs: number }
  /** A hard budget (an IP address, public lookups): `max` attempts per fixed window of `windowMs`. */
  | { kind: "window"; max: number; windowMs: number };

export type ThrottleDecision = { allowed: true; next: ThrottleState } | { allowed: false; retryAfterMs: number };

const fresh = (now: Date): ThrottleState => ({ attempts: 0, first_at: now.toISOString(), last_at: now.toISOString(), not_before: null });

export function reserve(state: ThrottleState | undefined, policy: ThrottlePolicy, now: Date): ThrottleDecision {
  const t = now.getTime();
  if (policy.kind === "slowdown") {
    const s = !state || t - Date.parse(state.last_at) >= policy.forgetMs ? fresh(now) : state;
    if (s.not_before && t < Date.parse(s.not_before)) return { allowed: false, retryAfterMs: Date.parse(s.not_before) - t };
    const attempts = s.attempts + 1;
    const over = attempts - policy.free; // 0 for the last free attempt: the next one waits the base delay
    const delay = over >= 0 ? Math.min(policy.baseDelayMs * 2 ** Math.min(over, 30), policy.maxDelayMs) : 0;
    return {
      allowed: true,
      next: { attempts, first_at: s.first_at, last_at: now.toISOString(), not_before: delay ? new Date(t + delay).toISOString() : null },
    };
  }
  const s = !state || t - Date.parse(state.first_at) >= policy.windowMs ? fresh(now) : state;
  const windowEnd = Date.parse(s.first_at) + policy.windowMs;
  if (s.attempts >= policy.max) return { allowed: false, retryAfterMs: windowEnd - t };
  const attempts = s.attempts + 1;
  return {
    allowed: true,
    next: { attempts, first_at: s.first_at, last_at: now.toISOString(), not_before: attempts >= policy.max ? new Date(windowEnd).toISOString() : null },
  };
}

/** How long a row must be kept before it can no longer influence a decision. */
export function retentionMs(policy: ThrottlePolicy): number {
  return policy.kind === "slowdown" ? Math.max(policy.forgetMs, policy.maxDelayMs) : policy.windowMs;
}
