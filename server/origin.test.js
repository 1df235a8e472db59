import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSameOriginRequest, originGuard } from "./origin.js";

describe("isSameOriginRequest", () => {
  const host = "erdem.example.mn";
  it("lets safe methods through", () => {
    expect(isSameOriginRequest({ method: "GET", origin: "https://evil.example", host })).toBe(true);
  });
  it("accepts a POST from the site itself", () => {
    expect(isSameOriginRequest({ method: "POST", origin: "https://erdem.example.mn", host, protocol: "https" })).toBe(true);
  });
  it("refuses a POST from another origin", () => {
    expect(isSameOriginRequest({ method: "POST", origin: "https://evil.example", host })).toBe(false);
    expect(isSameOriginRequest({ method: "DELETE", origin: "https://erdem.example.mn.evil.example", host })).toBe(false);
  });
  it("falls back to Referer, and refuses when both are missing", () => {
    expect(isSameOriginRequest({ method: "POST", referer: "https://erdem.example.mn/login", host })).toBe(true);
    expect(isSameOriginRequest({ method: "POST", referer: "https://evil.example/x", host })).toBe(false);
    expect(isSameOriginRequest({ method: "POST", host })).toBe(false);
    expect(isSameOriginRequest({ method: "POST", origin: "null", host })).toBe(false);
  });
  it("accepts configured extra origins", () => {
    expect(isSameOriginRequest({ method: "POST", origin: "https://lms.gov.mn", host, allowedOrigins: ["https://lms.gov.mn/"] })).toBe(true);
  });
});

describe("originGuard on a real HTTP server", () => {
  let server;
  let base;
  beforeAll(async () => {
    const app = express();
    app.use(originGuard());
    app.all("*", (_req, res) => res.send("reached"));
    await new Promise((resolve) => {
      server = app.listen(0, "127.0.0.1", resolve);
    });
    base = `http://127.0.0.1:${server.address().port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("answers 403 to a non-GET with a foreign Origin and never reaches the app", async () => {
    const res = await fetch(`${base}/logout`, { method: "POST", headers: { Origin: "https://evil.example" } });
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain("reached");
  });
  it("passes a same-origin POST", async () => {
    const res = await fetch(`${base}/logout`, { method: "POST", headers: { Origin: base } });
    expect(res.status).toBe(200);
  });
});
