// Erdem's HTTP server: static files, security headers, the CSRF origin check, a page cache for
// anonymous lesson readers, then Remix. WEB_CONCURRENCY > 1 runs that many worker processes.
import cluster from "node:cluster";
import crypto from "node:crypto";
import { createRequestHandler } from "@remix-run/express";
import { createRequestHandler as createFetchHandler } from "@remix-run/node";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import { originGuard } from "./server/origin.js";
import { PageCache, pageCacheMiddleware } from "./server/page-cache.js";

process.env.NODE_ENV ??= "production";
const workers = Number(process.env.WEB_CONCURRENCY ?? 1);
const build = await import("./build/index.js");

if (cluster.isPrimary) {
  // Migrations and lesson compilation run once, before any request is served.
  await build.entry.module.startup();
} else {
  await build.entry.module.startup({ migrate: false });
}

let stopping = false;
if (cluster.isPrimary && workers > 1) {
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on("exit", (worker, code) => {
    if (stopping) return;
    console.error(`Worker ${worker.process.pid} exited (${code}); starting another.`);
    cluster.fork();
  });
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
      cluster.on("exit", () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0));
    });
  }
} else {
  serve();
}

function serve() {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", process.env.TRUST_PROXY === "true" || process.env.TRUST_PROXY === "1");
  app.use(compression());

  app.use((req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          "script-src": ["'self'", (_req, res) => `'nonce-${res.locals.cspNonce}'`],
          "img-src": ["'self'", "data:"],
          "media-src": ["'self'"],
          "upgrade-insecure-requests": null,
        },
      },
      crossOriginEmbedderPolicy: false,
      // helmet's default "no-referrer" makes browsers send "Origin: null" on form posts, which the
      // CSRF check (rightly) refuses; the browsers' own default keeps the origin on same-site requests.
      referrerPolicy: { policy: "strict-origin-when-cross-origin" },
      hsts: process.env.NODE_ENV === "production" && process.env.SESSION_COOKIE_SECURE !== "false",
    }),
  );


  const getLoadContext = (req, res) => ({
    clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
    cspNonce: res.locals.cspNonce,
    responseCookies: [],
  });

  // Anonymous lesson pages first: a hit needs no file-system lookup.
  if (process.env.PAGE_CACHE !== "off") {
    app.use(pageCacheMiddleware(new PageCache(), createFetchHandler(build, process.env.NODE_ENV), getLoadContext));
  }
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // Other public files all have an extension (favicon.svg, robots.txt): only such paths are looked
  // up on disk, so a page request costs no file-system call.
  const publicFiles = express.static("public", { maxAge: "1h", index: false });
  app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()));

  // Content negotiation for verification: the same URL answers JSON to clients that prefer it.
  app.get("/verify/:code", (req, _res, next) => {
    if (/^[a-z2-7]{32}$/i.test(req.params.code) && req.accepts(["html", "json"]) === "json") req.url = req.originalUrl = `/verify/${req.params.code}/json`;
    next();
  });

  const allowedOrigins = (process.env.ALLOWED_ORIGINS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  app.use(originGuard(allowedOrigins));

  app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV, getLoadContext }));

  const port = Number(process.env.PORT ?? 3000);
  const server = app.listen(port, () => console.log(`Erdem is listening on http://localhost:${port}${cluster.isWorker ? ` (worker ${process.pid})` : ""}`));

  // A deploy or restart stops taking connections, lets the requests under way finish (an answer
  // being saved, a submission being graded), closes the database, then exits.
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.once(signal, () => {
      server.close(async () => {
        await build.entry.module.shutdown?.();
        process.exit(0);
      });
      server.closeIdleConnections();
      setTimeout(() => process.exit(0), 10_000).unref();
    });
  }
}
