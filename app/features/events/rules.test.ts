import { describe, expect, it } from "vitest";
import {
  checkInCode,
  checkInCodeValid,
  clampMarkTime,
  instantToLocal,
  localToInstant,
  meetsThreshold,
  newSecret,
  newSheetCode,
  QR_ACCEPT_STEPS,
  QR_STEP_SECONDS,
  qrStep,
  sessionsNeeded,
  supersedes,
} from "./rules";

describe("attendance threshold", () => {
  it("counts exactly at the boundary, with integers only", () => {
    expect(meetsThreshold(4, 5, 80)).toBe(true);
    expect(meetsThreshold(3, 5, 80)).toBe(false);
    expect(meetsThreshold(3, 4, 75)).toBe(true);
    expect(meetsThreshold(2, 3, 67)).toBe(false); // 66.67 % is below 67 %
    expect(meetsThreshold(2, 3, 66)).toBe(true);
    expect(meetsThreshold(0, 0, 80)).toBe(false);
    expect(meetsThreshold(1, 1, 100)).toBe(true);
  });

  it("tells how many sessions are needed", () => {
    expect(sessionsNeeded(5, 80)).toBe(4);
    expect(sessionsNeeded(4, 75)).toBe(3);
    expect(sessionsNeeded(3, 67)).toBe(3);
    expect(sessionsNeeded(3, 66)).toBe(2);
  });
});

describe("conflicting marks", () => {
  const a = { markedAt: "2026-12-10T03:00:00.000Z", clientId: "a" };
  const b = { markedAt: "2026-12-10T03:05:00.000Z", clientId: "b" };

  it("lets the later tap win whichever arrives first", () => {
    expect(supersedes(b, a)).toBe(true);
    expect(supersedes(a, b)).toBe(false);
  });

  it("breaks a tie by client id, the same way in both orders", () => {
    const x = { markedAt: a.markedAt, clientId: "x" };
    const y = { markedAt: a.markedAt, clientId: "y" };
    expect(supersedes(y, x)).toBe(true);
    expect(supersedes(x, y)).toBe(false);
    expect(supersedes(x, undefined)).toBe(true);
  });

  it("clamps a device clock in the future to the server's and one far in the past to a day before the session", () => {
    const now = new Date("2026-12-10T04:00:00.000Z");
    const start = "2026-12-10T02:00:00.000Z";
    expect(clampMarkTime("2030-01-01T00:00:00.000Z", now, start)).toBe(now.toISOString());
    expect(clampMarkTime("2001-01-01T00:00:00.000Z", now, start)).toBe("2026-12-09T02:00:00.000Z");
    expect(clampMarkTime("2026-12-10T03:10:00.000Z", now, start)).toBe("2026-12-10T03:10:00.000Z");
    expect(clampMarkTime("not a date", now, start)).toBe(now.toISOString());
    expect(clampMarkTime(undefined, now, start)).toBe(now.toISOString());
  });

  it("keeps the order of taps made before a session that is still days away", () => {
    const now = new Date("2026-12-10T03:00:00.000Z");
    const later = "2026-12-20T02:00:00.000Z";
    const first = clampMarkTime("2026-12-10T02:59:00.000Z", now, later);
    const second = clampMarkTime("2026-12-10T02:59:30.000Z", now, later);
    expect(first < second).toBe(true);
    expect(clampMarkTime("2001-01-01T00:00:00.000Z", now, later)).toBe("2026-12-09T03:00:00.000Z");
  });
});

describe("rotating check-in code", () => {
  const secret = newSecret();
  const now = new Date("2026-12-10T03:00:05.000Z");

  it("accepts the code on screen and those of the last few steps", () => {
    for (let back = 0; back < QR_ACCEPT_STEPS; back++) {
      expect(checkInCodeValid(checkInCode(secret, "s1", qrStep(now) - back), secret, "s1", now)).toBe(true);
    }
  });

  it("refuses a code older than the accepted steps: a photo passed on stops working within a minute", () => {
    const old = checkInCode(secret, "s1", qrStep(now) - QR_ACCEPT_STEPS);
    expect(checkInCodeValid(old, secret, "s1", now)).toBe(false);
    expect(QR_ACCEPT_STEPS * QR_STEP_SECONDS).toBeLessThanOrEqual(60);
    // the same photo a minute later
    expect(checkInCodeValid(checkInCode(secret, "s1", qrStep(now)), secret, "s1", new Date(now.getTime() + 60_000))).toBe(false);
  });

  it("refuses codes of another session, another secret, the future, or any other shape", () => {
    const step = qrStep(now);
    expect(checkInCodeValid(checkInCode(secret, "s2", step), secret, "s1", now)).toBe(false);
    expect(checkInCodeValid(checkInCode(newSecret(), "s1", step), secret, "s1", now)).toBe(false);
    expect(checkInCodeValid(checkInCode(secret, "s1", step + 1), secret, "s1", now)).toBe(false);
    const good = checkInCode(secret, "s1", step);
    for (const bad of ["", "x", `${step}.`, `${good}A`, good.replace(/.$/, (c) => (c === "A" ? "B" : "A")), ` ${good}`]) {
      expect(checkInCodeValid(bad, secret, "s1", now), bad).toBe(false);
    }
  });
});

describe("Ulaanbaatar time", () => {
  it("stores local hours as UTC+8 instants and reads them back", () => {
    expect(localToInstant("2023-11-20", "09:30")).toBe("2023-11-20T01:30:00.000Z");
    expect(instantToLocal("2023-11-19T23:30:00.000Z")).toEqual({ date: "2023-11-20", time: "07:30" });
  });

  it("makes sheet codes of 8 unambiguous characters", () => {
    const codes = new Set(Array.from({ length: 200 }, newSheetCode));
    expect(codes.size).toBe(200);
    for (const c of codes) expect(c).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
  });
});
