import type { AppLoadContext } from "@remix-run/node";
import { getUser, hasRole } from "~/features/auth/guards.server";

/** Trainers and administrators preview unpublished courses and draft lessons. */
export async function getViewer(args: { request: Request; context: AppLoadContext }) {
  const user = await getUser(args);
  return { user, canPreview: user ? hasRole(user, "trainer", "admin") : false };
}
