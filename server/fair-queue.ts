// A fair queue in front of an exam's pages and writes (issue 11, decision 030). When hundreds of learners
// press "Start" in the same instant, two cores cannot answer them all within a second; without a
// queue they all run at once, each write waits on SQLite's lock in a lottery (writeTransaction
// retries after a short random timer), and the last ones wait as long as the whole burst takes.
//
// Here each worker lets a few exam requests (opening the exam or a question page, starting, saving
// an answer, submitting) run at a time and queues the rest in order of arrival: served one after
// another, the first learners are done quickly instead of everyone sharing the cores slowly. No one waits in the queue longer than `maxWaitMs`: after
// that the learner gets a short page (503 with Retry-After) that holds what they sent in a form, and
// sends it again by itself after the given seconds (by hand without JavaScript; a page to read is
// asked for again by the browser itself, with a refresh). The form carries
// the time they first arrived, so a learner sent back keeps their place ahead of later arrivals.
// Nothing is written for a request that is sent back, so sending it again is always safe.
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { bufferedBody } from "./form-body";
import { escapeHtml } from "./shaped-pages";

interface Waiter {
  ticket: number;
  admit: (admitted: boolean) => void;
  timer?: NodeJS.Timeout;
}

export class FairQueue {
  private running = 0;
  /** In order of ticket (arrival time), then of joining. */
  private readonly waiting: Waiter[] = [];
  /** The recent time a request held its place, ms (a moving average). */
  private serviceMs = 20;

  constructor(
    readonly concurrency: number,
    readonly maxWaitMs: number,
  ) {}

  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Resolves true when the caller may go (and must call `leave` once done), false when it waited
   * `maxWaitMs` without its turn (Infinity: as long as it takes) or `signal` was aborted first.
   */
  enter(ticket: number, { maxWaitMs = this.maxWaitMs, signal }: { maxWaitMs?: number; signal?: AbortSignal } = {}): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    if (this.running < this.concurrency && this.waiting.length === 0) {
      this.running++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const giveUp = () => {
        const at = this.waiting.indexOf(waiter);
        if (at < 0) return;
        this.waiting.splice(at, 1);
        clearTimeout(waiter.timer);
        signal?.removeEventListener("abort", giveUp);
        resolve(false);
      };
      const waiter: Waiter = {
        ticket,
        admit: (admitted) => {
          signal?.removeEventListener("abort", giveUp);
          resolve(admitted);
        },
        timer: Number.isFinite(maxWaitMs) ? setTimeout(giveUp, maxWaitMs) : undefined,
      };
      signal?.addEventListener("abort", giveUp, { once: true });
      // after every waiter with the same or an earlier ticket
      let lo = 0;
      let hi = this.waiting.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.waiting[mid].ticket <= ticket) lo = mid + 1;
        else hi = mid;
      }
      this.waiting.splice(lo, 0, waiter);
    });
  }

  /** The place is handed straight to the next in line. */
  leave(heldMs?: number): void {
    if (heldMs !== undefined) this.serviceMs = 0.9 * this.serviceMs + 0.1 * heldMs;
    const next = this.waiting.shift();
    if (next) {
      clearTimeout(next.timer);
      next.admit(true);
    } else this.running--;
  }

  /** Seconds after which a request sent back now is likely to get in: the queue ahead of it at the recent pace, 1–10 s. */
  retryAfterSeconds(): number {
    return Math.min(10, Math.max(1, Math.ceil((this.waiting.length * this.serviceMs) / this.concurrency / 1000)));
  }
}

/** How far back a ticket may claim its arrival: it orders the queue only, and an older claim counts as this old. */
export const TICKET_MAX_AGE_MS = 60_000;
const TICKET_PARAM = "queued";

/** The arrival time a request claims (from a page that sent it back), kept within the last minute, or now. */
export function ticketOf(req: ExpressRequest, now = Date.now()): number {
  const claimed = Number(typeof req.query[TICKET_PARAM] === "string" ? req.query[TICKET_PARAM] : Number.NaN);
  if (!Number.isSafeInteger(claimed)) return now;
  return Math.min(now, Math.max(claimed, now - TICKET_MAX_AGE_MS));
}

export function fairQueueMiddleware(queue: FairQueue, { paths, languageCookieName }: { paths: RegExp; languageCookieName: string }): RequestHandler {
  return async (req, res, next) => {
    if ((req.method !== "POST" && req.method !== "GET") || !paths.test(req.path)) return next();
    const ticket = ticketOf(req);
    // A request from the page's own script (an autosave, a question opened in place: Remix's
    // `_data`) waits its turn however long it takes, while the page shows it is saving; so does a
    // POST whose fields a page could not carry (only a URL-encoded form is sent back). A browser's
    // own request (no JavaScript) is answered within the bound.
    const unbounded = "_data" in req.query || (req.method === "POST" && !/^application\/x-www-form-urlencoded\b/.test(req.headers["content-type"] ?? ""));
    const gone = new AbortController();
    res.once("close", () => gone.abort());
    const admitted = await queue.enter(ticket, { maxWaitMs: unbounded ? Number.POSITIVE_INFINITY : queue.maxWaitMs, signal: gone.signal });
    if (gone.signal.aborted) {
      if (admitted) queue.leave();
      return;
    }
    if (!admitted) return sendBack(req, res, ticket, queue.retryAfterSeconds(), languageOf(req, languageCookieName));
    const since = performance.now();
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      queue.leave(performance.now() - since);
    };
    res.once("finish", leave);
    res.once("close", leave);
    next();
  };
}

function languageOf(req: ExpressRequest, cookieName: string): "mn" | "en" {
  for (const c of (req.headers.cookie ?? "").split(";")) {
    const eq = c.indexOf("=");
    if (eq > 0 && c.slice(0, eq).trim() === cookieName) {
      // Remix's cookies hold base64 JSON
      try {
        return JSON.parse(Buffer.from(decodeURIComponent(c.slice(eq + 1).trim()), "base64").toString("utf8")) === "en" ? "en" : "mn";
      } catch {
        return "mn";
      }
    }
  }
  return "mn";
}

const TEXT = {
  mn: {
    title: "Олон суралцагч яг одоо илгээж байна",
    lead: "Таны илгээсэн зүйл хараахан хадгалагдаагүй ч энэ хуудсанд хадгалагдсан байна. Дараалал таны байрыг хадгална.",
    leadPage: "Хуудас удахгүй нээгдэнэ. Дараалал таны байрыг хадгална.",
    auto: (s: number) => `${s} секундын дараа автоматаар дахин оролдоно.`,
    button: "Дахин илгээх",
  },
  en: {
    title: "Many learners are sending at this moment",
    lead: "What you sent is not saved yet, but this page holds it. The queue keeps your place.",
    leadPage: "The page opens shortly. The queue keeps your place.",
    auto: (s: number) => `Tried again by itself in ${s} seconds.`,
    button: "Send again",
  },
};

/** The 503 page: what the learner sent, in a form that sends it again to the same address with their ticket; for a page, the same address again. */
function sendBack(req: ExpressRequest, res: ExpressResponse, ticket: number, seconds: number, lng: "mn" | "en") {
  const t = TEXT[lng];
  const url = new URL(req.originalUrl, "http://local");
  url.searchParams.set(TICKET_PARAM, String(ticket));
  const action = escapeHtml(url.pathname + url.search);
  const head = `<!DOCTYPE html><html lang="${lng}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`;
  const style = `<title>${escapeHtml(t.title)}</title><style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#0f172a;line-height:1.5}.again{display:inline-flex;align-items:center;min-height:2.75rem;padding:0 1.25rem;border:0;border-radius:.375rem;background:#015197;color:#fff;font-weight:600;font-size:1rem;text-decoration:none;cursor:pointer}</style></head>`;
  let html: string;
  if (req.method === "GET") {
    // a page to read: asked for again by the browser itself, with or without JavaScript
    html = `${head}<meta http-equiv="refresh" content="${seconds};url=${action}">${style}<body><main><h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.leadPage)}</p><p role="status">${escapeHtml(t.auto(seconds))}</p><p><a class="again" href="${action}">${escapeHtml(t.button)}</a></p></main></body></html>`;
  } else {
    const body = bufferedBody(req);
    const fields =
      body && /^application\/x-www-form-urlencoded\b/.test(req.headers["content-type"] ?? "") ? [...new URLSearchParams(body.toString("utf8"))] : [];
    const nonce = res.locals.cspNonce as string | undefined;
    const inputs = fields.map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join("");
    html = `${head}${style}<body><main><h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.lead)}</p><form method="post" action="${action}" id="again">${inputs}<p role="status" id="auto" hidden>${escapeHtml(t.auto(seconds))}</p><button class="again" type="submit">${escapeHtml(t.button)}</button></form></main>
<script${nonce ? ` nonce="${escapeHtml(nonce)}"` : ""}>document.getElementById("auto").hidden=false;setTimeout(function(){document.getElementById("again").submit()},${seconds * 1000});</script></body></html>`;
  }
  res.status(503).setHeader("Retry-After", String(seconds));
  res.setHeader("Cache-Control", "no-store");
  res.type("html").send(html);
}
