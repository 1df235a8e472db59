// Guards used by every loader and action. They throw Responses: a redirect to log in (401 for
// resource routes), 403 for a signed-in user without the role, 404 where existence must not leak.
import { json, redirect, type AppLoadContext } from "@remix-run/node";
import type { Role } from "../../../db/schema";
import { readSessionToken, setSessionCookie } from "./cookie.server";
import { validateSessionToken, type SessionUser } from "./session.server";

export type CurrentUser = SessionUser & { sessionId: string };

interface Args {
  request: Request;
  context: AppLoadContext;
}

export function getUser({ request, context }: Args): Promise<CurrentUser | null> {
  context.userPromise ??= (async () => {
    const token = await readSessionToken(request);
    if (!token) return null;
    const result = await validateSessionToken(token);
    if (!result) return null;
    if (result.renewed) context.responseCookies.push(await setSessionCookie(token, result.session.expiresAt));
    return { ...result.user, sessionId: result.session.id };
  })();
  return context.userPromise as Promise<CurrentUser | null>;
}

export async function requireUser(args: Args): Promise<CurrentUser> {
  const user = await getUser(args);
  if (!user) {
    const url = new URL(args.request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

export async function requireAnonymous(args: Args): Promise<void> {
  if (await getUser(args)) throw redirect("/");
}

export function hasRole(user: Pick<SessionUser, "roles">, ...roles: Role[]): boolean {
  return user.roles.some((r) => roles.includes(r.role));
}

export function forbidden(): Response {
  return json({ message: "forbidden" }, { status: 403 });
}

export async function requireRole(args: Args, ...roles: Role[]): Promise<CurrentUser> {
  const user = await requireUser(args);
  if (!hasRole(user, ...roles)) throw forbidden();
  return user;
}

/**
 * Which aimags a user may read people data for: every aimag for an administrator, the assigned
 * one for a coordinator, none otherwise.
 */
export function readableAimags(user: Pick<SessionUser, "roles">): "all" | string[] {
  if (hasRole(user, "admin")) return "all";
  return user.roles.filter((r) => r.role === "coordinator" && r.aimag_code).map((r) => r.aimag_code!);
}

export function canReadAimag(user: Pick<SessionUser, "roles">, aimagCode: string): boolean {
  const scope = readableAimags(user);
  return scope === "all" || scope.includes(aimagCode);
}

export function requireAimagAccess(user: Pick<SessionUser, "roles">, aimagCode: string): void {
  if (!canReadAimag(user, aimagCode)) throw forbidden();
}
