import { describe, expect, it } from "vitest";
import { reserve, type ThrottlePolicy, type ThrottleState } from "./throttle";

const MIN = 60_000;
const slowdown: ThrottlePolicy = { kind: "slowdown", free: 5, baseDelayMs: MIN, maxDelayMs: 15 * MIN, forgetMs: 24 * 60 * MIN };
const window: ThrottlePolicy = { kind: "window", max: 3, windowMs: 60 * MIN };
const t0 = Date.parse("2026-12-01T00:00:00Z");
const at = (ms: number) => new Date(t0 + ms);

/** Spends as fast as allowed from `start` and returns how long each attempt had to wait. */
function waits(policy: ThrottlePolicy, n: number) {
  let state: ThrottleState | undefined;
  let now = 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let d = reserve(state, policy, at(now));
    let waited = 0;
    if (!d.allowed) {
      waited = d.retryAfterMs;
      now += waited;
      d = reserve(state, policy, at(now));
    }
    if (!d.allowed) throw new Error("refused after waiting as told");
    state = d.next;
    out.push(waited);
  }
  return out;
}

describe("slow-down", () => {
  it("lets the first five through, then doubles the wait from one minute up to fifteen", () => {
    expect(waits(slowdown, 11).map((ms) => ms / MIN)).toEqual([0, 0, 0, 0, 0, 1, 2, 4, 8, 15, 15]);
  });

  it("refuses until the wait is over and says how long is left", () => {
    let state: ThrottleState | undefined;
    for (let i = 0; i < 5; i++) {
      const d = reserve(state, slowdown, at(i));
      if (!d.allowed) throw new Error("free attempt refused");
      state = d.next;
    }
    const refused = reserve(state, slowdown, at(30_000));
    expect(refused).toEqual({ allowed: false, retryAfterMs: MIN + 4 - 30_000 });
  });

  it("forgets after a day without attempts", () => {
    let state: ThrottleState | undefined;
    for (let i = 0; i < 6; i++) {
      const d = reserve(state, slowdown, at(i * 20 * MIN));
      if (!d.allowed) throw new Error("refused");
      state = d.next;
    }
    const later = reserve(state, slowdown, at(5 * 20 * MIN + 24 * 60 * MIN));
    expect(later.allowed && later.next.attempts).toBe(1);
  });
});

describe("window", () => {
  it("allows max attempts per window, then refuses until the window ends", () => {
    let state: ThrottleState | undefined;
    for (let i = 0; i < 3; i++) {
      const d = reserve(state, window, at(i * MIN));
      if (!d.allowed) throw new Error("refused");
      state = d.next;
    }
    expect(reserve(state, window, at(10 * MIN))).toEqual({ allowed: false, retryAfterMs: 50 * MIN });
    const next = reserve(state, window, at(60 * MIN));
    expect(next.allowed && next.next.attempts).toBe(1);
  });
});
