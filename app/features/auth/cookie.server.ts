// The cookie that carries the session token: HttpOnly, SameSite=Lax, Secure unless configured off.
import { createCookie } from "@remix-run/node";
import { config } from "~/config.server";

export const sessionCookie = createCookie(config.SESSION_COOKIE_NAME, {
  httpOnly: true,
  secure: config.SESSION_COOKIE_SECURE,
  sameSite: "lax",
  path: "/",
});

export async function readSessionToken(request: Request): Promise<string | null> {
  const value = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && /^[a-z2-7]{32}$/.test(value) ? value : null;
}

export function setSessionCookie(token: string, expiresAt: Date): Promise<string> {
  return sessionCookie.serialize(token, { expires: expiresAt });
}

export function clearSessionCookie(): Promise<string> {
  return sessionCookie.serialize("", { maxAge: 0 });
}

/**
 * Marks a browser that has signed in before (a random token; its SHA-256 is stored with the
 * account). Its log-in attempts spend their own budget, not the account's (decision 010).
 */
export const deviceCookie = createCookie(`${config.SESSION_COOKIE_NAME}_device`, {
  httpOnly: true,
  secure: config.SESSION_COOKIE_SECURE,
  sameSite: "lax",
  path: "/",
  maxAge: 400 * 24 * 60 * 60, // the longest browsers keep a cookie
});

export async function readDeviceToken(request: Request): Promise<string | null> {
  const value = await deviceCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && /^[a-z2-7]{32}$/.test(value) ? value : null;
}

export function setDeviceCookie(token: string): Promise<string> {
  return deviceCookie.serialize(token);
}
