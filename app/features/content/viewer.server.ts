import type { AppLoadContext } from "@remix-run/node";
import { getUser, hasRole } from "~/features/auth/guards.server";
import { canPreviewCourse } from "./trainers.server";

/** Trainers and administrators see unpublished courses in the catalogue. */
export async function getViewer(args: { request: Request; context: AppLoadContext }) {
  const user = await getUser(args);
  return { user, canPreview: user ? hasRole(user, "trainer", "admin") : false };
}

/**
 * Who previews one course's drafts (its unpublished lessons, or the course while unpublished):
 * administrators and the course's own trainers (the one rule, trainers.server.ts), not every trainer.
 */
export async function getCourseViewer(args: { request: Request; context: AppLoadContext }, courseSlug: string) {
  const user = await getUser(args);
  return { user, canPreview: await canPreviewCourse(user, courseSlug) };
}
