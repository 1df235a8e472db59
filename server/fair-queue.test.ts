// The exam's fair queue (server/fair-queue.ts): order of arrival, a bounded wait, a place kept
// across a page that sends again, and never more writes at once than allowed — under dozens of
// parallel requests on a real port.
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FairQueue, fairQueueMiddleware, TICKET_MAX_AGE_MS, ticketOf } from "./fair-queue";
import { formBodyGuard } from "./form-body";
import { listen } from "./testing";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("FairQueue", () => {
  it("admits in order of ticket, not of joining, and hands each place straight on", async () => {
    const queue = new FairQueue(1, 10_000);
    expect(await queue.enter(100)).toBe(true);
    const order: number[] = [];
    const waits = [500, 200, 300, 200, 50].map((ticket, i) => queue.enter(ticket).then((ok) => ok && order.push(i)));
    expect(queue.queued).toBe(5);
    for (let i = 0; i < 6; i++) {
      queue.leave();
      await sleep(0);
    }
    await Promise.all(waits);
    // tickets 50, 200 (joined first), 200, 300, 500
    expect(order).toEqual([4, 1, 3, 2, 0]);
    expect(queue.queued).toBe(0);
  });

  it("gives up on a waiter after the longest wait, and a later place does not go to it", async () => {
    const queue = new FairQueue(1, 50);
    expect(await queue.enter(1)).toBe(true);
    expect(await queue.enter(2)).toBe(false);
    expect(queue.queued).toBe(0);
    const third = queue.enter(3);
    queue.leave();
    expect(await third).toBe(true);
  });

  it("estimates the retry from the queue ahead, between 1 and 10 seconds", async () => {
    const queue = new FairQueue(1, 60_000);
    await queue.enter(0);
    expect(queue.retryAfterSeconds()).toBe(1);
    for (let i = 0; i < 2000; i++) void queue.enter(i);
    expect(queue.retryAfterSeconds()).toBe(10);
  });

  it("takes a claimed arrival only within the last minute, and never in the future", () => {
    const now = 1_000_000_000;
    const at = (queued: unknown) => ticketOf({ query: { queued } } as never, now);
    expect(at(undefined)).toBe(now);
    expect(at("abc")).toBe(now);
    expect(at(String(now - 5000))).toBe(now - 5000);
    expect(at(String(now - 10 * TICKET_MAX_AGE_MS))).toBe(now - TICKET_MAX_AGE_MS);
    expect(at(String(now + 5000))).toBe(now);
    expect(at(["1", "2"])).toBe(now);
  });
});

describe("fairQueueMiddleware", () => {
  let base = "";
  let close = async () => {};
  let inside = 0;
  let most = 0;
  const served: string[] = [];
  const queue = new FairQueue(2, 150);

  beforeAll(async () => {
    const app = express();
    app.use((_req, res, next) => {
      res.locals.cspNonce = "n0nce";
      next();
    });
    app.use(formBodyGuard({ maxBytes: 10_000 }));
    app.use(fairQueueMiddleware(queue, { paths: /^\/courses\/[^/]+\/quizzes\/[^/]+$/, languageCookieName: "lng" }));
    app.post("*", async (req, res) => {
      inside++;
      most = Math.max(most, inside);
      await sleep(Number(req.query.ms ?? 40));
      inside--;
      served.push(String(req.query.who ?? ""));
      res.redirect(302, "/done");
    });
    ({ base, close } = await listen(app));
  });
  afterAll(() => close());

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(base + path, { method: "POST", body, redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers } });

  it("runs at most the allowed writes at once, sends the rest back within the bound, and loses nothing", async () => {
    most = 0;
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => post(`/courses/c/quizzes/q?who=${i}`, `intent=start&q.1=${i}`)));
    const elapsed = performance.now() - started;
    expect(most).toBe(2);
    const back = answers.filter((a) => a.status === 503);
    const through = answers.filter((a) => a.status === 302);
    expect(back.length + through.length).toBe(40);
    // 2 at a time for 40 ms each: about 8 get through in 150 ms; the others are answered, not left hanging
    expect(through.length).toBeGreaterThanOrEqual(4);
    expect(back.length).toBeGreaterThan(20);
    expect(elapsed).toBeLessThan(1500);
    served.length = 0;
    const again: { action: string; body: string }[] = [];
    for (const a of back) {
      expect(Number(a.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(a.headers.get("cache-control")).toBe("no-store");
      const html = await a.text();
      expect(html).toContain('lang="mn"');
      expect(html).toContain("Дахин илгээх");
      expect(html).toContain('<script nonce="n0nce">');
      // what the learner sent, to send again, with their arrival time
      const action = /action="([^"]+)"/.exec(html)?.[1].replaceAll("&amp;", "&") ?? "";
      expect(action).toMatch(/^\/courses\/c\/quizzes\/q\?who=\d+&queued=\d+$/);
      const who = /who=(\d+)/.exec(action)?.[1];
      expect(html).toContain(`<input type="hidden" name="q.1" value="${who}">`);
      expect(html).toContain('<input type="hidden" name="intent" value="start">');
      again.push({ action, body: new URLSearchParams([...html.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]])).toString() });
    }
    // sent again as the page does (in rounds, as their pages would), every one of them gets through, once
    let pending = again;
    for (let round = 0; pending.length && round < 20; round++) {
      const answers = await Promise.all(pending.map((a) => post(a.action, a.body)));
      expect(answers.every((a) => a.status === 302 || a.status === 503)).toBe(true);
      pending = pending.filter((_, i) => answers[i].status === 503);
    }
    expect(pending).toEqual([]);
    const sentBack = again.map((a) => /who=(\d+)/.exec(a.action)?.[1]);
    expect([...served].sort()).toEqual(sentBack.sort());
  });

  it("lets a learner sent back in ahead of those who came after them", async () => {
    served.length = 0;
    // the queue is busy with 2 running and 3 waiting, all newer than the returning learner's ticket
    const early = Date.now() - 5000;
    const newer = Array.from({ length: 5 }, (_, i) => post(`/courses/c/quizzes/q?who=new${i}`, "intent=start"));
    await sleep(10);
    const returning = post(`/courses/c/quizzes/q?who=back&queued=${early}`, "intent=start");
    await Promise.all([...newer, returning]);
    // the two that were already running, then the returning learner
    expect(served.slice(0, 3)).toContain("back");
    expect(served.indexOf("back")).toBeLessThanOrEqual(2);
  });

  it("lets the page's own script and multipart forms wait their turn past the bound, and frees the place of a learner who left", async () => {
    served.length = 0;
    const many = Array.from({ length: 16 }, (_, i) => post(`/courses/c/quizzes/q?_data=routes%2Fq&who=s${i}`, "intent=autosave"));
    const answers = await Promise.all(many);
    // 2 at a time for 40 ms: the last waited about 320 ms, twice the bound, and was served
    expect(answers.map((a) => a.status)).toEqual(Array(16).fill(302));
    // a multipart form could not be carried by the page: it waits too
    const multipart = await Promise.all(
      Array.from({ length: 10 }, () => {
        const form = new FormData();
        form.set("intent", "start");
        return fetch(`${base}/courses/c/quizzes/q`, { method: "POST", body: form, redirect: "manual" });
      }),
    );
    expect(multipart.map((a) => a.status)).toEqual(Array(10).fill(302));

    const leaving = new AbortController();
    const busy = Array.from({ length: 4 }, () => post("/courses/c/quizzes/q?_data=x&ms=300", "intent=autosave"));
    const left = fetch(`${base}/courses/c/quizzes/q?_data=x&who=left`, {
      method: "POST",
      body: "intent=autosave",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      signal: leaving.signal,
    }).catch(() => null);
    await sleep(20);
    expect(queue.queued).toBe(3);
    leaving.abort();
    await left;
    await sleep(20);
    expect(queue.queued).toBe(2);
    await Promise.all(busy);
    expect(served).not.toContain("left");
  });

  it("answers in English to a reader who chose it, and leaves other paths and GETs alone", async () => {
    const english = `lng=${encodeURIComponent(Buffer.from(JSON.stringify("en")).toString("base64"))}`;
    const many = await Promise.all(Array.from({ length: 12 }, () => post("/courses/c/quizzes/q", "intent=start", { Cookie: english })));
    const back = many.find((a) => a.status === 503);
    expect(back).toBeDefined();
    expect(await back!.text()).toContain("Send again");
    most = 0;
    const other = await Promise.all(Array.from({ length: 12 }, () => post("/courses/c/lesson", "intent=done")));
    expect(other.every((a) => a.status === 302)).toBe(true);
    expect(most).toBeGreaterThan(2);
  });
});
