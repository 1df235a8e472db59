// Helpers for calling loaders and actions the way Remix does, against the real test database.
import { createRequestContext } from "~/context";
import { setSessionCookie } from "~/features/auth/cookie.server";
import { createSession, generateSessionToken } from "~/features/auth/session.server";

export const BASE = "http://localhost";

export function context(ip = "127.0.0.1") {
  return createRequestContext(ip);
}

export async function sessionCookieFor(userId: string): Promise<string> {
  const token = generateSessionToken();
  const session = await createSession(token, userId);
  return (await setSessionCookie(token, session.expiresAt)).split(";")[0];
}

export function get(pathname: string, init: { cookie?: string; headers?: Record<string, string> } = {}) {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("Cookie", init.cookie);
  return new Request(new URL(pathname, BASE), { headers });
}

export function post(pathname: string, fields: Record<string, string | string[]>, init: { cookie?: string; headers?: Record<string, string> } = {}) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded", Origin: BASE, ...init.headers });
  if (init.cookie) headers.set("Cookie", init.cookie);
  return new Request(new URL(pathname, BASE), { method: "POST", headers, body });
}

/** Runs a loader/action and returns the Response whether it was returned or thrown. */
export async function settle(fn: () => Promise<unknown>): Promise<Response> {
  try {
    const r = await fn();
    if (r instanceof Response) return r;
    throw new Error("expected a Response");
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

export function args(request: Request, params: Record<string, string> = {}, ctx = context()) {
  return { request, params, context: ctx } as any;
}
