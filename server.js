// Erdem's HTTP server: static files, security headers, the CSRF origin check, then Remix.
import crypto from "node:crypto";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import { originGuard } from "./server/origin.js";

process.env.NODE_ENV ??= "production";
const build = await import("./build/index.js");
await build.entry.module.startup();

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

app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));

const allowedOrigins = (process.env.ALLOWED_ORIGINS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
app.use(originGuard(allowedOrigins));

app.all(
  "*",
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (req, res) => ({
      clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
      cspNonce: res.locals.cspNonce,
      responseCookies: [],
    }),
  }),
);

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => console.log(`Erdem is listening on http://localhost:${port}`));
