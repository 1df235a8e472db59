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
