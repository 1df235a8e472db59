// The development server's reload stream: a saved content file sends "reload" to the pages that
// listen; the stream exists only on a development server (404 in production).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { afterAll, describe, expect, it } from "vitest";
import { parseConfig } from "~/config.server";
import * as entry from "~/entry.server";
import { DEV_EVENTS_PATH } from "~/features/pages/dev-reload";
import { createApp } from "./app";
import { devEvents } from "./dev-events";
import { listen } from "./testing";

/** Opens the stream; `next(text)` waits until the stream's text so far matches. */
function openStream(url: string) {
  let text = "";
  let waiting: (() => void) | undefined;
  const opened = new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = http.get(url, (res) => {
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
        waiting?.();
      });
      resolve(res);
    });
    req.on("error", reject);
  });
  return {
    opened,
    next: (pattern: RegExp, ms = 5_000) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} in ${JSON.stringify(text)}`)), ms);
        waiting = () => {
          if (pattern.test(text)) {
            clearTimeout(timer);
            resolve(text);
          }
        };
        waiting();
      }),
    close: async () => (await opened).destroy(),
  };
}

describe("the reload stream", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "erdem-dev-events-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("sends reload when a content file is saved, once for an editor's burst of events", async () => {
    mkdirSync(path.join(dir, "courses", "demo", "m1"), { recursive: true });
    const reloads: string[][] = [];
    const events = devEvents({ dirs: [dir], onReload: (files) => reloads.push(files) });
    const app = express();
    app.get(DEV_EVENTS_PATH, events.handler);
    const server = await listen(app);
    const stream = openStream(`${server.base}${DEV_EVENTS_PATH}`);
    try {
      const res = await stream.opened;
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^text\/event-stream/);
      await stream.next(/retry: \d+/);
      const lesson = path.join(dir, "courses", "demo", "m1", "intro.mn.mdx");
      writeFileSync(lesson, "---\ntitle: x\n---\n");
      writeFileSync(lesson, "---\ntitle: y\n---\n");
      // an editor's swap file is not a save
      writeFileSync(path.join(dir, "courses", "demo", "m1", ".intro.mn.mdx.swp"), "");
      const text = await stream.next(/event: reload\ndata: .*\n\n/);
      expect(text).toContain(JSON.stringify(path.relative(process.cwd(), lesson)));
      expect(text).not.toContain(".swp");
      await new Promise((r) => setTimeout(r, 300));
      expect(reloads).toHaveLength(1);
    } finally {
      await stream.close();
      events.close();
      await server.close();
    }
  });

  it("does not send reload when nothing is saved", async () => {
    const events = devEvents({ dirs: [dir] });
    const app = express();
    app.get(DEV_EVENTS_PATH, events.handler);
    const server = await listen(app);
    const stream = openStream(`${server.base}${DEV_EVENTS_PATH}`);
    try {
      await stream.next(/retry: \d+/);
      await expect(stream.next(/event: reload/, 500)).rejects.toThrow(/no/);
    } finally {
      await stream.close();
      events.close();
      await server.close();
    }
  });
});

describe("the reload stream in the app", () => {
  const build = {
    mode: "production",
    entry: { module: entry },
    routes: { root: { id: "root", path: "", module: { default: () => null } } },
    assets: { entry: { imports: [], module: "" }, routes: {}, url: "", version: "test" },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true, v3_singleFetch: false },
    isSpaMode: false,
  } as unknown as ServerBuild;

  it("is not there in production", async () => {
    const config = parseConfig({ NODE_ENV: "production", PUBLIC_URL: "https://erdem.example.mn", PAGE_CACHE: "off" });
    const server = await listen(createApp(build, { config, languageCookieName: "lng" }));
    try {
      const res = await fetch(`${server.base}${DEV_EVENTS_PATH}`);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).not.toMatch(/event-stream/);
      await res.body?.cancel();
    } finally {
      await server.close();
    }
  });

  it("is served on a development server, not held back by compression", async () => {
    const config = parseConfig({ NODE_ENV: "development", PAGE_CACHE: "off" });
    const server = await listen(createApp(build, { config, languageCookieName: "lng" }));
    const stream = openStream(`${server.base}${DEV_EVENTS_PATH}`);
    try {
      const res = await stream.opened;
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-encoding"]).toBeUndefined();
      await stream.next(/retry: \d+/);
    } finally {
      await stream.close();
      await server.close();
    }
  });
});
