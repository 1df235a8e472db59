// Erdem's HTTP app: static files, security headers, the CSRF origin check, the form-body guard, a
// page cache for anonymous lesson readers, then Remix. Built from the app build and its validated
// config; server/main.ts runs it (and its worker processes).
import crypto from "node:crypto";
import { createRequestHandler as createFetchHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type Express, type Request, type Response } from "express";
import helmet from "helmet";
import type { Config } from "../app/config.server";
import { DEV_EVENTS_PATH } from "../app/features/pages/dev-reload";
import { devEvents } from "./dev-events";
import { FairQueue, fairQueueMiddleware } from "./fair-queue";
import { formBodyGuard } from "./form-body";
import { configuredOrigins, originGuard } from "./origin";
import { PageCache, pageCacheMiddleware } from "./page-cache";
import { remixHandler, toFetchRequest } from "./remix";
import { ShapedPages, type ShapedPageSource, shapedPagesMiddleware } from "./shaped-pages";

export interface AppSettings {
  config: Config;
  /** The cookie that holds the reader's language choice: the only cookie an anonymous page may vary by. */
  languageCookieName: string;
  /** Personal pages built from shared documents (server/shaped-pages.ts), when the app provides them. */
  shapedPages?: ShapedPageSource<AppLoadContext>;
  /** The content version served (decision 038): cached pages of an older one are not served. */
  contentVersion?: () => string;
}

/** 16 random bytes per request, read from the CSPRNG 256 requests at a time (one read per request was 3.5 % of a kept lesson page's CPU). */
let noncePool = Buffer.alloc(0);
let nonceOffset = 0;
function nextNonce(): string {
  if (nonceOffset + 16 > noncePool.length) {
    noncePool = crypto.randomBytes(16 * 256);
    nonceOffset = 0;
  }
  nonceOffset += 16;
  return noncePool.toString("base64", nonceOffset - 16, nonceOffset);
}

export function createApp(build: ServerBuild, { config, languageCookieName, shapedPages, contentVersion }: AppSettings): Express {
  const app = express();
  app.disable("x-powered-by");
  // A hop count or the proxies' addresses (see TRUST_PROXY in config.server.ts): req.ip is then the
  // address the nearest untrusted hop reported, not whatever the client wrote into X-Forwarded-For.
  app.set("trust proxy", config.TRUST_PROXY);
  app.use(compression());

  app.use((_req, res, next) => {
    res.locals.cspNonce = nextNonce();
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          "script-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          "img-src": ["'self'", "data:"],
          "media-src": ["'self'"],
          "upgrade-insecure-requests": null,
        },
      },
      crossOriginEmbedderPolicy: false,
      // helmet's default "no-referrer" makes browsers send "Origin: null" on form posts, which the
      // CSRF check (rightly) refuses; the browsers' own default keeps the origin on same-site requests.
      referrerPolicy: { policy: "strict-origin-when-cross-origin" },
      hsts: config.NODE_ENV === "production" && config.SESSION_COOKIE_SECURE,
    }),
  );

  // A development server tells its pages to reload when a content file is saved (decision 037);
  // anywhere else the path is not there (Remix answers 404).
  if (config.NODE_ENV === "development") {
    const events = devEvents({
      dirs: [config.CONTENT_DIR],
      onReload: (files) => console.log(`dev: ${files.join(", ")} changed: the open pages reload`),
    });
    app.get(DEV_EVENTS_PATH, events.handler);
  }

  // One context per request: a session already validated in front of Remix is not validated again.
  const getLoadContext = (req: Request, res: Response): AppLoadContext =>
    (res.locals.loadContext ??= {
      clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
      cspNonce: res.locals.cspNonce,
      responseCookies: [],
    });
  const fetchHandler = createFetchHandler(build, config.NODE_ENV);

  // Anonymous lesson pages first: a hit needs no file-system lookup (nor a session lookup).
  if (config.PAGE_CACHE) {
    const cache = new PageCache({ languageCookie: languageCookieName, generation: contentVersion });
    app.use(pageCacheMiddleware(cache, fetchHandler, toFetchRequest, getLoadContext));
  }
  // Signed-in lesson pages: from the template of their shape.
  if (config.PAGE_CACHE && shapedPages) {
    app.use(shapedPagesMiddleware(new ShapedPages(), shapedPages, fetchHandler, toFetchRequest, getLoadContext));
  }

  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // Other public files all have an extension (favicon.svg, robots.txt): only such paths are looked
  // up on disk, so a page request costs no file-system call.
  // The roll call's service worker (decision 018) controls /events/ from a script at the root: the
  // browser allows the wider scope only with this header, and always checks for a newer script.
  app.get("/roll-call-sw.js", (_req, res, next) => {
    res.setHeader("Service-Worker-Allowed", "/events/");
    res.setHeader("Cache-Control", "no-cache");
    next();
  });
  const publicFiles = express.static("public", { maxAge: "1h", index: false });
  app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()));

  // Content negotiation for verification: the same URL answers JSON to clients that prefer it.
  app.get("/verify/:code", (req, _res, next) => {
    // any code, an unknown one too: a JSON client gets a JSON "not found", never an HTML page
    if (/^[A-Za-z0-9_-]{1,100}$/.test(req.params.code) && req.accepts(["html", "json"]) === "json")
      req.url = req.originalUrl = `/verify/${req.params.code}/json`;
    next();
  });

  app.use(originGuard(configuredOrigins(config)));
  app.use(formBodyGuard({ maxBytes: config.BODY_MAX_BYTES }));
  // An exam's pages, starting, saving and submitting: in order of arrival, with a bounded wait (decision 030).
  app.use(
    fairQueueMiddleware(new FairQueue(config.EXAM_QUEUE_CONCURRENCY, config.EXAM_QUEUE_MAX_WAIT_MS), {
      paths: /^\/courses\/[^/]+\/quizzes\/[^/]+(?:\/attempts\/[^/]+)?$/,
      languageCookieName,
    }),
  );

  app.all("*", remixHandler(build, config.NODE_ENV, getLoadContext));
  return app;
}
