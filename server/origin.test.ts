import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configuredOrigins, isSameOriginRequest, originGuard } from "./origin";
import { listen } from "./testing";

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
  it("falls back to Referer only without an Origin, and refuses when both are missing", () => {
    expect(isSameOriginRequest({ method: "POST", referer: "https://erdem.example.mn/login", host })).toBe(true);
    expect(isSameOriginRequest({ method: "POST", referer: "https://evil.example/x", host })).toBe(false);
    expect(isSameOriginRequest({ method: "POST", referer: "not a url", host })).toBe(false);
    expect(isSameOriginRequest({ method: "POST", host })).toBe(false);
  });
  it("refuses Origin: null even with a same-site Referer", () => {
    expect(isSameOriginRequest({ method: "POST", origin: "null", host })).toBe(false);
    expect(isSameOriginRequest({ method: "POST", origin: "null", referer: "https://erdem.example.mn/login", host })).toBe(false);
    expect(isSameOriginRequest({ method: "POST", origin: "", referer: "https://erdem.example.mn/login", host })).toBe(false);
  });
  it("accepts configured origins: ALLOWED_ORIGINS and PUBLIC_URL's", () => {
    const allowedOrigins = configuredOrigins({ ALLOWED_ORIGINS: ["https://lms.gov.mn"], PUBLIC_URL: "https://erdem.gov.mn/base/" });
    expect(allowedOrigins).toEqual(["https://lms.gov.mn", "https://erdem.gov.mn"]);
    expect(isSameOriginRequest({ method: "POST", origin: "https://lms.gov.mn", host, allowedOrigins })).toBe(true);
    expect(isSameOriginRequest({ method: "POST", origin: "https://erdem.gov.mn", host: "10.0.0.5:3000", allowedOrigins })).toBe(true);
    expect(isSameOriginRequest({ method: "POST", origin: "https://other.gov.mn", host, allowedOrigins })).toBe(false);
  });
});

describe("originGuard on a real HTTP server", () => {
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    const app = express();
    app.use(originGuard());
    app.all("*", (_req, res) => res.send("reached"));
    server = await listen(app);
  });
  afterAll(() => server.close());

  it("answers 403 to a non-GET with a foreign Origin and never reaches the app", async () => {
    const res = await fetch(`${server.base}/logout`, { method: "POST", headers: { Origin: "https://evil.example" } });
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain("reached");
  });
  it("answers 403 to Origin: null with a same-site Referer", async () => {
    const res = await fetch(`${server.base}/logout`, { method: "POST", headers: { Origin: "null", Referer: `${server.base}/profile` } });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/Хориглосон[\s\S]*Forbidden/);
  });
  it("passes a same-origin POST", async () => {
    const res = await fetch(`${server.base}/logout`, { method: "POST", headers: { Origin: server.base } });
    expect(res.status).toBe(200);
  });
});
